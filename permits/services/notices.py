"""The public notice of a granted march or event: the one thing about an application that is
ever public, and only when its type is publishable and the organiser agreed."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from permits.models import PUBLISHABLE_KINDS, Application, PublicNotice, PublishAs

NOTICE_LIMITS = {"title": 200, "place": 300}


def _when(value: object) -> datetime | None:
    parsed = parse_datetime(str(value)) if value else None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def published_answers(application: Application) -> dict[str, str]:
    """The answers the type marks for publication, by what they show (title, starts, ...).
    Text is copied as the applicant typed it; templates escape it."""
    answers = application.case.answers
    shown: dict[str, str] = {}
    for question in application.type.questions.exclude(publish_as=PublishAs.NOTHING):
        value = answers.get(question.key)
        if question.kind in PUBLISHABLE_KINDS and isinstance(value, str) and value:
            shown[question.publish_as] = value
    return shown


@transaction.atomic
def publish_granted(application: Application) -> PublicNotice | None:
    """Copy what may be shown out of a granted application onto the neighbourhood's page. None
    (nothing public) unless the type is publishable, the organiser agreed, and it has a title,
    a start and a neighbourhood. Publishing twice changes nothing."""
    case = application.case
    if not (application.type.publishable and application.publish_consent and case.neighbourhood):
        return None
    shown = published_answers(application)
    starts = _when(shown.get(PublishAs.STARTS)) or application.starts_at
    if not shown.get(PublishAs.TITLE) or starts is None:
        return None
    ends = _when(shown.get(PublishAs.ENDS)) or starts + timedelta(hours=3)
    notice, _ = PublicNotice.objects.get_or_create(
        case=case,
        defaults={
            "neighbourhood": case.neighbourhood,
            "kind_name": application.type.public_name or application.type.name,
            "title": shown[PublishAs.TITLE][: NOTICE_LIMITS["title"]],
            "starts_at": starts,
            "ends_at": max(ends, starts),
            "place": shown.get(PublishAs.PLACE, "")[: NOTICE_LIMITS["place"]],
            "route": shown.get(PublishAs.ROUTE, ""),
            "road_closures": shown.get(PublishAs.CLOSURES, ""),
        },
    )
    return notice


@transaction.atomic
def withdraw_notice(application: Application) -> None:
    """Take a published notice down (the application was withdrawn, or the organiser asked)."""
    PublicNotice.objects.filter(case=application.case, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )

"""Demo moderation work for `manage.py seed_demo`: a queue with something in every lane, a few
decisions in the log (one with a redaction), an appeal waiting for a second moderator, and a
community report. Everything goes through the real services. Idempotent: fixed submission keys,
and each step checks whether it has already happened."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from concerns import services as concern_services
from concerns.models import Category, Concern
from concerns.states import ConcernStatus as S
from engage.demo.seed import DEMO_DOMAIN
from engage.models import Neighbourhood, User
from moderation import services
from moderation.models import Action, Appeal, Decision, Flag, QueueItem
from moderation.services import Ruling, appeals, flags

POSTS = [  # (key, ward slug, category, title, body)
    (
        "urgent",
        "camden-town",
        "anti-social-behaviour",
        "Fight outside the chicken shop now",
        "There is a fight going on outside right now and one of them has a knife.",
    ),
    (
        "safeguarding",
        "highbury",
        "anti-social-behaviour",
        "Worried about the children at 12",
        "The kids next door are left alone all night and I can hear them being hit.",
    ),
    (
        "personal",
        "hackney-central",
        "drugs",
        "Dealing from the blue car every night",
        "The dealer drives a blue Golf, reg LB07 SEO, and gives out 07700 900461 to kids.",
    ),
    (
        "standard",
        "de-beauvoir",
        "road-safety",
        "Lorries using the residential streets",
        "Heavy lorries cut through the residential streets to avoid the lights, early morning.",
    ),
    (
        "redacted",
        "camden-town",
        "drugs",
        "Drug dealing by the canal steps",
        "A man called Dave Smith sells from the canal steps, his number is 07700 900123.",
    ),
    (
        "rejected",
        "highbury",
        "anti-social-behaviour",
        "Noisy neighbours",
        "My neighbours play music on Sunday afternoons and I do not like their taste.",
    ),
]


def seed_steps() -> list[tuple[str, Callable[[], object]]]:
    return [
        ("moderation queue", _seed_queue),
        ("moderation decisions", _seed_decisions),
        ("an appeal and a report", _seed_appeal_and_report),
    ]


def _resident(n: int) -> User:
    residents = list(
        User.objects.filter(email__startswith="resident")
        .exclude(email_verified_at=None)
        .order_by("email")
    )
    return residents[(n * 5 + 3) % len(residents)]


def _post(n: int) -> Concern | None:
    key, slug, category, title, body = POSTS[n]
    place = Neighbourhood.objects.filter(slug=slug).first() or Neighbourhood.objects.first()
    submission = uuid.uuid5(uuid.NAMESPACE_URL, f"engage-demo/moderation/{key}")
    existing = Concern.objects.filter(submission_key=submission).first()
    if existing:
        return existing
    return concern_services.submit_concern(
        author=_resident(n),
        title=title,
        body=body,
        neighbourhood=place,
        category=Category.objects.filter(slug=category).first() or Category.objects.first(),
        submission_key=submission,
        acknowledged_emergency=True,
    )  # the demo's urgent posts went on past the 999 page


def _seed_queue() -> None:
    for n in range(len(POSTS)):
        _post(n)


def _moderator() -> User:
    return User.objects.get(email=f"moderator@{DEMO_DOMAIN}")


def _seed_decisions() -> None:
    redacted, rejected = _post(4), _post(5)
    moderator = _moderator()
    if redacted.status == S.SUBMITTED:
        item = QueueItem.objects.pending().get(concern=redacted, kind="concern")
        body = redacted.body.replace("Dave Smith", "[removed]").replace("07700 900123", "[removed]")
        services.decide(
            item=item,
            moderator=moderator,
            ruling=Ruling(action=Action.REDACT, version=item.version, body=body),
        )
    if rejected.status == S.SUBMITTED:
        item = QueueItem.objects.pending().get(concern=rejected, kind="concern")
        services.decide(
            item=item,
            moderator=moderator,
            ruling=Ruling(action=Action.REJECT, version=item.version, reason_code="not_police"),
        )


def _seed_appeal_and_report() -> None:
    rejected = _post(5)
    decision = Decision.objects.filter(concern=rejected, action=Action.REJECT).first()
    if decision and not Appeal.objects.filter(decision=decision).exists():
        appeals.appeal(
            decision=decision,
            author=rejected.author,
            text="It goes on until 2am some nights, which is against the rules.",
        )
    target = Concern.objects.public().exclude(flags__isnull=False).order_by("id").first()
    if target and not Flag.objects.exists():
        reporter = (
            User.objects.filter(email__startswith="resident")
            .exclude(email_verified_at=None)
            .exclude(pk=target.author_id)
            .order_by("email")
            .first()
        )
        flags.flag_concern(
            concern=target,
            user=reporter,
            reason="names_person",
            text="The second paragraph names the shop owner.",
        )

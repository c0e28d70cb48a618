"""Demo permits for `manage.py seed_demo`: a licensing officer for each unit (two-factor set up
like the other demo staff; their logins are engage.demo.seed.LICENSING_LOGINS), and
applications by the demo residents in every state: a procession under review, a firearms
renewal waiting on more information, a shotgun grant with a home visit booked, a granted
procession shown on the Camden Town page, a refused firearm certificate, a withdrawn event
and a certificate expiring in 25 days (so a renewal reminder is due).

Through the casework services (open_case, transition_case, post_message) and
permits.services.notices. Idempotent: each application has a fixed submission key (open_case
returns the existing case) and its later steps run only while it is still received.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.utils import timezone

from casework import notices
from casework import services as case_services
from casework.models import Case, Counter
from casework.states import CaseStatus as S
from engage.demo.seed import DEMO_DOMAIN, LICENSING_LOGINS, _two_factor, _user
from engage.models import LicensingOfficer, LicensingUnit, Neighbourhood, User
from permits.models import Application, ApplicationType, Visit
from permits.services.notices import publish_granted

CERTIFICATE_YEARS = 5


@dataclass(frozen=True)
class DemoApplication:
    key: str
    type_slug: str
    applicant: str  # the demo resident's email, before the @
    ward: str
    summary: str
    answers: dict = field(default_factory=dict)
    then: str = ""  # "", "review", "more_info", "visit", "grant", "refuse", "withdraw"
    starts_in_days: int | None = None  # marches and events: how far ahead
    expires_in_days: int | None = None  # a granted certificate: when it runs out


def _on(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _organiser(name: str, email: str) -> dict:
    return {"name": name, "address": "", "phone": "020 7946 0123", "email": email}


def _march(title: str, days: int, consent: str) -> dict:
    return {
        "moving": "Yes, it is a march or procession that moves",
        "title": title,
        "starts": _local(_on(days, 11)),
        "ends": _local(_on(days, 14)),
        "assembly": "Camden Town Underground station, Camden High Street",
        "route": "Camden High Street, Parkway, Gloucester Gate, Outer Circle to Regent's Park",
        "numbers": "About 300",
        "closures": "Parkway closed to traffic from 10:30 to 12:30",
        "stewards": "12 stewards in yellow vests, led by the organiser on 020 7946 0123",
        "publish_consent": consent,
    }


def _firearms(certificate: str, renewal: bool) -> dict:
    answers = {
        "certificate": certificate,
        "grant_or_renewal": "Renewal" if renewal else "Grant (a first certificate)",
        "prohibited": "No",
        "date_of_birth": "1979-04-12",
        "home": "14 Example Road, London NW1 8AB",
        "reason": "Clay pigeon shooting at a club in Essex, and pest control on a friend's farm.",
        "storage": "A bolted cabinet to BS 7558 in the bedroom wardrobe.",
        "gp": _organiser("Dr A. Example", "surgery@gp.example"),
        "referee_1": _organiser("Referee One", "referee1@mail.example"),
    }
    if renewal:
        answers["certificate_number"] = "FAC/0123456"
    return answers


APPLICATIONS = [
    DemoApplication(
        "march-review",
        "procession",
        "resident",
        "camden-town",
        "A march for safer streets in Camden Town",
        _march("Camden walks for safer streets", 10, "Yes"),
        then="review",
        starts_in_days=10,
    ),
    DemoApplication(
        "march-granted",
        "procession",
        "resident",
        "camden-town",
        "Regent's Park climate walk",
        _march("Regent's Park climate walk", 14, "Yes"),
        then="grant",
        starts_in_days=14,
    ),
    DemoApplication(
        "renewal-more-info",
        "firearms",
        "resident1",
        "highbury",
        "Firearm certificate renewal",
        _firearms("Firearm certificate", renewal=True),
        then="more_info",
    ),
    DemoApplication(
        "shotgun-visit",
        "firearms",
        "resident2",
        "hackney-central",
        "Shotgun certificate grant",
        _firearms("Shotgun certificate", renewal=False),
        then="visit",
    ),
    DemoApplication(
        "firearm-refused",
        "firearms",
        "resident3",
        "camden-town",
        "Firearm certificate grant",
        _firearms("Firearm certificate", renewal=False),
        then="refuse",
    ),
    DemoApplication(
        "event-withdrawn",
        "event",
        "resident4",
        "hackney-central",
        "Mare Street summer fair",
        {
            "title": "Mare Street summer fair",
            "what": "Festival or fair",
            "attendance": "500 to 4,999",
            "starts": _local(_on(40, 12)),
            "ends": _local(_on(40, 18)),
            "place": "Mare Street, between Morning Lane and Well Street",
            "publish_consent": "Yes",
        },
        then="withdraw",
        starts_in_days=40,
    ),
    DemoApplication(
        "certificate-expiring",
        "firearms",
        "resident6",
        "highbury",
        "Shotgun certificate grant",
        _firearms("Shotgun certificate", renewal=False),
        then="grant",
        expires_in_days=25,
    ),
]

DECISIONS = {
    "refuse": "The Firearms Act 1968 (section 27) asks us to be satisfied that you have a good "
    "reason for each firearm. The land you named is not suitable for a rifle of that calibre, "
    "and you have not shown you have permission to shoot on other land.",
    "grant": "Keep the certificate with your guns' records; tell us within 7 days if you move.",
}


def seed_steps() -> list[tuple[str, Callable[[], object]]]:
    steps: list[tuple[str, Callable[[], object]]] = [("licensing officers", _seed_officers)]
    steps += [(f"permit {app.key}", functools.partial(_seed, app)) for app in APPLICATIONS]
    return steps


def _seed_officers() -> None:
    for unit_slug, role, name in LICENSING_LOGINS:
        user = _user(f"{name}@{DEMO_DOMAIN}", role.split("(")[1].rstrip(")"))
        officer, _ = LicensingOfficer.objects.get_or_create(user=user)
        officer.units.add(LicensingUnit.objects.get(slug=unit_slug))
        _two_factor(user)


def _reviewer(kind: ApplicationType) -> User:
    officer = LicensingOfficer.objects.filter(units=kind.unit).select_related("user").first()
    if officer is None:  # _seed_officers runs first: the demo is broken without it
        raise LookupError(f"No demo licensing officer for {kind.unit}.")
    return officer.user


def _seed(app: DemoApplication) -> None:
    kind = ApplicationType.objects.get(slug=app.type_slug)
    applicant = User.objects.get(email=f"{app.applicant}@{DEMO_DOMAIN}")
    starts = _on(app.starts_in_days, 11) if app.starts_in_days is not None else None
    case = case_services.open_case(
        counter=Counter.PERMIT,
        kind=kind.kind,
        reporter=applicant,
        summary=app.summary,
        answers=app.answers,
        neighbourhood=Neighbourhood.objects.filter(slug=app.ward).first(),
        unit=kind.unit,
        due_at=starts or timezone.now() + timedelta(days=kind.review_days),
        keep_days=kind.retention_days,
        submission_key=f"demo-permit-{app.key}",
    )
    application, made = Application.objects.get_or_create(
        case=case,
        defaults={
            "type": kind,
            "starts_at": starts,
            "publish_consent": app.answers.get("publish_consent") == "Yes",
        },
    )
    if made:
        notices.tell_reporter(case, "receipt", key=f"case-receipt-{case.pk}")
    if app.then and case.status == S.RECEIVED:
        _review(app, application, _reviewer(kind))


def _move(case: Case, to: str, *, actor: User, explanation: str = "") -> Case:
    detail = {"explanation": explanation} if explanation else None
    case = case_services.transition_case(case, to, actor=actor, detail=detail)
    notices.tell_reporter(case, "status", key=f"case-status-{case.pk}-{case.version}")
    return case


def _review(app: DemoApplication, application: Application, officer: User) -> None:
    case = application.case
    if app.then == "withdraw":
        _move(case, S.WITHDRAWN, actor=application.case.reporter)  # type: ignore[arg-type]
        return
    case = _move(case, S.UNDER_REVIEW, actor=officer)
    if app.then == "more_info":
        case = _move(case, S.MORE_INFO, actor=officer)
        case_services.post_message(
            case,
            author=officer,
            body="Thank you for applying to renew. We have not received your GP's medical "
            "proforma: please upload it here, and we will carry on with your renewal.",
            signature=officer.display_name,
        )
    elif app.then == "visit":
        Visit.objects.create(
            case=case, at=_on(3, 10), booked_by=officer, note="Check the cabinet's fixings."
        )
        _move(case, S.VISIT_BOOKED, actor=officer)
    elif app.then in {"grant", "refuse"}:
        _decide(app, application, officer)


def _decide(app: DemoApplication, application: Application, officer: User) -> None:
    granted = app.then == "grant"
    reason = "" if granted else DECISIONS["refuse"]
    _move(application.case, S.GRANTED if granted else S.REFUSED, actor=officer, explanation=reason)
    fields: dict[str, object] = {"decided_by": officer, "decided_at": timezone.now()}
    if granted and application.type.valid_years:
        today = timezone.localdate()
        years = application.type.valid_years
        expires = today + timedelta(days=app.expires_in_days or years * 365)
        fields["expires_on"] = expires
        fields["conditions"] = DECISIONS["grant"]
        # Granted years ago, so it is near its end now.
        fields["decided_at"] = timezone.now() - (timedelta(days=years * 365) - (expires - today))
    else:
        fields["reason"] = reason
    Application.objects.filter(pk=application.pk).update(**fields)
    if granted:
        application.refresh_from_db()
        publish_granted(application)

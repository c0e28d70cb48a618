"""Demo reports for `manage.py seed_demo`: the contact centre with something in every lane, and
reports in every state (received, being assessed, crime recorded with a crime reference number,
passed to the neighbourhood team, closed with an explanation, a duplicate), with messages.

Everything goes through the real services. Idempotent: each report has a fixed submission key
(open_case returns the existing case) and each later step runs only from the state before it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from casework import services as case_services
from casework.models import Case
from casework.states import CaseStatus, Grade
from engage.demo.seed import DEMO_DOMAIN
from engage.models import CallHandler, Neighbourhood, User
from reports.services import triage


@dataclass(frozen=True)
class DemoReport:
    key: str
    ward: str
    grade: str
    kind: str
    what: str
    then: str = ""  # "", "claim", "record", "refer", "close", "duplicate"
    extra: dict = field(default_factory=dict)


REPORTS = [
    DemoReport(
        "hate",
        "camden-town",
        Grade.HIGH,
        "crime.hate",
        "Two men shouted racist abuse at my mother at the bus stop on Camden Road and followed "
        "her to the shop. She is frightened to go out.",
    ),
    DemoReport(
        "burglary",
        "highbury",
        Grade.MEDIUM,
        "crime.burglary",
        "Someone forced the back door of my flat while I was at work and took a laptop and "
        "my grandmother's ring.",
    ),
    DemoReport(
        "bike",
        "camden-town",
        Grade.STANDARD,
        "crime.theft",
        "My bike was stolen from the racks outside Camden Town station between 9am and 6pm. "
        "The lock was cut.",
        extra={"items": [{"description": "Blue Brompton folding bike", "value": "850"}]},
    ),
    DemoReport(
        "lost",
        "hackney-central",
        Grade.LOW,
        "lost_found.lost",
        "I lost a black wallet with my driving licence, probably on the 38 bus.",
    ),
    DemoReport(
        "damage",
        "hackney-central",
        Grade.STANDARD,
        "crime.criminal_damage",
        "Someone scratched the whole side of my car parked on Mare Street overnight.",
        then="claim",
    ),
    DemoReport(
        "phone",
        "camden-town",
        Grade.STANDARD,
        "crime.theft",
        "My phone was snatched from my hand by a man on a moped on Parkway.",
        then="record",
    ),
    DemoReport(
        "asb",
        "camden-town",
        Grade.STANDARD,
        "asb",
        "A group has been drinking and shouting in the stairwell of our block every night "
        "this week until 3am.",
        then="refer",
    ),
    DemoReport(
        "found",
        "highbury",
        Grade.LOW,
        "lost_found.found",
        "I found a set of house keys on a red lanyard in Highbury Fields.",
        then="close",
    ),
    DemoReport(
        "bike-again",
        "camden-town",
        Grade.STANDARD,
        "crime.theft",
        "Reporting the stolen bike at Camden Town station again: blue Brompton.",
        then="duplicate",
    ),
]


def seed_steps() -> list[tuple[str, Callable[[], object]]]:
    return [(f"report {report.key}", functools.partial(_seed, report)) for report in REPORTS]


def _handler() -> User:
    return (
        CallHandler.objects.select_related("user")
        .get(user__email=f"call.handler@{DEMO_DOMAIN}")
        .user
    )


def _seed(report: DemoReport) -> None:
    reporter = User.objects.get(email=f"resident@{DEMO_DOMAIN}")
    neighbourhood = Neighbourhood.objects.filter(slug=report.ward).first()
    case = case_services.open_case(
        counter="report",
        kind=report.kind,
        reporter=reporter,
        summary=report.what,
        answers={"what": {"text": report.what}, **report.extra},
        neighbourhood=neighbourhood,
        grade=report.grade,
        submission_key=f"demo-report-{report.key}",
    )
    if report.then and case.status == CaseStatus.RECEIVED:
        _triage(case, report.then, _handler())


def _triage(case: Case, then: str, handler: User) -> None:
    case = case_services.claim_case(case, handler=handler)
    if then == "record":
        case = triage.record_crime(
            case, crime_reference="CRN 3011234/26", version=case.version, handler=handler
        )
        triage.message_reporter(
            case,
            author=handler,
            body="Thank you for reporting this. An investigator will look at CCTV from Parkway; "
            "do you know your phone's IMEI number?",
        )
    elif then == "refer":
        triage.refer_to_team(
            case,
            team=case.neighbourhood.team if case.neighbourhood else None,
            explanation="Your Safer Neighbourhood Team will patrol the block and contact the "
            "housing association.",
            version=case.version,
            handler=handler,
        )
    elif then == "close":
        triage.close_no_further_action(
            case,
            explanation="Thank you for handing the keys in. We have recorded them as found "
            "property; they will be returned if their owner reports them lost.",
            version=case.version,
            handler=handler,
        )
    elif then == "duplicate":
        first = Case.objects.get(submission_key="demo-report-bike")
        triage.mark_duplicate(
            case, of_reference=first.reference, version=case.version, handler=handler
        )

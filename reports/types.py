"""The kinds of report the counter takes, and which questions (steps) each asks, in order.

Data, not code paths: the forms (reports.forms), the check-your-answers page, grading
(reports.grading) and the hand-over read this table. The Met's online form offered these types
(reference/police-services.md); fraud is not taken here but routed to the national service.
"""

from __future__ import annotations

from dataclasses import dataclass

# Every step a report can have, in the order they are asked. "check" is always last.
STEPS = (
    "when",
    "where",
    "what",
    "hate",
    "items",
    "vehicles",
    "people",
    "witnesses",
    "evidence",
    "contact",
)


@dataclass(frozen=True)
class ReportType:
    kind: str
    title: str
    hint: str
    steps: tuple[str, ...]
    group: str = ""
    anonymous_allowed: bool = False
    routed_elsewhere: bool = False  # fraud: explained and sent to the national service

    @property
    def is_crime(self) -> bool:
        return self.kind.startswith("crime.")


CRIME_STEPS = ("when", "where", "what", "items", "people", "witnesses", "evidence", "contact")
TYPES: tuple[ReportType, ...] = (
    ReportType(
        "crime.theft",
        "Theft",
        "Something was stolen from you, such as a bike, a phone or a bag.",
        CRIME_STEPS,
        group="crime",
    ),
    ReportType(
        "crime.burglary",
        "Burglary",
        "Someone got into your home, shed, garage or business and took or tried to take things.",
        CRIME_STEPS,
        group="crime",
    ),
    ReportType(
        "crime.criminal_damage",
        "Criminal damage",
        "Someone damaged your property on purpose, for example graffiti or a broken window.",
        CRIME_STEPS,
        group="crime",
    ),
    ReportType(
        "crime.assault",
        "Assault without injury",
        "Someone pushed, spat at, hit or threatened you but you were not injured.",
        ("when", "where", "what", "people", "witnesses", "evidence", "contact"),
        group="crime",
    ),
    ReportType(
        "crime.vehicle",
        "Vehicle crime",
        "A vehicle was stolen or broken into, or something was taken from it.",
        ("when", "where", "what", "vehicles", "items", "witnesses", "evidence", "contact"),
        group="crime",
    ),
    ReportType(
        "crime.hate",
        "Hate crime",
        "You or someone else was targeted because of race, religion, disability, sexual "
        "orientation or transgender identity.",
        ("when", "where", "what", "hate", "people", "witnesses", "evidence", "contact"),
        group="crime",
    ),
    ReportType(
        "asb",
        "Antisocial behaviour",
        "Behaviour that causes harassment, alarm or distress, such as noise, intimidation or "
        "street drinking.",
        ("when", "where", "what", "people", "evidence", "contact"),
    ),
    ReportType(
        "road_traffic",
        "Road traffic incident",
        "A collision where nobody was hurt, or dangerous driving you saw.",
        ("when", "where", "what", "vehicles", "people", "witnesses", "evidence", "contact"),
    ),
    ReportType(
        "fraud",
        "Fraud or cybercrime",
        "Someone tricked you out of money or information, online, by phone or in person.",
        (),
        routed_elsewhere=True,
    ),
    ReportType(
        "lost_found.lost",
        "Lost property",
        "You lost something and want to tell us, for example for insurance.",
        ("when", "where", "items", "contact"),
        group="lost_found",
    ),
    ReportType(
        "lost_found.found",
        "Found property",
        "You found something that belongs to someone else.",
        ("when", "where", "items", "contact"),
        group="lost_found",
    ),
    ReportType(
        "tell_us",
        "Tell us about something",
        "Information that could help us, for example about drug dealing or someone wanted. "
        "You can stay anonymous.",
        ("where", "what", "contact"),
        anonymous_allowed=True,
    ),
)
BY_KIND = {t.kind: t for t in TYPES}


def report_type(kind: str) -> ReportType | None:
    return BY_KIND.get(kind)


def steps_of(kind: str) -> tuple[str, ...]:
    found = BY_KIND.get(kind)
    return (*found.steps, "check") if found and not found.routed_elsewhere else ()

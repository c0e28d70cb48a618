"""Crime-report language: a crime that has already happened, which 101 or the online report
should take. It does not hold the post; it makes the submit page offer to divert the resident
to reporting (and an emergency's 999 advice replaces it)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.detectors import STANDARD, WORD_START, Context, Finding, phrase_findings

_CRIME_REPORT = re.compile(rf"""{WORD_START}(?:
    (?P<report>
      (?:was|were|got|been|has[ ]+been|have[ ]+been|had[ ]+been)[ ]+
        (?:stolen|nicked|taken|burgled|broken[ ]+into|vandalised|vandalized|keyed|robbed|mugged
        |assaulted|attacked|scammed|defrauded|pickpocketed|smashed)\b
     |(?:broke|broken)[ ]+into\b|break[ \-]?ins?\b|burgl(?:ed|ary|aries|ars?)\b
     |(?:i|we)[ ]+(?:was|were|have[ ]+been|['’]ve[ ]+been|got|had[ ]+been)[ ]+
        (?:assaulted|attacked|mugged|robbed|punched|threatened|harassed|scammed|conned)\b
     |my[ ]+(?:car|van|bike|moped|motorbike|scooter|phone|bag|wallet|purse|house|flat|shed|
        garage|catalytic[ ]+converter)[ ]+(?:was|got|has[ ]+been|had[ ]+been)
        (?:[ ]+(?:stolen|nicked|taken|broken[ ]+into|vandalised|keyed|smashed|damaged|robbed))?\b
     |(?:i|we)[ ]+(?:want|wanted|would[ ]+like|['’]d[ ]+like|need)[ ]+to[ ]+report\b
     |report(?:ing)?[ ]+(?:a|the|this)[ ]+(?:crime|theft|burglary|assault|robbery)\b
     |crime[ ]+reference(?:[ ]+number)?\b
     |(?:stole|nicked|smashed|keyed|robbed)[ ]+my\b)
)""", re.X)
_REASONS = {"report": "Sounds like a crime to report: 101 or the online form gets a reference"}


def crime_report(text: str, context: Context) -> Iterator[Finding]:
    yield from phrase_findings(_CRIME_REPORT, text, context, detector="crime_report",
                               lane=STANDARD, reasons=_REASONS)

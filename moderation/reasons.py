"""The templated reasons a moderator picks from, in words the author understands. The moderator
may add free text; the author is told both, and how to ask for a review."""

from __future__ import annotations

RETURN_REASONS = {
    "personal_data": "It includes personal information, such as a name, address, phone number "
    "or number plate. Please describe what happens without identifying anyone.",
    "names_person": "It names or accuses a particular person. We can't publish accusations "
    "against people: describe what you see instead.",
    "unclear": "We could not tell what the concern is about or where it happens. Please add the "
    "street or landmark and what you have seen.",
    "tone": "Some of the wording is abusive. Please rephrase it so we can publish it.",
}
REJECT_REASONS = {
    "not_police": "This is not something the police can help with. Your council may be able to: "
    "see the advice on your neighbourhood page.",
    "duplicate": "Someone has already raised this concern. Follow theirs and say it affects you "
    "too, so the team sees how many people it matters to.",
    "abusive": "It is abusive or hateful, so we will not publish it.",
    "spam": "It looks like advertising or spam.",
    "crime_report": "It describes a crime, which needs to be reported so it can be "
    "investigated: report it online or call 101.",
}
FLAG_REASONS = {  # when a moderator agrees with community flags and hides a concern
    "personal_data": "It contained personal information.",
    "names_person": "It named or identified a person.",
    "abusive": "It was abusive.",
    "spam": "It was spam.",
}
APPEAL_HINT = (
    "If you think this decision is wrong, you can ask for it to be reviewed from "
    "your concern's page."
)


def reason_text(table: dict[str, str], code: str, extra: str = "") -> str:
    """The sentence the author reads: the templated reason, then the moderator's own words."""
    parts = [table.get(code, ""), extra.strip()]
    return " ".join(part for part in parts if part)

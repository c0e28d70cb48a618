"""Screening at submit (moderation.screening): the situations, abuse and spam, and the Screening
result (lanes, advice, reasons, spans). The personal-data detectors are in
test_screening_personal_data_contact.py and test_screening_personal_data_identity.py, the
corpus and robustness in test_screening_corpus.py.

Pure functions: nothing here touches the database. The situations (emergency, safeguarding, a
crime to report) come from the triage model, measured on the frozen corpus in test_triage.py;
here they are only checked on a few plain posts.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from moderation.screening import DETECTORS, Finding, Screening, screen
from tests.moderation.screening import ALL_DETECTORS, clean, finds, found, table

# --- situations (the triage model) and plain statements -----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "There's a man with a knife outside my door right now and he's trying to get in. Please "
        "send someone.",
        "My neighbour has collapsed in the street and he isn't breathing. Someone is doing CPR, "
        "is the ambulance coming?",
        "Smoke is pouring out of the top flat on Mare Street and I can see kids at the window.",
        "I'm going to kill myself tonight, I've got the pills here.",
    ],
)
def test_a_plain_emergency_goes_to_the_urgent_lane_with_the_999_page(text):
    screening = screen(text)
    assert screening.lane == "urgent" and screening.is_emergency and screening.held
    assert not screening.spans()  # a situation is about the post, nothing to redact


@pytest.mark.parametrize(
    "text",
    [
        "My partner takes my wages, checks my phone every night and won't let me see my friends.",
        "The kids next door are left on their own all weekend and they come round asking for food.",
        "I want to kill myself.",
    ],
)
def test_a_plain_safeguarding_concern_goes_to_a_private_lane(text):
    screening = screen(text)
    assert screening.lane in ("safeguarding", "urgent") and screening.held


@pytest.mark.parametrize(
    "text",
    [
        "My bike was stolen from outside the library yesterday, they cut through the lock.",
        "We got back from holiday last night and the back door had been forced, the telly's gone.",
    ],
)
def test_a_crime_that_has_happened_gets_report_advice_and_is_not_held(text):
    screening = screen(text)
    assert screening.needs_crime_report_advice and not screening.held
    assert screening.lane == "standard"


@pytest.mark.parametrize(
    "text",
    clean(
        "Knife crime awareness session at the library on Tuesday.",
        "The builders' nail gun starts at 7am every Saturday.",
        "The 999 response was quick last time, thank you.",
        "Kill the engine when you park outside the school, the fumes are awful.",
        "I nearly killed myself laughing at the PCSO's dance at the youth club.",
        "Cars speed down Camden Road every night, someone will get hurt one day.",
    ),
)
def test_everyday_mentions_are_not_emergencies_or_safeguarding(text):
    assert screen(text).lane == "standard"


def test_wanting_to_die_is_safeguarding_and_with_a_means_or_a_time_an_emergency():
    said = screen("I don't want to be alive any more.")
    assert said.lane == "safeguarding" and not said.is_emergency
    assert any("Samaritans: 116 123" in reason for reason in said.reasons)
    assert screen("I'm going to end my life tonight.").is_emergency


# --- abuse and spam -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    table(
        ("These fucking scooters.", "fucking"),
        ("These f*cking scooters.", "f*cking"),
        ("Absolute c**ts at the council.", "c**ts"),
        ("What a load of sh1t.", "sh1t"),
        ("Total $hite service.", "$hite"),
        ("The fuuuucking noise.", "fuuuucking"),
        ("What a f u c k i n g state.", "f u c k i n g"),
        ("You lot are w.a.n.k.e.r.s", "w.a.n.k.e.r.s"),
        ("Go back to your own country.", "Go back to your own country"),
        ("FUCKING RIDICULOUS", "FUCKING"),
    ),
)
def test_abuse_is_found_through_common_disguises(text, expected):
    assert finds("abuse", text, expected)
    assert screen(text).held


@pytest.mark.parametrize(
    "text",
    clean(
        "My cousin from Scunthorpe visited, then went on to Penistone and Cockfosters.",
        "The cocktail bar in Sussex, not Essex.",
        "It's bloody annoying and a bit crap, I'm pissed off.",
        "The therapist said the class was great.",
        "A raccoon, a mongoose and some fire retardant.",
        "Spice is being sold near the station.",
        "Fag ends everywhere outside the pub.",
        "Dickens Estate residents meeting on Tuesday.",
    ),
)
def test_place_names_and_mild_words_are_not_abuse(text):
    assert found("abuse", text) == []


@pytest.mark.parametrize(
    ("text", "recent"),
    [
        pytest.param(
            "Deals at www.a.xyz, http://bit.ly/x and https://b.shop/y", (), id="three-links"
        ),
        pytest.param("Earn £500 a day from home, click here: https://x.biz", (), id="sales-link"),
        pytest.param("Cars race down Camden Road.", ("CARS RACE DOWN CAMDEN ROAD!!",), id="repeat"),
        pytest.param(
            "THE COUNCIL NEVER DOES ANYTHING ABOUT THE BINS ON CAMDEN ROAD", (), id="shouting"
        ),
        pytest.param("Hellooooooooooooo anyone there", (), id="stretched"),
        pytest.param("Help!!!!!!!!!!!!!!", (), id="flood"),
    ],
)
def test_spam_is_held(text, recent):
    assert found("spam", text, recent_texts=recent)
    assert screen(text, recent_texts=recent).held


@pytest.mark.parametrize(
    ("text", "recent"),
    [
        pytest.param(
            "More at https://www.met.police.uk/ and https://camden.gov.uk", (), id="two-links"
        ),
        pytest.param(
            "Cars race down Camden Road.", ("Cars race down Holloway Road.",), id="similar-not-same"
        ),
        pytest.param("PLEASE slow down on Camden Road, kids cross there.", (), id="some-capitals"),
        pytest.param("Why is nothing done?! Sooo annoying...", (), id="short-runs"),
        pytest.param("The account number was 00000000.", (), id="digits"),
    ],
)
def test_ordinary_emphasis_and_a_link_or_two_are_not_spam(text, recent):
    assert found("spam", text, recent_texts=recent) == []


# --- the Screening result -----------------------------------------------------------------------


def test_every_detector_is_registered_once():
    assert len(DETECTORS) == len(ALL_DETECTORS)
    assert {detector.__name__ for detector in DETECTORS} == ALL_DETECTORS


def test_a_clean_post_is_standard_and_not_held():
    screening = screen("Cars speed down Camden Road at 10:30, the 24 bus nearly hit a cyclist.")
    assert screening == Screening(())
    assert (screening.lane, screening.held, screening.is_emergency) == ("standard", False, False)
    assert screening.spans() == []


def lanes_of(*findings: tuple[str, str]) -> Screening:
    return Screening(
        tuple(Finding(detector, lane, 0, 0, f"{detector} reason") for detector, lane in findings)
    )


def test_the_most_serious_lane_wins():
    assert screen("Ring 07700 900123 about the bins.").lane == "personal_data"
    assert (
        lanes_of(("phone", "personal_data"), ("safeguarding", "safeguarding")).lane
        == "safeguarding"
    )
    assert (
        lanes_of(
            ("phone", "personal_data"), ("safeguarding", "safeguarding"), ("emergency", "urgent")
        ).lane
        == "urgent"
    )


def test_an_emergency_gets_999_advice_instead_of_crime_report_advice():
    screening = lanes_of(("crime_report", "standard"), ("emergency", "urgent"))
    assert screening.is_emergency and not screening.needs_crime_report_advice
    assert lanes_of(("crime_report", "standard")).needs_crime_report_advice


def test_personal_data_abuse_and_spam_hold_but_crime_report_alone_does_not():
    assert screen("Email jo@example.com").held
    assert screen("What a shite service").held
    assert screen("Same post", recent_texts=("same post",)).held
    assert not screen("My bike was stolen.").held


def test_title_findings_are_reported_against_the_title():
    screening = screen("Nothing personal here.", title="Dealer at 12 Acacia Avenue")
    (finding,) = screening.findings
    assert (finding.detector, finding.field) == ("address", "title")
    assert "Dealer at 12 Acacia Avenue"[finding.start : finding.end] == "12 Acacia Avenue"
    assert screening.spans() == []
    assert screening.spans(field="title") == [(finding.start, finding.end)]


def test_spans_are_filtered_by_detector_and_skip_whole_text_findings():
    text = "RING 07700 900123 OR EMAIL JO@EXAMPLE.COM ABOUT THE DEALERS ON CAMDEN ROAD"
    screening = screen(text)
    assert "spam" in screening.detectors  # shouting: a whole-text finding, no span
    assert [text[s:e] for s, e in screening.spans("phone")] == ["07700 900123"]
    assert [text[s:e] for s, e in screening.spans()] == ["07700 900123", "JO@EXAMPLE.COM"]


def test_reasons_are_listed_once_most_serious_first():
    screening = lanes_of(
        ("phone", "personal_data"), ("phone", "personal_data"), ("emergency", "urgent")
    )
    assert screening.reasons == ("emergency reason", "phone reason")


def test_findings_cannot_be_changed_after_screening():
    finding = screen("Ring 07700 900123.").findings[0]
    assert isinstance(finding, Finding)
    with pytest.raises(FrozenInstanceError):
        finding.lane = "standard"

"""THRIVE grading (reports.grading): the rule in its docstring, one case each."""

from __future__ import annotations

import pytest

from moderation.detectors import Finding
from moderation.screening import Screening
from reports.grading import DIMENSIONS, assess

CLEAR = Screening(())
SAFEGUARDING = Screening((Finding("safeguarding", "safeguarding", 0, 0, "Safeguarding"),))
URGENT = Screening((Finding("emergency", "urgent", 0, 0, "Emergency"),))
CONTACT = {"contact": {"phone": "07700 900 982"}}


def test_every_dimension_is_scored_from_0_to_3():
    assessment = assess("crime.hate", {**CONTACT, "people": {"suspect_known": "yes"}}, URGENT, True)
    assert set(assessment.thrive) == set(DIMENSIONS)
    assert all(0 <= score <= 3 for score in assessment.thrive.values())


def test_a_plain_theft_is_standard():
    assert assess("crime.theft", CONTACT, CLEAR, False).grade == "standard"


def test_a_hate_crime_is_graded_above_a_theft_and_says_why():
    assessment = assess("crime.hate", CONTACT, CLEAR, False)
    assert assessment.grade == "medium" and "Hate crime" in assessment.reasons


def test_someone_at_risk_makes_any_report_high():
    assessment = assess("crime.theft", CONTACT, CLEAR, True)
    assert assessment.grade == "high" and assessment.thrive["vulnerability"] == 3
    assert any("at risk" in reason for reason in assessment.reasons)


def test_a_safeguarding_reading_of_the_text_makes_it_high():
    assert assess("asb", CONTACT, SAFEGUARDING, False).grade == "high"


def test_an_emergency_sent_on_after_the_999_page_is_high():
    assessment = assess("crime.criminal_damage", CONTACT, URGENT, False)
    assert assessment.grade == "high" and assessment.thrive["threat"] == 3


def test_a_repeat_victim_is_graded_up():
    once = assess("crime.theft", CONTACT, CLEAR, False)
    again = assess("crime.theft", CONTACT, CLEAR, False, previous_reports=2)
    assert (once.grade, again.grade) == ("standard", "medium")
    assert any("Repeat victim" in reason for reason in again.reasons)


def test_a_known_suspect_gives_a_line_of_enquiry():
    assessment = assess(
        "crime.theft", {**CONTACT, "people": {"suspect_known": "yes"}}, CLEAR, False
    )
    assert assessment.thrive["investigation"] == 3 and assessment.grade == "medium"


@pytest.mark.parametrize("kind", ["lost_found.lost", "lost_found.found"])
def test_lost_or_found_property_is_low_however_valuable(kind):
    answers = {
        **CONTACT,
        "items": {"entries": [{"description": "Ring", "value": "9000", "serial": "X1"}]},
    }
    assert assess(kind, answers, CLEAR, False).grade == "low"


def test_lost_property_with_someone_at_risk_is_not_low():
    assert assess("lost_found.lost", CONTACT, CLEAR, True).grade == "high"


def test_valuable_stolen_goods_raise_the_harm():
    cheap = {"items": {"entries": [{"description": "Lock", "value": "20"}]}}
    dear = {"items": {"entries": [{"description": "Bike", "value": "1450.00"}]}}
    assert assess("crime.theft", dear, CLEAR, False).thrive["harm"] == 2
    assert assess("crime.theft", cheap, CLEAR, False).thrive["harm"] == 1


def test_an_anonymous_tip_off_is_low():
    assessment = assess("tell_us", {"contact": {"anonymous": True}}, CLEAR, False)
    assert assessment.grade == "low" and assessment.thrive["engagement"] == 0

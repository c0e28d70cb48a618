"""Screening at submit (moderation.screening), the personal data that reaches or finds someone:
each detector on what it must find and what it must leave alone (phones, also spelt out in
words; emails; postcodes and addresses; social media handles). Who someone is (plates, NI
numbers, dates of birth, cards and bank details, named accusations and named people) is in
test_screening_personal_data_identity.py.

Pure functions: nothing here touches the database.
"""

from __future__ import annotations

import pytest

from moderation.screening import screen
from tests.moderation.screening import clean, finds, found, table

# --- phone numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    table(
        ("Ring me on 07700 900123 after six.", "07700 900123"),
        ("Ring me on 07700900123.", "07700900123"),
        ("mobile: 07700-900-123", "07700-900-123"),
        ("Text +44 7700 900123 please", "+44 7700 900123"),
        ("Text +447700900123 please", "+447700900123"),
        ("Call +44 (0)20 7946 0018 today", "+44 (0)20 7946 0018"),
        ("Call 0044 20 7946 0018 today", "0044 20 7946 0018"),
        ("Landline (020) 7946 0018.", "(020) 7946 0018"),
        ("Landline 0207 946 0018.", "0207 946 0018"),
        ("His office is 0161 496 0123", "0161 496 0123"),
        ("Try (01632) 960123", "(01632) 960123"),
        ("Freephone 0800 123 4567 for the landlord", "0800 123 4567"),
        ("The number 0300 123 4567 is his work line", "0300 123 4567"),
        ("Call 07700.900.123 if you see him", "07700.900.123"),
        ("Flyers say call 0909 879 0000 for 'anything'.", "0909 879 0000"),
        ("Ring 029 2018 975 about the dog.", "029 2018 975"),
    ),
)
def test_uk_phone_numbers_are_found(text, expected):
    assert finds("phone", text, expected)


@pytest.mark.parametrize(
    "text",
    clean(
        "Call 999 in an emergency, 101 otherwise, 111 for the NHS.",
        "Text relay 18000, or 18001 101 for non-emergencies.",
        "Crimestoppers on 0800 555 111 is anonymous.",
        "We met on 01-02-2023 10:30 at the hall.",
        "Open 0800-1800 daily.",
        "Between 0700 and 0900 it's gridlock.",
        "The order number was 077009001234567.",
        "It cost £0.50 in 2019.",
    ),
)
def test_service_numbers_times_and_dates_are_not_phone_numbers(text):
    assert found("phone", text) == []


# --- email addresses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    table(
        ("Email jo.bloggs@example.com with footage.", "jo.bloggs@example.com"),
        ("Contact J_Smith+camden@mail.example.co.uk now", "J_Smith+camden@mail.example.co.uk"),
        ("write to jo.bloggs[at]gmail.com", "jo.bloggs[at]gmail.com"),
        ("write to jobloggs (at) hotmail (dot) co.uk", "jobloggs (at) hotmail (dot) co.uk"),
        ("write to jo.bloggs at outlook dot com", "jo.bloggs at outlook dot com"),
    ),
)
def test_email_addresses_are_found_even_spelt_out(text, expected):
    assert finds("email", text, expected)


@pytest.mark.parametrize(
    "text",
    clean(
        "Follow @MPSCamden on X for updates.",
        "Meet at 7 at the library.",
        "I was looking at bbc.co.uk earlier.",
        "The cost @ £5 each is too much.",
    ),
)
def test_handles_and_the_word_at_are_not_email_addresses(text):
    assert found("email", text) == []


# --- postcodes and addresses --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    table(
        ("Dealing every night near NW1 7AB.", "NW1 7AB"),
        ("my house is nw5 2xt", "nw5 2xt"),
        ("It's EC1V 4PW by the station", "EC1V 4PW"),
        ("Postcode SW1A1AA, no space", "SW1A1AA"),
        ("Near W1T 3JH.", "W1T 3JH"),
    ),
)
def test_full_postcodes_are_found_in_capitals_or_lower_case(text, expected):
    assert finds("postcode", text, expected)


@pytest.mark.parametrize(
    "text",
    clean(
        "Our postcode district is NW5, the NW5 2 sector is the worst.",
        "meet me b4 2nd period",
        "the w2 3rd floor flat",
        "The M1 1am traffic.",
    ),
)
def test_districts_sectors_and_ordinals_are_not_postcodes(text):
    assert found("postcode", text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    table(
        ("The house at 12 Acacia Avenue has people in and out all night.", "12 Acacia Avenue"),
        ("It's Flat 3, 45 High St, above the shop.", "Flat 3, 45 High St"),
        ("Try 221b Baker Street.", "221b Baker Street"),
        ("The noise is from 7 St John's Road.", "7 St John's Road"),
        ("lives at 14 acacia avenue", "14 acacia avenue"),
        ("The man at number 12 is always shouting.", "number 12"),
        ("Parties at no. 4 every weekend.", "no. 4"),
        ("She's in flat 9, the one with the red door.", "flat 9"),
        ("He lives at 3 the Crescent, by the park.", "3 the Crescent"),
        ("Parties at 106 Prince of Wales Road.", "106 Prince of Wales Road"),
        ("Bikes go to 163a Parkway at night.", "163a Parkway"),
        ("Fireworks from 2B O'Neill Gardens.", "2B O'Neill Gardens"),
        ("The house on Oak Road, number 7, is a crack den.", "Road, number 7"),
    ),
)
def test_house_numbers_with_streets_and_flats_are_addresses(text, expected):
    assert finds("address", text, expected)


@pytest.mark.parametrize(
    "text",
    clean(
        "Cars race along Camden Road every night.",
        "Since 2019 Camden Road has got worse.",
        "Three nights in a row, 3 nights in a row.",
        "Take the number 24 bus to the 24 hour shop.",
        "At 10:30 Camden Road was blocked.",
        "Flat roofs and flat tyres everywhere.",
        "It cost £50 Kentish Town Road prices.",
    ),
)
def test_streets_without_a_house_number_are_not_addresses(text):
    assert found("address", text) == []


# --- phone numbers in words, social media handles -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    table(
        (
            "Ring me on oh seven seven double oh nine double oh five two three please.",
            "oh seven seven double oh nine double oh five two three",
        ),
        ("text me on zero seven seven zero zero, nine hundred, five two six", "zero seven seven"),
        ("it's oh two oh, seven nine four six, oh one two two, ask for Bev", "oh two oh"),
    ),
)
def test_phone_numbers_spelt_in_words_are_found(text, expected):
    assert finds("phone", text, expected)
    assert screen(text).lane == "personal_data"


@pytest.mark.parametrize(
    "text",
    clean(
        "Oh no, not again: two or three cars every night.",
        "Seven of us met at nine on Tuesday, one or two more next time.",
    ),
)
def test_ordinary_number_words_are_not_phone_numbers(text):
    assert found("phone", text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    table(
        ("the scooters are sold by @ldn_scootz_4sale on insta", "ldn_scootz_4sale"),
        ("His insta is jordy.mvp_ and he posts it all", "jordy.mvp_"),
        ("he's on snap as bigmike_e17 selling them", "bigmike_e17"),
    ),
)
def test_social_media_handles_are_found(text, expected):
    assert finds("social_handle", text, expected)


@pytest.mark.parametrize(
    "text",
    clean(
        "Follow @MPSCamdenTown for updates.",
        "His insta is full of videos of the park.",
        "Email me at jo@example.com instead.",
    ),
)
def test_police_accounts_and_plain_words_are_not_handles(text):
    assert found("social_handle", text) == []

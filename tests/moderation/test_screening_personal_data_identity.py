"""Screening at submit (moderation.screening), the personal data that says who someone is: each
detector on what it must find and what it must leave alone (vehicle plates, NI numbers, dates
of birth, cards and bank details, named accusations, named people). What reaches or finds
someone (phones, emails, postcodes and addresses, handles) is in
test_screening_personal_data_contact.py.

Pure functions: nothing here touches the database.
"""

from __future__ import annotations

import pytest

from tests.moderation.screening import clean, finds, found, table

# --- vehicle plates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    table(
        ("A silver BMW AB12 CDE parks on the kerb.", "AB12 CDE"),
        ("Plate LX64FRK again today.", "LX64FRK"),
        ("The old Escort A123 BCD is back.", "A123 BCD"),
        ("The Jag ABC 123D has no tax.", "ABC 123D"),
        ("A vintage van reg ABC 123 parked across the drive.", "ABC 123"),
        ("Same black Range Rover, DEC 51R, every night.", "DEC 51R"),
        ("the car reg is ab12 cde", "ab12 cde"),
    ),
)
def test_vehicle_plates_of_every_era_are_found(text, expected):
    assert finds("vehicle_plate", text, expected)


@pytest.mark.parametrize(
    "text",
    clean(
        "The A406 and the A503 are gridlocked at 10:30.",
        "CALL THE NHS 111 LINE.",
        "Contact TFL 24H support.",
        "Anyone else hear the bangs at 11pm?",
        "Since 2019 the M25 has been worse.",
        "pm25 and pollution levels are bad",
        "The ABC 123 word puzzle at the library.",
    ),
)
def test_road_numbers_acronyms_and_times_are_not_plates(text):
    assert found("vehicle_plate", text) == []


# --- National Insurance numbers, dates of birth -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    table(
        ("NI number AB 12 34 56 C on the letter.", "AB 12 34 56 C"),
        ("Found a payslip, JK123456D.", "JK123456D"),
        ("National insurance PR 123456 A.", "PR 123456 A"),
        ("His NI is CE 123456", "CE 123456"),
    ),
)
def test_national_insurance_numbers_with_valid_prefixes_are_found(text, expected):
    assert finds("ni_number", text, expected)


@pytest.mark.parametrize(
    "text",
    clean(
        "Example QQ 12 34 56 C from the form.",
        "Not a real one: GB 123456 A, nor ZZ123456A.",
        "Order AB123456 arrived.",
    ),
)
def test_invalid_prefixes_and_bare_digits_are_not_ni_numbers(text):
    assert found("ni_number", text) == []


def test_a_national_insurance_number_beside_its_name_is_held_whatever_its_letters():
    assert finds(
        "ni_number", "my national insurance number is QQ 12 34 56 C, is that safe?", "QQ 12 34 56 C"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    table(
        ("He was born 12/03/1990 apparently.", "12/03/1990"),
        ("DOB 3/4/05, missing since Friday.", "3/4/05"),
        ("d.o.b.: 12.03.1990", "12.03.1990"),
        ("Date of birth: 1990-03-12.", "1990-03-12"),
        ("She was born on 5 June 1972 in Camden.", "5 June 1972"),
        ("born on the 3rd of March 1985", "3rd of March 1985"),
        ("Birthday is March 3, 1985.", "March 3, 1985"),
    ),
)
def test_dates_of_birth_are_found(text, expected):
    assert finds("date_of_birth", text, expected)


@pytest.mark.parametrize(
    "text",
    clean(
        "It happened on 12/03/2024 at 10:30.",
        "I was born and raised here, since 1980.",
        "I don't want to dob anyone in.",
        "Stubborn problem since 12 March 2020.",
    ),
)
def test_dates_without_birth_are_not_dates_of_birth(text):
    assert found("date_of_birth", text) == []


# --- card and bank numbers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    table(
        ("Card 4111 1111 1111 1111 found.", "4111 1111 1111 1111"),
        ("Number 4111111111111111 on it.", "4111111111111111"),
        ("Amex 3782-822463-10005 was used.", "3782-822463-10005"),
        ("Maestro card 6759 6498 2648", "6759 6498 2648"),
    ),
)
def test_card_numbers_that_pass_the_luhn_check_are_found(text, expected):
    assert finds("card_number", text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    table(
        ("Ticket 4111 1111 1111 1112 does not check out.", "4111 1111 1111 1112"),
        ("My card 4929 1234 5678 9012 was charged twice.", "4929 1234 5678 9012"),
        ("card number 4929123456789012", "4929123456789012"),
    ),
)
def test_numbers_written_like_a_card_or_beside_card_words_are_held_even_if_mistyped(text, expected):
    assert finds("card_number", text, expected)


@pytest.mark.parametrize(
    "text",
    clean(
        "Ticket 4111111111111112 does not check out.",
        "Crime reference 4123456/24.",
        "Order 675964982643 arrived.",
        "IBAN GB33BUKB20201555555555 is a bank, not a card.",
    ),
)
def test_numbers_that_fail_luhn_or_lack_context_are_not_card_numbers(text):
    assert found("card_number", text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    table(
        ("Pay sort code 20-45-77 account 12345678.", "20-45-77"),
        ("Pay sort code 20-45-77 account 12345678.", "12345678"),
        ("s/c 204577 a/c 12345678", "204577"),
        ("Send it to 20-45-77 12345678 by Friday.", "20-45-77 12345678"),
        ("IBAN GB33 BUKB 2020 1555 5555 55", "GB33 BUKB 2020 1555 5555 55"),
    ),
)
def test_sort_codes_account_numbers_and_ibans_are_found(text, expected):
    assert finds("bank_details", text, expected)


@pytest.mark.parametrize(
    "text",
    clean(
        "It happened on 12-03-24 at 10:30.",
        "We counted 12345678 cars, probably.",
        "My account of events is below.",
    ),
)
def test_dates_shaped_like_sort_codes_are_not_bank_details(text):
    assert found("bank_details", text) == []


# --- named accusations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    table(
        ("Jordan Mills is dealing from the flat above the Co-op.", "Jordan Mills"),
        ("Everyone knows Graeme Woods stole the bikes.", "Graeme Woods"),
        ("My neighbour John beats his dog.", "John"),
        ("Mr Patel at the end of the road is selling drugs.", "Mr Patel"),
        ("A lad called Kyle carries a knife.", "Kyle"),
        ("The dealer on York Way is Sean O'Neill.", "Sean O'Neill"),
        ("Yesterday Aisha McDonald attacked a man.", "Aisha McDonald"),
        ("It was attacked by Lee Hill, honestly.", "Lee Hill"),
        ("It's Tyrone Walker who keeps smashing car windows.", "Tyrone Walker"),
    ),
)
def test_a_named_person_next_to_an_accusation_is_found(text, expected):
    assert finds("named_accusation", text, expected)


@pytest.mark.parametrize(
    "text",
    clean(
        "Dealing with this is hard.",
        "Camden Council are dealing with it.",
        "Drug dealing near Kentish Town station.",
        "The dealers moved from Camden Town to Chalk Farm.",
        "Councillor Sarah Hughes promised to deal with the dealers.",
        "PCSO Amir Khan arrested the dealers last week.",
        "Same black Toyota Prius drives round dealing every night.",
        "Jordan Mills organised a lovely litter pick. Separately, the dealers are back.",
        "Kentish Town Road has dealers on every corner.",
    ),
)
def test_places_officials_and_dealing_with_are_not_named_accusations(text):
    assert found("named_accusation", text) == []


# --- named people -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    table(
        ("mr hussain at the off licence sells singles to kids", "mr hussain"),
        ("Marcus Bellamy from the 3rd floor is selling in the stairwell", "Marcus Bellamy"),
        ("darren mills flat 6 is always out on the landing", "darren mills"),
        ("the bloke in the corner shop, his name is Kemal, sells vapes to kids", "Kemal"),
    ),
)
def test_private_people_named_are_found_whatever_is_said_of_them(text, expected):
    assert finds("named_person", text, expected)


@pytest.mark.parametrize(
    "text",
    clean(
        "Thanks to PCSO Adeyemi for coming to the coffee morning.",
        "Cars race round Victoria Park and down Albert Road.",
        "Will someone fix the light? Grace period for parking ends soon.",
        "Bonfire night on Sunday in the park.",
    ),
)
def test_officers_places_and_words_that_are_names_are_not_private_people(text):
    assert found("named_person", text) == []

"""Screening at submit (moderation.screening): each personal-data detector on what it must find
and what it must leave alone (phones, emails, postcodes and addresses, plates, NI numbers, dates
of birth, cards and bank details, named accusations, spelt-out phones, handles, named people).

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


# --- phone numbers in words, handles, named people, lower-case addresses --------------------


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


def test_a_national_insurance_number_beside_its_name_is_held_whatever_its_letters():
    assert finds(
        "ni_number", "my national insurance number is QQ 12 34 56 C, is that safe?", "QQ 12 34 56 C"
    )

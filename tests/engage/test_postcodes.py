import pytest
from django.core.exceptions import ValidationError

from engage.postcodes import postcode_prefixes, validate_postcode_prefix


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("NW1 7AB", ["NW1 7", "NW1"]),
        ("nw17ab", ["NW1 7", "NW1"]),
        ("  ec1a   1bb ", ["EC1A 1", "EC1A"]),
        ("W1A 0AX", ["W1A 0", "W1A"]),
        ("N7", ["N7"]),
        ("nw1 7", ["NW1 7", "NW1"]),
        ("Camden Town", []),
        ("", []),
        ("NW1 7ABC", []),
        ("12345", []),
    ],
)
def test_typed_postcodes_become_the_sector_then_the_district(typed, expected):
    assert postcode_prefixes(typed) == expected


@pytest.mark.parametrize("value", ["NW1", "N7", "EC1A", "NW1 7", "e8 1"])
def test_districts_and_sectors_are_valid_prefixes(value):
    validate_postcode_prefix(value)


@pytest.mark.parametrize("value", ["NW1 7AB", "Camden", "1NW", ""])
def test_full_postcodes_and_words_are_not_prefixes(value):
    with pytest.raises(ValidationError) as error:
        validate_postcode_prefix(value)
    assert error.value.code == "postcode_prefix"

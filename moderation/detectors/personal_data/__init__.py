"""Personal data: the details that let a reader find, contact or defraud a particular person.

Each detector returns the span to redact. The patterns are UK-only (this is a London service) and
lean towards holding: a moderator releasing a false alarm costs seconds, a published address can
cost far more. `phonenumbers` is not a dependency, so phone numbers are parsed here against the
Ofcom numbering plan's shapes.

One module per family: contact (phone, email), addresses (postcode, address), identity (vehicle
plate, National Insurance number, date of birth) and money (card number, bank details).
Most patterns run over the folded (lower-case) text, and most are skipped outright when a cheap
substring test shows they cannot match: 5,000 characters must screen in a few milliseconds.
"""

from moderation.detectors.personal_data.addresses import address, postcode
from moderation.detectors.personal_data.contact import PUBLIC_NUMBERS, email, phone
from moderation.detectors.personal_data.identity import (
    PLATE_STOPWORDS,
    date_of_birth,
    ni_number,
    vehicle_plate,
)
from moderation.detectors.personal_data.money import bank_details, card_number

__all__ = [
    "PLATE_STOPWORDS",
    "PUBLIC_NUMBERS",
    "address",
    "bank_details",
    "card_number",
    "date_of_birth",
    "email",
    "ni_number",
    "phone",
    "postcode",
    "vehicle_plate",
]

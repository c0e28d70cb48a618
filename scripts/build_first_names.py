"""Build moderation/detectors/data/first_names.txt (run by hand; the output is committed).

First names as Londoners carry them: Faker's person lists for the locales of London's larger
communities (Faker is already a dependency, for the demo data). A name that is also an ordinary
lower-case English word in Debian's wbritish list (`apt-get install wbritish`) is marked with a
leading "~": "Will", "Grace", "Sunny" count as a name only beside a surname or a title, never
alone. Usage: .venv/bin/python scripts/build_first_names.py
"""

from __future__ import annotations

import importlib
from pathlib import Path

# Not "en" (every name ever given in the US, "Sunday" and "Camden" among them) nor "de_DE"
# (historic forms such as "Theres"): they hold more words than names.
LOCALES = (
    "en_GB",
    "en_IE",
    "en_IN",
    "en_PK",
    "en_KE",
    "en_US",
    "en_NZ",
    "ga_IE",
    "pl_PL",
    "ro_RO",
    "tr_TR",
    "pt_PT",
    "pt_BR",
    "es_ES",
    "es_CO",
    "it_IT",
    "fr_FR",
    "yo_NG",
    "tw_GH",
    "sw",
    "zu_ZA",
    "lt_LT",
    "lv_LV",
    "az_AZ",
    "id_ID",
    "sk_SK",
    "cs_CZ",
    "hr_HR",
    "nl_NL",
)
# Capitalised words that some list holds as a name but a post almost always means otherwise.
NOT_NAMES = {
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "easter",
    "christmas",
    "camden",
    "london",
    "police",
    "council",
    "brixton",
    "hackney",
    "islington",
    "ima",
    "nan",
}
DICTIONARY = Path("/usr/share/dict/british-english")
OUT = Path(__file__).resolve().parent.parent / "moderation/detectors/data/first_names.txt"


def names() -> set[str]:
    found: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ("first_names", "first_names_male", "first_names_female"):
            values = getattr(provider, attribute, None) or ()
            found.update(values.keys() if isinstance(values, dict) else values)
    return {
        name
        for name in found
        if name.isascii() and name.isalpha() and len(name) >= 3 and name.lower() not in NOT_NAMES
    }


def main() -> None:
    words = {
        line.strip()
        for line in DICTIONARY.read_text(encoding="latin-1").splitlines()
        if line.strip().islower()
    }
    lines = sorted(("~" if name.lower() in words else "") + name.lower() for name in names())
    OUT.write_text(
        "# First names (Faker's person lists; '~' = also an English word). Built by "
        "scripts/build_first_names.py\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    print(f"{OUT}: {len(lines)} names, {sum(line.startswith('~') for line in lines)} ambiguous")


if __name__ == "__main__":
    main()

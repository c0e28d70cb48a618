"""A named person next to an accusation: "John Smith is dealing", "my neighbour Dave stole it".

Publishing that is the doxxing and defamation risk a police platform must not run, whether the
person named is the accused or the victim. Without a names list or a language model, a person is
recognised by shape: a title and surname ("Mrs Patel"), a relation and a first name ("my
neighbour John", "a lad called Kyle"), or two capitalised words that are not a place, an
organisation or the start of a sentence ("Jordan Mills"). The finding's span is the name, which
is what the redaction editor removes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.detectors import PERSONAL_DATA, WORD_START, Context, Finding, folded, same_sentence

NEAR = 80  # characters between a name and an accusation, in the same sentence
_NAME = r"(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_WORD = re.compile(_NAME)
_NAME_HERE = re.compile(rf"{_NAME}(?:[ ]+{_NAME})?")
_CAPITALISED_RUN = re.compile(rf"(?=[A-Z])(?<![\w'’\-]){_NAME}(?:[ ]+{_NAME})*")
_TITLED = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ ]+{_NAME}(?:[ ]+{_NAME})?")
# These two are matched against the folded text; the name after them, in the text itself.
_RELATION = re.compile(WORD_START + r"""
    (?:my|our|the|his|her|their|a|this)[ ]+(?:next[ -]door[ ]+)?
    (?:neighbou?r|son|daughter|boyfriend|girlfriend|husband|wife|partner|brother|sister|
       cousin|nephew|niece|uncle|aunt|landlord|landlady|lodger|tenant|flatmate|lad|guy|bloke|
       man|woman|boy|girl|kid|friend|mate|ex|dad|mum|stepdad|carer)s?
    ,?[ ]+(?:(?:called|named|known[ ]as)[ ]+)?(?=[a-z])
""", re.X)
_CALLED = re.compile(WORD_START + r"(?:called|named|known[ ]as|goes[ ]by|nicknamed)[ ]+"
                                  r"[\"“']?(?=[a-z])")
_ACCUSATION = re.compile(WORD_START + r"""(?:
    (?:deals|dealing|dealt)\b(?![ ]+with)
    |(?:sells?|selling|sold)[ ]+(?:drugs|weed|crack|coke|cocaine|heroin|gear|stolen)
    |(?:stole|steals|stealing|nicked|nicks|robbed|robs|mugged|burgled|burgles|shoplifts|
        shoplifting|vandalised|vandalises|attacked|attacks|assaulted|beats|beat[ ]up|beating|
        abuses|abused|abusing|grooming|grooms|groomed|stabbed|stabs|raped|rapes|threatened|
        threatens|harasses|harassed|harassing|stalks|stalked|stalking|pimps|smashes|smashing|
        smashed|torched|torches)\b
    |hits[ ]+(?:his|her|their)\b
    |carr(?:ies|ying|ied)[ ]+(?:a[ ]+)?(?:knife|blade|gun|machete|weapon)
    |grow(?:s|ing)?[ ]+(?:weed|cannabis|skunk)
    |(?:dealers?|thief|thieves|burglars?|paedo|paedophile|pedo|pedophile|nonce|rapist|
        groomer|junkie|crackhead|druggie|shoplifter|fraudster|scammer|pimp|abuser|
        wife[ -]?beater|drug[ ]runner)\b)
""", re.X)

# Capitalised words that start sentences or name things other than people. A run of capitalised
# words ending in a PLACE_WORD ("Kentish Town", "Tufnell Park Road") is a place, not a person.
# Words that are also common surnames (King, May, West, Hill, Green, Wood...) are in neither
# list: a name missed is worse than a moderator's glance, and a place preposition ("in Wood
# Green") or KNOWN_PLACES catches most of the places they end.
COMMON_CAPITALISED = frozenset("""
    The This That These Those There Then They Their Them Thanks Thank Today Tonight Tomorrow
    Yesterday My Our Your His Her Its We You He She It Me Us Him Who What When Where Why How
    Which Whoever And But Or So Also Again Still Just Only Even Every Each Last Next Since After
    Before During Around About Outside Inside Near Opposite Behind Along Past Across Between
    Please Hello Hi Dear Some Someone Somebody Everyone Everybody Anyone Nobody None Most Many
    Lots Loads Few Several All Any Both Another Other Others One Two Three Four Five Six Seven
    Eight Nine Ten Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April July August September October November December Christmas Easter
    Eid Diwali Ramadan Halloween Bonfire Boxing Bank Holiday Weekend Night Morning Afternoon
    Evening Police Met Council Councillor Cllr Officer Officers Sergeant Sgt Inspector Constable
    Superintendent Supt Commander Commissioner Mayor
    Neighbourhood Safer Drug Drugs Dealing Dealer Dealers Kids Youths People Residents Resident
    Neighbours Neighbour Parents Children Teenagers Lads Men Women Cars Car Vans Van Bikes Bike
    Scooters Mopeds Delivery Deliveroo Uber Lime Amazon Tesco Sainsbury Sainsburys Lidl Aldi
    Asda Costa Greggs Boots Waitrose Morrisons Iceland Primark Argos Starbucks Nandos Ring
    Facebook Twitter Instagram Whatsapp WhatsApp Nextdoor Google Apple Samsung Universal Credit
    South East Upper Lower Great Saint St Royal London Greater Inner Outer Central High Grand
    Lady Queen Prince Princess Sir Judge Justice Crown Premier League Football Cup Arsenal
    Tottenham Spurs United City Rovers Albion
    Is Was Are Were Has Have Had Do Does Did Not No Yes Can Could Would Should Will Shall Must
    Honestly Sadly Unfortunately Apparently Frankly Basically Literally Actually Clearly
    Anyway Meanwhile However Although Though If Unless Until While Because As At In On By For
    From Of To With Without Into Onto Over Under Up Down Off Out Let Lets Speeding
    Parking Noise Graffiti Litter Fly Tipping Rubbish Bins Fireworks Music Shouting Fighting
    Update Edit Note Ps Re Fwd Help Urgent Sorry Cheers Regards Best Kind
""".split())
PLACE_WORDS = frozenset("""
    Road Rd Street St Avenue Ave Close Crescent Drive Gardens Garden Grove Place Way
    Terrace Court Square Mews Park Row Walk Rise Parade Vale View Yard Wharf Estate
    House Mansions Buildings Villas Approach Broadway Quay Quays Tower
    Towers Heights Point Path Circus Market Common Cottage Cottages End Town City
    Village Station Junction Corner Centre Center Council Police School Academy
    College University Mosque Temple Synagogue Gurdwara Library Hospital Surgery
    Pharmacy Express Extra Local Metro Superstore Tube Line Lines Overground Underground
    Team Watch Office Association Homes Housing Trust Borough Leisure Pool Gym Club Arms
    Inn Tavern Bar Cafe Café Restaurant Kitchen Shop Store Stores Supermarket Bank Post Mall
    Retail Primary Secondary Nursery Stadium Arena Theatre Cinema Museum Gallery Zoo Canal
    River Marshes Reservoir Lock Basin Dock Docks Airport Services Service Pier
    Embankment Triangle Lido Playground Recreation Partnership Authority Department Agency
    Group Ltd Limited Plc Company Eats Prime Rail Water Gas Mail Energy Oak Pond Rye
    Central Arch Farm Wick Newington Islington Hampstead Camden Hackney
    Brixton Peckham Lambeth Southwark Westminster Haringey Barnet Brent Ealing Harrow Enfield
    Lewisham Greenwich Newham Hamlets Croydon Bromley Merton Wandsworth Kingston
    Richmond Hounslow Hillingdon Redbridge Havering Bexley Barking Dagenham Forest
    Kensington Chelsea Fulham Hammersmith England Britain Kingdom Scotland Wales Ireland
    Valley Meadow Meadows
""".split())
# Vehicles residents name in the same breath as dealing ("a black Toyota Prius").
NOT_NAMES = frozenset("""
    Toyota Vauxhall Audi Mercedes Benz Range Rover Land Nissan Kia Hyundai Peugeot Renault
    Skoda Volvo Tesla Honda Mazda Fiat Citroen Seat Jeep Lexus Porsche Jaguar Volkswagen
    Fiesta Focus Transit Corsa Astra Golf Polo Prius Yaris Qashqai Juke Clio Octavia Sprinter
    Evoque Discovery Defender Cayenne Mini Uber Bolt Lime Deliveroo
""".split())
_NOT_A_NAME = COMMON_CAPITALISED | NOT_NAMES
# A councillor, officer or MP named in their role is not a private person being accused.
OFFICIAL_TITLES = frozenset("""
    Councillor Cllr Sergeant Sgt Inspector Superintendent Supt Commander Commissioner Mayor
    PC PCSO DC DS DI DCI MP
""".split())
_OFFICIAL_BEFORE = re.compile(r"\b(?:PC|PCSO|DC|DS|DI|DCI|MP|Sgt|Cllr)\.?[ ]+$")
# Places whose last word is also a surname.
KNOWN_PLACES = frozenset(place.replace("_", " ") for place in """
    Primrose_Hill Bethnal_Green Muswell_Hill Wood_Green Golders_Green Parsons_Green Kensal_Green
    Willesden_Green Camberwell_Green Turnpike_Lane Brick_Lane Chancery_Lane Tower_Hill
    Notting_Hill Denmark_Hill Herne_Hill Tulse_Hill Forest_Hill Stamford_Hill Highgate_Hill
    Haverstock_Hill Brixton_Hill Streatham_Hill Colliers_Wood Hampstead_Heath
    New_Cross Charing_Cross Tottenham_Hale Seven_Sisters Stoke_Newington
    Gospel_Oak Swiss_Cottage Chalk_Farm Elephant_Castle Tufnell_Park
    Finsbury_Park Belsize_Park Camden_Town Kentish_Town Somers_Town Town_Hall Royal_Albert_Hall
    Holloway_Road Mile_End Crouch_End Maida_Vale Covent_Garden Canary_Wharf London_Fields
    Parliament_Hill Highbury_Fields Archway_Road Marble_Arch Kilburn_High_Road
""".split())
_PLACE_PREPOSITION = re.compile(r"(?i:\b(?:in|on|at|near|around|towards|into|through|along|"
                                r"opposite|off|past|via|outside)[ ]+)$")


def _capitalised_names(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of two or three capitalised words that look like a person's name."""
    for run in _CAPITALISED_RUN.finditer(text, start, end):
        words = list(_WORD.finditer(text, run.start(), run.end()))
        if len(words) < 2 or words[-1].group() in PLACE_WORDS:
            continue
        if _PLACE_PREPOSITION.search(text, max(0, run.start() - 12), run.start()):
            continue
        titled = bool(_OFFICIAL_BEFORE.search(text, max(0, run.start() - 8), run.start()))
        segment: list[re.Match[str]] = []
        for word in [*words, None]:
            if word is not None and word.group() not in _NOT_A_NAME:
                segment.append(word)
                continue
            if 2 <= len(segment) <= 3 and not titled and not _is_known_place(segment):
                yield segment[0].start(), segment[-1].end()
            segment = []
            titled = word is not None and word.group() in OFFICIAL_TITLES


def _is_known_place(segment: list[re.Match[str]]) -> bool:
    return any(" ".join(word.group() for word in segment[i:]) in KNOWN_PLACES
               for i in range(len(segment) - 1))


def _people(text: str, lowered: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """People named in text[start:end]."""
    for match in _TITLED.finditer(text, start, end):
        yield match.span()
    for pattern in (_RELATION, _CALLED):
        for match in pattern.finditer(lowered, start, end):
            name = _NAME_HERE.match(text, match.end())
            if name and _WORD.match(name.group()).group() not in COMMON_CAPITALISED:
                yield name.span()
    yield from _capitalised_names(text, start, end)


def _windows(accusations: list[re.Match[str]], length: int) -> Iterator[tuple[int, int]]:
    """The stretches of text near an accusation, merged: only there can a name matter."""
    reach = NEAR + 40  # a name's own length
    start, end = accusations[0].start() - reach, accusations[0].end() + reach
    for accusation in accusations[1:]:
        if accusation.start() - reach > end:
            yield max(0, start), min(length, end)
            start = accusation.start() - reach
        end = accusation.end() + reach
    yield max(0, start), min(length, end)


def named_accusation(text: str, context: Context) -> Iterator[Finding]:
    lowered = folded(text, context)
    accusations = list(_ACCUSATION.finditer(lowered))
    if not accusations:
        return
    found: set[tuple[int, int]] = set()
    people = {span for window in _windows(accusations, len(text))
              for span in _people(text, lowered, *window)}
    for start, end in sorted(people):
        for accusation in accusations:
            if accusation.start() >= end:
                gap_start, gap_end = end, accusation.start()
            elif accusation.end() <= start:
                gap_start, gap_end = accusation.end(), start
            else:
                gap_start = gap_end = start
            if (start, end) in found or gap_end - gap_start > NEAR:
                continue
            if same_sentence(text, gap_start, gap_end):
                found.add((start, end))
                yield Finding("named_accusation", PERSONAL_DATA, start, end,
                              f"Names a person alongside an accusation "
                              f"(\u201c{accusation.group().lower()}\u201d)", context.field)

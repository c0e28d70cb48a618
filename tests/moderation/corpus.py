"""A labelled corpus of en-GB posts for measuring screening (moderation.screening).

Built deterministically: Faker (locale en_GB) and `random.Random` with a fixed seed. Residents
write about neighbourhood concerns (drugs, speeding, anti-social behaviour, graffiti, bikes,
noise, parking, fly-tipping); each post is labelled with the detectors it should trigger:

- clean: ordinary concerns, including the tricky ones that look like personal data but are not
  (times, road numbers, bus routes, years, 999/101, street names without a house number, money,
  capitalised place names, "Dealing with this is hard", a public helpline number);
- crime_report: crimes that have already happened (advice only, not held);
- personal_data: seeded with one kind of personal data each (`SEEDED_PER_DETECTOR` per detector),
  with the seeded values recorded so a test can check the finding's span covers them;
- emergency, safeguarding, abuse, spam.

Fictional values only: Ofcom's drama phone ranges, example.* mail domains where Faker uses them,
made-up plates, NI numbers and names.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from faker import Faker

SEED = 20_250_401
SEEDED_PER_DETECTOR = 25
PERSONAL_DATA_DETECTORS = (
    "phone", "email", "address", "postcode", "vehicle_plate", "ni_number", "date_of_birth",
    "card_number", "bank_details", "named_accusation",
)


@dataclass(frozen=True)
class Post:
    text: str
    kind: str                                 # clean, crime_report, personal_data, emergency, ...
    labels: frozenset[str]                    # detectors that must fire
    seeds: tuple[tuple[str, str], ...] = ()   # (detector, substring its span must cover)
    recent_texts: tuple[str, ...] = ()        # the author's recent posts, for the spam check


STREETS = (
    "Camden Road", "Kentish Town Road", "Holloway Road", "Caledonian Road", "Agar Grove",
    "Royal College Street", "Pratt Street", "Delancey Street", "Prince of Wales Road",
    "Malden Road", "Queen's Crescent", "Fortess Road", "Leighton Road", "Brecknock Road",
    "York Way", "Hornsey Road", "Seven Sisters Road", "Junction Road", "Highgate Road",
    "Chetwynd Road", "Haverstock Hill", "Kilburn High Road", "Eversholt Street",
    "Hampstead Road", "Parkway", "Chalk Farm Road", "Castlehaven Road", "Camden High Street",
    "Bayham Street", "Plender Street", "Georgiana Street", "Torriano Avenue", "Swain's Lane",
)
PLACES = (
    "Camden Town", "Kentish Town", "Tufnell Park", "Finsbury Park", "Gospel Oak", "Chalk Farm",
    "Swiss Cottage", "King's Cross", "Somers Town", "Archway", "Holloway", "Primrose Hill",
    "Belsize Park", "Regent's Park", "Mornington Crescent", "Hampstead Heath", "Euston",
    "Highbury", "Cockfosters",
)
LANDMARKS = (
    "the Tesco Express", "the Co-op", "Sainsbury's Local", "the library", "the Costa",
    "the chicken shop", "the bus stop", "the community centre", "the primary school",
    "the tube station", "the Overground station", "the leisure centre", "the launderette",
    "the bookies", "the mosque", "St Michael's church", "the park gates", "the playground",
    "the canal towpath", "the car park", "the petrol station", "the post office",
    "the GP surgery", "the Lidl", "the Greggs",
)
TIMES = (
    "at 10:30", "around 11pm", "after 2am", "between 4 and 6pm", "at 7.45 in the morning",
    "every night from 9pm", "at about 3:15", "after 10.30pm", "at half past midnight",
    "from 0700", "most evenings", "on Friday nights", "at the weekend", "on weekday mornings",
    "late on Sundays",
)
ROADS = ("the A503", "the A1", "the A400", "the A5200", "the B509", "the A406", "the M1")
BUSES = ("the 24 bus", "the 134", "the 29 bus", "the N29 night bus", "route 46", "the C2",
         "the 214", "the number 88 bus", "the 390", "the 4 bus")
YEARS = ("since 2019", "since 2021", "back in 2016", "for the last 3 years",
         "since March 2022", "since the 2012 Olympics")
MONEY = ("£50", "£1,200", "£8.50", "£300", "£15k", "£2.20")
ENDINGS = (
    "", "", "", "Thanks for listening.", "Would be good to see more patrols.",
    "Is anything being done?", "Happy to come to the next ward panel meeting.",
    "Dealing with this is hard.", "I've lived here since 2009.", "Call 101 and you wait ages.",
    "The 999 response was quick when it mattered, to be fair.", "Cheers.",
    "Not sure who else to ask.", "It's been like this since 2019.",
)
CLEAN_TEMPLATES = (
    "There's been drug dealing near {landmark} {time} most days {year}.",
    "Cars pull up outside {landmark} {time}, a quick swap through the window and off they go.",
    "The smell of weed on {street} is constant. Dealing with this is hard with small kids.",
    "Nitrous oxide canisters all over {street} every weekend, the 24 hour shop sells them.",
    "Dealers seem to have moved from {place} to the alley behind {landmark}.",
    "Cars speed down {street} {time}, well over the 20 limit.",
    "Motorbikes racing along {road} {time}. Someone is going to get hurt one day.",
    "Can we have a speed camera on {street}? {bus} nearly hit a cyclist there.",
    "Groups of teenagers hang around {landmark} {time}, shouting and throwing things at buses.",
    "Youths on bikes riding on the pavement on {street}, nearly knocked over an older lady.",
    "New graffiti on the bridge over {road}, and on the shutters by {landmark}.",
    "Lime bikes dumped across the pavement on {street}; a wheelchair user couldn't get past.",
    "Bike thefts at {place} station are common, wish there was better CCTV.",
    "Loud music from a car parked on {street} {time}, three nights in a row now.",
    "Vans parked on the double yellows on {street} {time}, {bus} can't get through.",
    "Someone dumped a mattress and {money} worth of paint tins on {street}.",
    "Street lights on {street} have been out for weeks, feels unsafe walking home from {place}.",
    "Thanks to PCSO {name} and the {place} team for the ward panel on Tuesday.",
    "The 999 response last month was quick, but call 101 and it takes ages to answer.",
    "I called 101 {time} and waited 40 minutes. Is there a better way to report things?",
    "Crimestoppers on 0800 555 111 is anonymous if people are worried about speaking up.",
    "Our postcode district is NW5 and the NW5 2 sector seems to get the worst of it.",
    "{year} {street} has got much worse for fly-tipping.",
    "We had a meeting on 12/03/2024 at 10:30 with the council about {street}.",
    "{bus} gets stuck behind delivery vans on {street} every morning.",
    "My cousin in Scunthorpe says it's the same up there, so it's not just {place}.",
    "Knife crime is a worry for parents at {landmark}; a talk from the police would help.",
    "The dog grooming place on {street} has had graffiti sprayed on it twice.",
    "It's bloody annoying that nothing gets done about the bins on {street}.",
    "More info at https://www.met.police.uk/ if anyone wants to report online.",
    "I don't want to dob anyone in, but something odd goes on at {landmark} {time}.",
    "Councillor {name} said the council is dealing with the lighting on {street}.",
    "Parking went up to {money} an hour on {street} and now everyone parks on the pavement.",
    "Fireworks going off in {place} {time}, the dogs are terrified.",
    "Flat roofs behind {landmark} are being used as a shortcut by kids.",
    "The A503 is a nightmare at 5pm, and {road} isn't much better.",
    "Begging outside {landmark} has increased a lot {year}.",
    "E-scooters doing 30mph through {place} on the pavement.",
    "Dog mess all along {street}; the council says it's not their problem.",
    "Lots of broken glass in the playground near {street} on Monday mornings.",
    "Could the Safer Neighbourhood Team walk down {street} {time}? It would help.",
    "The CCTV camera on {street} has been pointing at the sky for a month.",
    "Shoplifting at {landmark} is so common the staff have given up. Prices up {money} too.",
    "People drinking on the steps of {landmark} {time} and leaving cans everywhere.",
    "Hampstead Heath car park gets busy with boy racers {time}.",
    "Met Police and Camden Council should talk to each other about {street}.",
    "Great to see officers on foot in {place} last week.",
    "Delivery riders wait in a big group on {street} {time}, blocking the pavement.",
    "A local business on {street} has had its window tagged again, the third time {year}.",
    "Is the {place} Neighbourhood Watch still running? Happy to join.",
    "The underpass near {road} smells of urine and the lights are broken.",
    "Music from the flats on {street} until 4am at weekends; noise team never comes.",
    "Kids climbing onto the roof of {landmark} {time}. Not safe at all.",
    "The road markings on {street} have worn off and drivers ignore the crossing.",
    "Speeding on {road} near {place}, especially after 10pm.",
    "Overflowing bins outside {landmark}; foxes get into them by 11pm.",
    "The Camden Town Safer Neighbourhood Team did a great job with the market traders.",
    "Cyclists going through red lights at the junction of {street} and {road2}.",
    "Cannabis smell drifting into the playground by {landmark} {time}.",
    "Our WhatsApp group for {street} has 120 members now, all worried about the dealing.",
)
# Clean posts a resident could well write that come close to a detector, each included once.
# Some are known to be held (see test_screening's report): they stay in, to keep the figure honest.
HARD_CLEAN = (
    "Right now the bins on Leighton Road are overflowing again.",
    "This noise is going to kill me one day, honestly.",
    "Camden Council's number is 020 7974 4444 if you want to report fly-tipping.",
    "Councillor Sarah Hughes promised to deal with the dealers on Camden Road.",
    "PC Adams and PCSO Amir Khan were brilliant when our shed was broken into.",
    "Acid house party at the warehouse on York Way kept us up till 5am.",
    "My neighbour Dave has been brilliant organising the litter pick on Sunday.",
    "Since Jack Morris took over the newsagent on Fortess Road it's much better.",
    "Kill the engine when you park, the idling outside the primary school is awful.",
    "The kids' play area on Agar Grove needs new fencing, the gate is broken.",
    "Went to see Mr Brightside played by a busker at Camden Lock, lovely evening.",
    "Dog grooming van parks on the pavement on Malden Road every Tuesday.",
    "Drug trafficking gangs use the estate, according to the Camden New Journal.",
    "Our postcode is in the NW5 district, near the Kentish Town end.",
    "The A406 and the M1 junction are a nightmare at 8am, and the N29 is always late.",
    "Flat roofs, flat tyres and flat batteries: this winter has been grim on Chetwynd Road.",
    "We reported it on 12-03-24 and again on 19-03-24, still nothing.",
    "Big thanks to Sgt Okafor and the team, the dealers have gone quiet.",
    "Knife crime awareness session at the library on Saturday 10:30 to 12:00.",
    "The Co-op on Camden Road closes at 11pm now, and the 24 hour Tesco is at Kentish Town.",
)
NAMED_CLEAN = ("Amir Khan", "Sarah Hughes", "Tom Gallagher", "Priya Shah", "Jo Bennett")


class _Writer:
    def __init__(self, seed: int) -> None:
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.rnd = random.Random(seed)
        self.seen: set[str] = set()  # every text so far: the corpus has no repeats

    def pick(self, options):
        return self.rnd.choice(options)

    def slots(self) -> dict[str, str]:
        street, street2 = self.rnd.sample(STREETS, 2)
        return {"street": street, "road2": street2, "place": self.pick(PLACES),
                "landmark": self.pick(LANDMARKS), "time": self.pick(TIMES),
                "road": self.pick(ROADS), "bus": self.pick(BUSES), "year": self.pick(YEARS),
                "money": self.pick(MONEY), "name": self.pick(NAMED_CLEAN)}

    def sentence(self, template: str) -> str:
        text = template.format(**self.slots())
        return text[0].upper() + text[1:]

    def filler(self) -> str:
        return self.pick(ENDINGS)

    def person(self) -> str:
        return f"{self.fake.first_name()} {self.fake.last_name()}"


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _unique(writer: _Writer, count: int, make: Callable[[int], Post]) -> list[Post]:
    """`count` posts whose texts appear nowhere else in the corpus; `make(i)` picks template i
    (cycling), and a repeat moves on to the next with fresh slots."""
    posts: list[Post] = []
    attempt = 0
    while len(posts) < count:
        post = make(len(posts) + attempt)
        if post.text in writer.seen:
            attempt += 1
            continue
        writer.seen.add(post.text)
        posts.append(post)
    return posts


# --- clean and crime-report posts ------------------------------------------------------------

def _clean(writer: _Writer, count: int) -> list[Post]:
    hard = _unique(writer, len(HARD_CLEAN),
                   lambda i: Post(HARD_CLEAN[i % len(HARD_CLEAN)], "clean", frozenset()))

    def make(_: int) -> Post:
        first = writer.sentence(writer.pick(CLEAN_TEMPLATES))
        second = writer.sentence(writer.pick(CLEAN_TEMPLATES)) if writer.rnd.random() < 0.3 else ""
        return Post(_join(first, second, writer.filler()), "clean", frozenset())
    return [*hard, *_unique(writer, count - len(hard), make)]


CRIME_REPORT_TEMPLATES = (
    "My bike was stolen from outside {landmark} {time}.",
    "Someone broke into my car on {street} last night and took the sat nav.",
    "I want to report a theft from our front garden on {street}.",
    "My catalytic converter was taken while the car was parked on {street}.",
    "Our shed was broken into at the weekend, tools all gone.",
    "I was mugged near {place} station last Thursday evening.",
    "We were burgled while we were away, the police came but nothing since.",
    "Someone nicked my phone on {bus} yesterday.",
    "My van has been keyed twice this month on {street}.",
    "I'd like to report a break-in at the garages behind {landmark}.",
    "I was assaulted outside {landmark} on Saturday and I'm still shaken.",
    "Got a crime reference number but heard nothing since, my moped got stolen on {street}.",
)


def _crime_reports(writer: _Writer, count: int) -> list[Post]:
    return _unique(writer, count, lambda i: Post(
        _join(writer.sentence(CRIME_REPORT_TEMPLATES[i % len(CRIME_REPORT_TEMPLATES)]),
              writer.filler()), "crime_report", frozenset({"crime_report"})))


# --- seeded personal data ------------------------------------------------------------------

def _phone(writer: _Writer) -> str:
    rnd = writer.rnd
    tail = f"{rnd.randint(0, 999):03d}"
    return rnd.choice((
        writer.fake.phone_number, writer.fake.cellphone_number,
        lambda: f"07700 900{tail}", lambda: f"07700900{tail}", lambda: f"07700 900 {tail}",
        lambda: f"+44 7700 900{tail}", lambda: f"0044 7700 900 {tail}",
        lambda: f"020 7946 0{tail}", lambda: f"(020) 7946 0{tail}", lambda: f"020-7946-0{tail}",
        lambda: f"0207 946 0{tail}", lambda: f"0161 496 0{tail}", lambda: f"01632 960{tail}",
        lambda: f"0800 123 4{tail}", lambda: f"0300 123 4{tail}", lambda: f"07700.900.{tail}",
    ))()


_PHONE_TEMPLATES = (
    "If anyone has seen anything please ring me on {v}.",
    "The landlord never answers {v}, can someone chase him about the broken door?",
    "Text {v} if you want to join the {street} WhatsApp group.",
    "My number is {v}, call any time {time}.",
    "Flyers on {street} say call {v} for 'anything you need'. Pretty obvious what that means.",
    "The builder working on {street} {time} is on {v} if the council want to tell him off.",
    "Ring the owner of the dog on {v}, it keeps getting out.",
)


def _email(writer: _Writer) -> str:
    first, last = writer.fake.first_name().lower(), writer.fake.last_name().lower()
    return writer.pick((
        writer.fake.email, writer.fake.free_email, writer.fake.company_email,
        lambda: f"{first}.{last}[at]gmail.com", lambda: f"{first}{last} (at) hotmail (dot) co.uk",
        lambda: f"{first}.{last} at outlook dot com",
    ))()


_EMAIL_TEMPLATES = (
    "Email me at {v} if you have dashcam footage from {street}.",
    "The residents' association contact is {v}.",
    "You can reach the guy organising the street party on {v}.",
    "Please forward any photos of the fly-tipping to {v} and I'll collate them.",
    "Contact {v} about the CCTV, he has the recordings from {time}.",
)

_LONDON_OUTWARD = ("NW1", "NW5", "N7", "N19", "NW3", "E8", "SE15", "SW9", "W10", "EC1V",
                   "WC1H", "E1W", "N1C", "NW6", "SW1A", "W1T", "N4", "E17", "SE5", "N16")
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def _postcode(writer: _Writer) -> str:
    rnd = writer.rnd
    value = (f"{rnd.choice(_LONDON_OUTWARD)} {rnd.randint(0, 9)}"
             f"{rnd.choice(_INWARD_LETTERS)}{rnd.choice(_INWARD_LETTERS)}")
    style = rnd.random()
    if style < 0.15:
        return value.lower()
    if style < 0.25:
        return value.replace(" ", "")
    if style < 0.4:
        return writer.fake.postcode()
    return value


_POSTCODE_TEMPLATES = (
    "Drug dealing happens every night right by my house, {v}.",
    "Cars racing past our place at {v}, we've complained three times.",
    "I live at {v} and the noise from the flats opposite is unbearable.",
    "Anyone else near {v} had their wheelie bin set alight?",
    "Youths gather outside the block at {v} {time}.",
)

_SUFFIXES = ("Road", "Street", "Avenue", "Close", "Gardens", "Grove", "Lane", "Crescent",
             "Terrace", "Way", "Mews", "Court", "Place", "Rd", "St")


def _street_with_number(writer: _Writer) -> str:
    rnd = writer.rnd
    name = rnd.choice((writer.fake.last_name(), rnd.choice(("Acacia", "Elm", "Victoria",
                                                             "Albert", "Church", "Mill"))))
    street = f"{name} {rnd.choice(_SUFFIXES)}"
    number = f"{rnd.randint(1, 240)}{rnd.choice(('', '', '', 'a', 'B'))}"
    return rnd.choice((f"{number} {street}", f"Flat {rnd.randint(1, 30)}, {number} {street}",
                       f"{number} {rnd.choice(STREETS)}", f"number {rnd.randint(2, 90)}",
                       f"no. {rnd.randint(2, 90)}"))


_ADDRESS_TEMPLATES = (
    "The house at {v} has people coming and going all night.",
    "There's a car abandoned outside {v} for a month now.",
    "Whoever lives at {v} keeps setting off fireworks in the garden.",
    "Loud parties every weekend at {v}, it's the same flat every time.",
    "Deliveries of stolen-looking bikes go to {v} {time}.",
)


def _plate(writer: _Writer) -> str:
    rnd, letters = writer.rnd, "ABCDEFGHJKLMNOPRSTUVWXY"
    tag = rnd.choice(letters[:-1]) + rnd.choice(letters)
    random3 = "".join(rnd.choice(letters.replace("O", "")) for _ in range(3))
    age = rnd.choice([f"{n:02d}" for n in [*range(2, 26), *range(51, 76)]])
    prefix_letter = rnd.choice("ABCDEFGHJKLMNPRSTVWXY")
    number = rnd.randint(1, 999)
    style = rnd.random()
    if style < 0.45:
        return f"{tag}{age} {random3}"
    if style < 0.55:
        return f"{tag}{age}{random3}"
    if style < 0.7:
        return f"{prefix_letter}{number} {random3}"
    if style < 0.85:
        return f"{random3} {number}{prefix_letter}"
    return f"{tag.lower()}{age} {random3.lower()}"


_PLATE_TEMPLATES = (
    "A silver {make} reg {v} parks across the dropped kerb every night.",
    "The car doing doughnuts in {landmark} car park was {v}.",
    "Same black {make}, {v}, drives up and down {street} {time} dealing.",
    "{v} has been parked on the zig-zags outside {landmark} all week.",
    "White van {v} dumped rubble on {street} yesterday.",
    "Moped with plate {v} keeps riding on the pavement on {street}.",
)
_MAKES = ("BMW", "Audi", "Mercedes", "Range Rover", "Ford Fiesta", "Vauxhall Corsa", "Golf",
          "Toyota Prius", "Transit")


def _ni_number(writer: _Writer) -> str:
    rnd = writer.rnd
    prefix = rnd.choice(("AB", "CE", "JK", "PR", "SW", "TA", "WL", "YZ", "HM", "EH", "NP"))
    digits = f"{rnd.randint(0, 999999):06d}"
    suffix = rnd.choice("ABCD")
    return rnd.choice((f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}",
                       f"{prefix}{digits}{suffix}", f"{prefix} {digits} {suffix}",
                       f"{prefix.lower()}{digits}{suffix.lower()}"))


_NI_TEMPLATES = (
    "Found a wallet on {street} with a card showing NI number {v}, who do I hand it to?",
    "Someone dumped paperwork by {landmark}, payslips and all, national insurance {v}.",
    "The man next door is working cash in hand under someone else's NI number, {v}.",
    "Letters for a previous tenant keep arriving, one lists {v} on the front.",
)


def _ordinal(day: int) -> str:
    return "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _date_of_birth(writer: _Writer) -> tuple[str, str]:
    born = writer.fake.date_of_birth(minimum_age=14, maximum_age=80)
    day, month, year = born.day, born.month, born.year
    return writer.pick((
        ("born {v}", f"{day:02d}/{month:02d}/{year}"),
        ("DOB {v}", f"{day}/{month}/{year % 100:02d}"),
        ("d.o.b. {v}", f"{day:02d}.{month:02d}.{year}"),
        ("date of birth: {v}", born.isoformat()),
        ("born on {v}", born.strftime(f"{day} %B %Y")),
        ("DOB: {v}", born.strftime(f"{day}{_ordinal(day)} %b %Y")),
    ))


_DOB_TEMPLATES = (
    "The lad causing all the trouble on {street} gave the shopkeeper his details, {dob}.",
    "My mum ({dob}) was scammed on the doorstep by fake builders.",
    "The man on the missing poster by {landmark}, {dob}, was last seen {time}.",
    "For the record I was {dob} and have lived on {street} all my life.",
)


def _card_number(writer: _Writer) -> str:
    number = writer.fake.credit_card_number(card_type=writer.pick(
        ("visa", "mastercard", "amex", "maestro", "visa16", "discover")))
    if writer.rnd.random() < 0.5 and len(number) == 16:
        return " ".join(number[i:i + 4] for i in range(0, 16, 4))
    return number


_CARD_TEMPLATES = (
    "Found a bank card on {street}, number {v}, where should I take it?",
    "Someone used my card {v} at the petrol station after it was skimmed.",
    "Picked up a card by {landmark}: {v}. Handed to the shop.",
    "The scam text asked for my card number and I nearly typed {v} in.",
)


def _bank(writer: _Writer) -> tuple[tuple[str, str], ...]:
    rnd = writer.rnd
    sort = f"{rnd.randint(10, 99)}-{rnd.randint(10, 99)}-{rnd.randint(10, 99)}"
    account = f"{rnd.randint(0, 99_999_999):08d}"
    return rnd.choice((
        (("sort code {v}", sort), ("account number {v}", account)),
        (("sort code: {v}", sort.replace("-", "")), ("acc no. {v}", account)),
        (("{v}", f"{sort} {account}"),),
        (("IBAN {v}", writer.fake.iban()),),
        (("account {v}", account),),
    ))


_BANK_TEMPLATES = (
    "The fake council caller asked my neighbour to pay into {bank}.",
    "Scam letters going round {street} asking for payment to {bank}.",
    "If anyone wants to chip in for the CCTV, pay {bank}, ref STREETCAM.",
)


_ACCUSATIONS = (
    # (template, which part of the name is seeded, other detectors the post must trip)
    ("{v} is dealing from the flat above {landmark}.", "full", ()),
    ("Everyone knows {v} stole the bikes from {place} station.", "full", ()),
    ("My neighbour {v} beats his dog and shouts at the kids.", "first", ()),
    ("Mr {v} at the end of {street} is selling drugs to schoolkids.", "last", ()),
    ("A lad called {v} carries a knife around {place}.", "first", ("emergency",)),
    ("{v} is the burglar who did the houses on {street}.", "full", ()),
    ("The dealer on {street} is {v}, he drives a black car.", "full", ()),
    ("Mrs {v} from the corner shop is grooming young girls.", "last", ("safeguarding",)),
    ("{v} from the estate attacked a man outside {landmark} on Friday.", "full", ()),
    ("It's {v} who nicked the parcels, we've got him on the doorbell camera.", "full", ()),
    ("Apparently {v} is a paedo, the whole street is talking about it.", "full", ()),
    ("My ex {v} threatened my sister in front of the kids.", "first", ()),
)


def _accusation(writer: _Writer) -> tuple[str, str, tuple[str, ...]]:
    template, part, also = writer.pick(_ACCUSATIONS)
    first, last = writer.fake.first_name(), writer.fake.last_name()
    name = {"full": f"{first} {last}", "first": first, "last": last}[part]
    return template, name, also


Seeds = tuple[tuple[str, str], ...]


def _one(detector: str, templates: tuple[str, ...], value_of: Callable[[_Writer], str]):
    """A maker for posts that carry one value, put where a template's {v} is."""
    def make(writer: _Writer, slots: dict[str, str]) -> tuple[str, Seeds]:
        value = value_of(writer)
        return writer.pick(templates).format(v=value, **slots), ((detector, value),)
    return make


def _seed_address(writer: _Writer, slots: dict[str, str]) -> tuple[str, Seeds]:
    value = _street_with_number(writer)
    return writer.pick(_ADDRESS_TEMPLATES).format(v=value, **slots), (("address", value),)


def _seed_plate(writer: _Writer, slots: dict[str, str]) -> tuple[str, Seeds]:
    value = _plate(writer)
    text = writer.pick(_PLATE_TEMPLATES).format(
        v=value, make=writer.pick(_MAKES),
        landmark_cap=slots["landmark"].replace("the ", "The "), **slots)
    return text, (("vehicle_plate", value),)


def _seed_date_of_birth(writer: _Writer, slots: dict[str, str]) -> tuple[str, Seeds]:
    key, value = _date_of_birth(writer)
    text = writer.pick(_DOB_TEMPLATES).format(dob=key.format(v=value), **slots)
    return text, (("date_of_birth", value),)


def _seed_bank(writer: _Writer, slots: dict[str, str]) -> tuple[str, Seeds]:
    parts = _bank(writer)
    bank = " ".join(key.format(v=value) for key, value in parts)
    text = writer.pick(_BANK_TEMPLATES).format(bank=bank, **slots)
    return text, tuple(("bank_details", value) for _, value in parts)


def _seed_accusation(writer: _Writer, slots: dict[str, str]) -> tuple[str, Seeds]:
    template, value, also = _accusation(writer)
    seeds = (("named_accusation", value), *((detector, "") for detector in also))
    return template.format(v=value, **slots), seeds


_SEEDERS = {
    "phone": _one("phone", _PHONE_TEMPLATES, _phone),
    "email": _one("email", _EMAIL_TEMPLATES, _email),
    "address": _seed_address,
    "postcode": _one("postcode", _POSTCODE_TEMPLATES, _postcode),
    "vehicle_plate": _seed_plate,
    "ni_number": _one("ni_number", _NI_TEMPLATES, _ni_number),
    "date_of_birth": _seed_date_of_birth,
    "card_number": _one("card_number", _CARD_TEMPLATES, _card_number),
    "bank_details": _seed_bank,
    "named_accusation": _seed_accusation,
}


def _seeded(writer: _Writer, detector: str) -> Post:
    """One post seeded with one kind of personal data."""
    text, seeds = _SEEDERS[detector](writer, writer.slots())
    text = _join(text[0].upper() + text[1:], writer.filler())
    labels = frozenset({detector, *(seeded for seeded, _ in seeds)})
    return Post(text, "personal_data", labels, tuple(seed for seed in seeds if seed[1]))


def _personal_data(writer: _Writer, per_detector: int) -> list[Post]:
    return [post for detector in PERSONAL_DATA_DETECTORS
            for post in _unique(writer, per_detector, lambda _, d=detector: _seeded(writer, d))]


# --- emergency, safeguarding, abuse, spam -------------------------------------------------------

EMERGENCY_TEMPLATES = (
    "There's a man with a knife outside {landmark} right now, please send someone.",
    "Someone is trying to break in to our flat as we speak.",
    "He's outside my door and he said he's going to kill me.",
    "Gunshots on {street} just now, people are screaming.",
    "My ex threatened to kill me and I think he's outside the house.",
    "Kids fighting with machetes by {landmark}.",
    "A man has just been stabbed near {place} station.",
    "Someone threw acid at a woman on {street}.",
    "There's a fight happening now outside {landmark}, it's getting nasty.",
    "A lad is being chased by a group of men on {street}.",
    "Man waving a gun about in {landmark} car park.",
    "The youths said they'd stab my son if he walks past {landmark} again.",
    "Somebody is banging on my door and shouting threats.",
    "A car is on fire on {street} and nobody has come.",
    "A woman is unconscious at the bus stop on {street}.",
    "They're kicking the door down next door, I can hear them.",
    "I fear for my life, the man from upstairs keeps waiting for me on the stairs.",
    "Group of lads with blades outside {landmark} {time}.",
    "Someone is being attacked on {street}, please come.",
    "Shots fired near {place}, everyone's hiding in the shop.",
)
SELF_HARM_TEMPLATES = (
    "I can't take the harassment any more and I want to end my life.",
    "I've been feeling suicidal since all this started on {street}.",
    "If this carries on I'll kill myself, I'm not joking.",
    "Honestly some nights I think about hurting myself because of the noise.",
    "I don't want to be alive any more, nobody listens about {street}.",
)


_URGENT_ENDINGS = ("", "", "Please help.", "What do I do?", "I'm scared.", "Someone come.")


def _emergencies(writer: _Writer, count: int, self_harm: int) -> list[Post]:
    def make(templates: tuple[str, ...], labels: frozenset[str]) -> Callable[[int], Post]:
        def post(i: int) -> Post:
            slots = writer.slots()
            text = _join(templates[i % len(templates)].format(**slots),
                         writer.pick(_URGENT_ENDINGS))
            return Post(text, "emergency", labels)
        return post
    return [*_unique(writer, self_harm, make(SELF_HARM_TEMPLATES,
                                             frozenset({"emergency", "safeguarding"}))),
            *_unique(writer, count - self_harm, make(EMERGENCY_TEMPLATES,
                                                     frozenset({"emergency"})))]


SAFEGUARDING_TEMPLATES = (
    "My partner hits me when he's been drinking and I don't know who to talk to.",
    "I think the family upstairs leave their kids home alone for days at a time.",
    "The girl who hangs around {landmark} is being groomed by older men in cars.",
    "There are underage girls getting into cars with men by {place} station.",
    "My neighbour is a vulnerable adult and dealers have taken over his flat.",
    "I can hear the woman next door screaming most nights.",
    "He controls my money and won't let me see my family.",
    "The children next door are being neglected, they're always hungry.",
    "I'm in a coercive relationship and I'm scared to leave.",
    "I'm scared of my husband and he knows where my sister lives.",
    "Young kids are being used to carry drugs, that's child exploitation.",
    "I think there's modern slavery at the car wash on {street}.",
    "The toddler at the end of {street} is left alone in the garden for hours.",
    "She hits me and then says it's my fault.",
    "It's domestic abuse, my friend is living with it and won't report it.",
)


def _safeguarding(writer: _Writer, count: int) -> list[Post]:
    return _unique(writer, count, lambda i: Post(
        _join(writer.sentence(SAFEGUARDING_TEMPLATES[i % len(SAFEGUARDING_TEMPLATES)]),
              writer.pick(("", "Please help.", "I didn't know where else to say it.",
                           "Who do I tell?"))),
        "safeguarding", frozenset({"safeguarding"})))


ABUSIVE_ADJECTIVES = ("fucking", "f*cking", "fuckin", "shite", "f u c k i n g", "FUCKING",
                      "fuuuucking", "sh*tty", "shitty", "sh1tty")
ABUSIVE_NOUNS = ("wankers", "c*nts", "tw@ts", "bellends", "scumbags", "bastards", "dickheads",
                 "tossers", "slags", "arseholes", "pr*cks", "p*kis", "sh!theads", "cunts", "twats")
_ABUSE_TEMPLATES = (
    ("The {w} scooter riders on {street} need sorting out.", ABUSIVE_ADJECTIVES),
    ("What a {w} state {place} is in.", ABUSIVE_ADJECTIVES),
    ("Sick of the {w} noise from {landmark} {time}.", ABUSIVE_ADJECTIVES),
    ("Those {w} at the council never do anything about {street}.", ABUSIVE_NOUNS),
    ("Absolute {w} dumping rubbish by {landmark} again.", ABUSIVE_NOUNS),
    ("The lads outside {landmark} are {w}, every single night.", ABUSIVE_NOUNS),
)
_HATE = (
    "Tell them to go back to your own country, {place} is full.",
    "The family at the end should go back to their own country.",
)


def _abuse(writer: _Writer, count: int) -> list[Post]:
    def make(i: int) -> Post:
        slots = writer.slots()
        if i % 10 == 9:
            return Post(_HATE[i % 2].format(**slots), "abuse", frozenset({"abuse"}))
        template, words = writer.pick(_ABUSE_TEMPLATES)
        word = writer.pick(words)
        text = template.format(w=word, **slots)
        return Post(text[0].upper() + text[1:], "abuse", frozenset({"abuse"}), (("abuse", word),))
    return _unique(writer, count, make)


def _spam_links(writer: _Writer) -> Post:
    domains = [writer.fake.domain_word() for _ in range(3)]
    text = (f"Best deals at www.{domains[0]}.xyz, http://bit.ly/{writer.fake.lexify('????')} and "
            f"https://{domains[1]}.shop/offer plus {domains[2]}.com")
    return Post(text, "spam", frozenset({"spam"}))


def _spam_sales(writer: _Writer) -> Post:
    return Post(f"Earn £{writer.rnd.randint(2, 9)}00 a day working from home, click here: "
                f"https://{writer.fake.domain_word()}.biz", "spam", frozenset({"spam"}))


def _spam_repeat(writer: _Writer) -> Post:
    text = _join("Posting this again:", writer.sentence(writer.pick(CLEAN_TEMPLATES)))
    earlier = text.upper().replace(",", "").replace(".", "!!")
    return Post(text, "spam", frozenset({"spam"}),
                recent_texts=("Unrelated earlier post.", earlier))


def _spam_shouting(writer: _Writer) -> Post:
    text = _join(writer.sentence(writer.pick(CLEAN_TEMPLATES)), "SORT IT OUT NOW PLEASE.")
    return Post(text.upper(), "spam", frozenset({"spam"}))


def _spam_flood(writer: _Writer) -> Post:
    run = writer.pick(("!" * 14, "o" * 12, "?" * 11, "." * 20, "e" * 15))
    return Post(f"Hell{run} is anyone from the council reading this about {writer.pick(STREETS)}",
                "spam", frozenset({"spam"}), (("spam", run),))


def _spam(writer: _Writer, count: int) -> list[Post]:
    makers: tuple[Callable[[_Writer], Post], ...] = (
        _spam_links, _spam_sales, _spam_repeat, _spam_shouting, _spam_flood)
    return _unique(writer, count, lambda i: makers[i % len(makers)](writer))


def build_corpus(seed: int = SEED) -> list[Post]:
    """The whole labelled corpus, the same on every run with the same seed and Faker."""
    writer = _Writer(seed)
    return [
        *_clean(writer, 260),
        *_crime_reports(writer, 25),
        *_personal_data(writer, SEEDED_PER_DETECTOR),
        *_emergencies(writer, 40, self_harm=8),
        *_safeguarding(writer, 25),
        *_abuse(writer, 25),
        *_spam(writer, 25),
    ]

"""Demo reference data: real London boroughs, wards and (illustrative) Safer Neighbourhood Teams.

Plain Python data in the types of engage/demo/places.py, checked when imported; no Django
imports, so `manage.py seed_demo` can turn it into rows.

Sources and licence
-------------------
Ward and borough names, ONS codes and boundaries: Office for National Statistics, Ward
boundaries (December 2022) for the UK, and Local Authority Districts (2023), as redistributed
one feature per file by the open-innovations/geography-bits repository on GitHub
(`data/WD22CD/<ward code>.geojsonl`, `data/WD23CD/<ward code>.geojsonl`,
`data/LAD23CD/<borough code>.geojsonl`).
Contains National Statistics data (c) Crown copyright and database right 2022-2023.
Licensed under the Open Government Licence v3.0:
https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/

What was confirmed, and what is approximate
-------------------------------------------
* Confirmed from those files: every ward code and name below, and the borough each ward is in
  (each `WD22CD` file carries `LAD22CD`/`LAD22NM` as well as `WD22CD`/`WD22NM`; the `WD23CD`
  file for the same code carries the same name). Borough codes and names are confirmed from the
  `LAD23CD` files (E09000007 Camden, E09000019 Islington, E09000012 Hackney).
* Boundaries are the generalised `WD22CD` polygons from those files, coordinates
  (longitude, latitude, WGS84) to 5 decimal places, as published there. They are simplified
  outlines, good for a map and rough point-in-ward checks, not for legal or operational use.
* Approximate: postcode districts and sectors per ward. Districts are public knowledge but do
  not follow ward boundaries, so one district spans several wards (NW1, N7, E8...). Sectors
  are listed only where they are well known for the area; coverage is approximate for the demo.
* Illustrative only: everything about the teams. Team names follow the Met's real
  "<Ward> Safer Neighbourhood Team" pattern and X handles follow its "MPS<Ward>" style (shown,
  never contacted), but they have not been checked against the Met's live accounts. Emails use
  the reserved `.example` domain and landlines use Ofcom's drama range (020 7946 0000-0999),
  so nothing the demo sends can reach a real police team. Priorities are written in the style
  of real ward priorities but are invented for the demo, not copied from police.uk.
"""

from __future__ import annotations

import datetime
from typing import Any

from engage.demo.places import EMAIL_DOMAIN, Borough, Priority, TeamInfo, Ward, check


def _polygon(*ring: tuple[float, float]) -> dict[str, Any]:
    """A GeoJSON Polygon geometry from one closed ring of (lon, lat) points."""
    if ring[0] != ring[-1]:
        raise ValueError("a GeoJSON ring must be closed (first point == last point)")
    return {"type": "Polygon", "coordinates": [[[lon, lat] for lon, lat in ring]]}


def _d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _team(ward_name: str, mailbox: str, extension: str, x_handle: str,
          *priorities: Priority) -> TeamInfo:
    slug_base = (ward_name.lower().replace("&", "and").replace("'", "").replace(" ", "-"))
    return TeamInfo(
        name=f"{ward_name} Safer Neighbourhood Team",
        slug=f"{slug_base}-snt",
        email=f"{mailbox}.snt@{EMAIL_DOMAIN}",
        landline=f"020 7946 {extension}",
        x_handle=x_handle,
        priorities=priorities,
    )


BOROUGHS: tuple[Borough, ...] = (
    Borough(code="E09000007", name="Camden", slug="camden"),  # LAD23CD/E09000007.geojsonl
    Borough(code="E09000019", name="Islington", slug="islington"),  # LAD23CD/E09000019.geojsonl
    Borough(code="E09000012", name="Hackney", slug="hackney"),  # LAD23CD/E09000012.geojsonl
)


# --- Boundaries ---------------------------------------------------------------------------
# ONS Ward boundaries (December 2022), generalised, via open-innovations/geography-bits.
# Contains National Statistics data (c) Crown copyright and database right 2022. OGL v3.0.
_BOUNDARIES: dict[str, dict[str, Any]] = {
    # Camden Town (Camden): data/WD22CD/E05013655.geojsonl
    "E05013655": _polygon(
        (-0.13841, 51.54182), (-0.13759, 51.54088), (-0.13751, 51.54079), (-0.13912, 51.54104),
        (-0.13990, 51.54051), (-0.13936, 51.53987), (-0.14144, 51.53912), (-0.13996, 51.53758),
        (-0.14356, 51.53645), (-0.14538, 51.53643), (-0.14631, 51.53676), (-0.15118, 51.54126),
        (-0.15314, 51.54234), (-0.15503, 51.54289), (-0.15475, 51.54333), (-0.15266, 51.54386),
        (-0.14735, 51.54250), (-0.14692, 51.54332), (-0.14592, 51.54391), (-0.14645, 51.54546),
        (-0.14158, 51.54517), (-0.13841, 51.54182),
    ),
    # Belsize (Camden): data/WD22CD/E05013652.geojsonl
    "E05013652": _polygon(
        (-0.16775, 51.55248), (-0.16176, 51.54868), (-0.15897, 51.54704), (-0.15944, 51.54635),
        (-0.16130, 51.54546), (-0.16291, 51.54552), (-0.17350, 51.54412), (-0.17511, 51.54359),
        (-0.17598, 51.54471), (-0.17843, 51.54577), (-0.17956, 51.54689), (-0.18028, 51.54766),
        (-0.17963, 51.54789), (-0.18019, 51.54848), (-0.17971, 51.55011), (-0.17986, 51.55183),
        (-0.17720, 51.55268), (-0.17647, 51.55216), (-0.17593, 51.55231), (-0.17592, 51.55168),
        (-0.17510, 51.55167), (-0.17165, 51.55289), (-0.16920, 51.55321), (-0.16775, 51.55248),
    ),
    # King's Cross (Camden): data/WD22CD/E05013666.geojsonl
    "E05013666": _polygon(
        (-0.12509, 51.54114), (-0.12308, 51.53850), (-0.12240, 51.53688), (-0.12256, 51.53073),
        (-0.11990, 51.53094), (-0.11602, 51.52984), (-0.11543, 51.52772), (-0.11295, 51.52641),
        (-0.11425, 51.52552), (-0.11596, 51.52436), (-0.12188, 51.52299), (-0.12425, 51.52698),
        (-0.12622, 51.52912), (-0.12865, 51.53347), (-0.12656, 51.53415), (-0.12636, 51.53469),
        (-0.12879, 51.53696), (-0.13243, 51.53832), (-0.13664, 51.54079), (-0.13751, 51.54079),
        (-0.13759, 51.54088), (-0.13586, 51.54147), (-0.13206, 51.54114), (-0.12509, 51.54114),
    ),
    # Kentish Town North (Camden): data/WD22CD/E05013663.geojsonl
    "E05013663": _polygon(
        (-0.13840, 51.55686), (-0.13718, 51.55540), (-0.13526, 51.55459), (-0.13438, 51.55362),
        (-0.13103, 51.55151), (-0.13072, 51.55067), (-0.14088, 51.55086), (-0.14390, 51.55176),
        (-0.14779, 51.55246), (-0.14827, 51.55323), (-0.14584, 51.55591), (-0.14181, 51.55730),
        (-0.14202, 51.55754), (-0.13944, 51.55824), (-0.13840, 51.55686),
    ),
    # Holborn & Covent Garden (Camden): data/WD22CD/E05013662.geojsonl
    "E05013662": _polygon(
        (-0.10535, 51.51854), (-0.10783, 51.51777), (-0.11382, 51.51826), (-0.11161, 51.51534),
        (-0.11386, 51.51482), (-0.11472, 51.51604), (-0.11949, 51.51451), (-0.12184, 51.51487),
        (-0.12210, 51.51463), (-0.12289, 51.51514), (-0.12735, 51.51267), (-0.12907, 51.51345),
        (-0.12985, 51.51448), (-0.13038, 51.51643), (-0.12043, 51.51762), (-0.12105, 51.51897),
        (-0.12504, 51.52219), (-0.12188, 51.52299), (-0.11596, 51.52436), (-0.11425, 51.52552),
        (-0.11256, 51.52379), (-0.10899, 51.52302), (-0.10828, 51.52209), (-0.10702, 51.52219),
        (-0.10535, 51.51854),
    ),
    # Holloway (Islington): data/WD22CD/E05013706.geojsonl
    "E05013706": _polygon(
        (-0.11694, 51.55609), (-0.11152, 51.55201), (-0.11537, 51.55009), (-0.11650, 51.55093),
        (-0.11894, 51.54862), (-0.11981, 51.54734), (-0.11962, 51.54682), (-0.12636, 51.54504),
        (-0.12720, 51.54766), (-0.12913, 51.54884), (-0.12380, 51.55338), (-0.12114, 51.55655),
        (-0.11948, 51.55783), (-0.11694, 51.55609),
    ),
    # Arsenal (Islington): data/WD22CD/E05013697.geojsonl
    "E05013697": _polygon(
        (-0.09959, 51.56156), (-0.09859, 51.56084), (-0.09814, 51.55578), (-0.10563, 51.55549),
        (-0.10509, 51.55267), (-0.10600, 51.55204), (-0.10818, 51.55155), (-0.10952, 51.55054),
        (-0.11152, 51.55201), (-0.11694, 51.55609), (-0.11121, 51.55847), (-0.10947, 51.55672),
        (-0.10781, 51.55929), (-0.10683, 51.56192), (-0.10525, 51.56213), (-0.10360, 51.56169),
        (-0.10244, 51.56068), (-0.10108, 51.56109), (-0.10100, 51.56145), (-0.09959, 51.56156),
    ),
    # Caledonian (Islington): data/WD22CD/E05013700.geojsonl
    "E05013700": _polygon(
        (-0.11646, 51.54318), (-0.11616, 51.54274), (-0.11692, 51.54256), (-0.11693, 51.54217),
        (-0.11584, 51.53781), (-0.11600, 51.53719), (-0.11659, 51.53695), (-0.11702, 51.53501),
        (-0.11489, 51.53478), (-0.11419, 51.53138), (-0.11990, 51.53094), (-0.12256, 51.53073),
        (-0.12240, 51.53688), (-0.12308, 51.53850), (-0.12509, 51.54114), (-0.12636, 51.54504),
        (-0.11962, 51.54682), (-0.11830, 51.54482), (-0.11778, 51.54486), (-0.11743, 51.54293),
        (-0.11646, 51.54318),
    ),
    # Clerkenwell (Islington): data/WD22CD/E05013702.geojsonl
    "E05013702": _polygon(
        (-0.10014, 51.52651), (-0.10353, 51.52588), (-0.10290, 51.52455), (-0.10322, 51.52434),
        (-0.10233, 51.52324), (-0.10158, 51.52120), (-0.10178, 51.51968), (-0.10535, 51.51854),
        (-0.10702, 51.52219), (-0.10828, 51.52209), (-0.10899, 51.52302), (-0.11256, 51.52379),
        (-0.11425, 51.52552), (-0.11295, 51.52641), (-0.11543, 51.52772), (-0.11602, 51.52984),
        (-0.11990, 51.53094), (-0.11419, 51.53138), (-0.10628, 51.53190), (-0.10491, 51.52956),
        (-0.10483, 51.52842), (-0.10249, 51.52978), (-0.10133, 51.52893), (-0.10014, 51.52651),
    ),
    # Highbury (Islington): data/WD22CD/E05013704.geojsonl
    "E05013704": _polygon(
        (-0.09175, 51.56023), (-0.09042, 51.55757), (-0.09237, 51.55694), (-0.09235, 51.55381),
        (-0.09293, 51.55380), (-0.09265, 51.55163), (-0.09363, 51.55114), (-0.09409, 51.55145),
        (-0.09394, 51.55073), (-0.09480, 51.55053), (-0.09480, 51.55082), (-0.09574, 51.55079),
        (-0.09577, 51.55000), (-0.09806, 51.54988), (-0.09861, 51.54676), (-0.10050, 51.54630),
        (-0.10231, 51.54608), (-0.10331, 51.54625), (-0.10538, 51.54736), (-0.10952, 51.55054),
        (-0.10818, 51.55155), (-0.10600, 51.55204), (-0.10509, 51.55267), (-0.10563, 51.55549),
        (-0.09814, 51.55578), (-0.09859, 51.56084), (-0.09603, 51.56123), (-0.09175, 51.56023),
    ),
    # Hackney Central (Hackney): data/WD22CD/E05009372.geojsonl
    "E05009372": _polygon(
        (-0.05604, 51.55217), (-0.05496, 51.54962), (-0.05439, 51.54975), (-0.05323, 51.54789),
        (-0.05194, 51.54812), (-0.05131, 51.54732), (-0.05505, 51.54711), (-0.05539, 51.54363),
        (-0.05771, 51.54337), (-0.05987, 51.54364), (-0.06260, 51.54332), (-0.06294, 51.54411),
        (-0.06452, 51.54407), (-0.06466, 51.54538), (-0.06352, 51.54545), (-0.06387, 51.54611),
        (-0.06456, 51.54616), (-0.06524, 51.54745), (-0.06900, 51.54765), (-0.06862, 51.54813),
        (-0.06768, 51.54827), (-0.06783, 51.54991), (-0.06836, 51.54990), (-0.06853, 51.55116),
        (-0.06394, 51.55190), (-0.05622, 51.55297), (-0.05604, 51.55217),
    ),
    # Dalston (Hackney): data/WD22CD/E05009370.geojsonl
    "E05009370": _polygon(
        (-0.06452, 51.54407), (-0.07609, 51.54415), (-0.07570, 51.54613), (-0.07684, 51.54608),
        (-0.07638, 51.54635), (-0.07644, 51.54732), (-0.07775, 51.54946), (-0.07553, 51.55051),
        (-0.07256, 51.55115), (-0.07157, 51.55073), (-0.06853, 51.55116), (-0.06836, 51.54990),
        (-0.06783, 51.54991), (-0.06768, 51.54827), (-0.06862, 51.54813), (-0.06900, 51.54765),
        (-0.06524, 51.54745), (-0.06456, 51.54616), (-0.06387, 51.54611), (-0.06352, 51.54545),
        (-0.06466, 51.54538), (-0.06452, 51.54407),
    ),
    # Hoxton East & Shoreditch (Hackney): data/WD22CD/E05009377.geojsonl
    "E05009377": _polygon(
        (-0.07818, 51.53665), (-0.07689, 51.53648), (-0.07708, 51.53142), (-0.07789, 51.52878),
        (-0.07574, 51.52836), (-0.07730, 51.52730), (-0.07632, 51.52714), (-0.07667, 51.52635),
        (-0.07648, 51.52431), (-0.07595, 51.52434), (-0.07577, 51.52368), (-0.07615, 51.52237),
        (-0.07648, 51.52204), (-0.07828, 51.52190), (-0.07856, 51.52150), (-0.08107, 51.52197),
        (-0.08180, 51.52074), (-0.08315, 51.51985), (-0.08522, 51.52033), (-0.08422, 51.52390),
        (-0.08514, 51.52392), (-0.08544, 51.52451), (-0.08475, 51.52542), (-0.08502, 51.52620),
        (-0.08374, 51.52655), (-0.08362, 51.52907), (-0.08294, 51.53056), (-0.08303, 51.53320),
        (-0.08623, 51.53315), (-0.08633, 51.53375), (-0.08770, 51.53335), (-0.08969, 51.53601),
        (-0.08662, 51.53726), (-0.08424, 51.53749), (-0.07818, 51.53665),
    ),
    # London Fields (Hackney): data/WD22CD/E05009381.geojsonl
    "E05009381": _polygon(
        (-0.05539, 51.54363), (-0.05528, 51.54223), (-0.05527, 51.54074), (-0.05710, 51.53838),
        (-0.05733, 51.53441), (-0.05879, 51.53410), (-0.06010, 51.53419), (-0.06246, 51.53553),
        (-0.06185, 51.53657), (-0.06252, 51.53665), (-0.06594, 51.53860), (-0.06576, 51.53885),
        (-0.07027, 51.53871), (-0.07024, 51.53905), (-0.07408, 51.53920), (-0.07314, 51.53855),
        (-0.07677, 51.53842), (-0.07674, 51.53902), (-0.07609, 51.54415), (-0.06452, 51.54407),
        (-0.06294, 51.54411), (-0.06260, 51.54332), (-0.05987, 51.54364), (-0.05771, 51.54337),
        (-0.05539, 51.54363),
    ),
    # Stoke Newington (Hackney): data/WD22CD/E05009385.geojsonl
    "E05009385": _polygon(
        (-0.07311, 51.56539), (-0.07323, 51.56341), (-0.07162, 51.56285), (-0.07090, 51.56217),
        (-0.06815, 51.55559), (-0.06911, 51.55530), (-0.06840, 51.55452), (-0.07366, 51.55458),
        (-0.07388, 51.55496), (-0.07473, 51.55496), (-0.07478, 51.55472), (-0.07923, 51.55513),
        (-0.07889, 51.55763), (-0.08098, 51.55778), (-0.08118, 51.55961), (-0.08024, 51.56000),
        (-0.08059, 51.56150), (-0.08018, 51.56155), (-0.08025, 51.56212), (-0.08385, 51.56429),
        (-0.08473, 51.56585), (-0.07849, 51.56723), (-0.07635, 51.56679), (-0.07445, 51.56555),
        (-0.07311, 51.56539),
    ),
}


# --- Wards and their Safer Neighbourhood Teams ----------------------------------------------
# Priorities: set Aug-Nov 2026, reviewed Dec 2026-Mar 2027 (the demo's "today" is 2026-11-28).

WARDS: tuple[Ward, ...] = (
    # ---- Camden (E09000007) ----
    Ward(
        code="E05013655", name="Camden Town", slug="camden-town", borough_code="E09000007",
        postcode_areas=("NW1", "NW1 7", "NW1 8"),
        boundary=_BOUNDARIES["E05013655"],
        team=_team(
            "Camden Town", "camdentown", "0111", "MPSCamdenTown",
            Priority(
                "Drug dealing around Camden Town station",
                "Drug dealing and associated anti-social behaviour around Camden Town station, "
                "Buck Street, Inverness Street and the Camden Lock towpath. The team is running "
                "high-visibility patrols at the busiest times, using stop and search where there "
                "are grounds, and working with Camden Council and British Transport Police to "
                "disrupt known dealers and design out the spots they use.",
                _d("2026-09-03"), _d("2026-12-03"),
            ),
            Priority(
                "Phone snatches and pickpocketing in the markets",
                "Theft of phones and bags along Camden High Street, Chalk Farm Road and in the "
                "market yards, often by suspects on e-bikes or e-scooters. Plain-clothes and "
                "uniformed patrols at weekends, crime-prevention stalls with market traders and "
                "advice to visitors on keeping phones out of reach at the kerbside.",
                _d("2026-10-08"), _d("2027-01-08"),
            ),
            Priority(
                "Violence and disorder in the night-time economy",
                "Alcohol-related disorder and violence around late-night venues on Camden High "
                "Street and Camden Road from Thursday to Saturday night. The team is working with "
                "venue managers and Camden's licensing team on door staff, welfare and "
                "vulnerability training, and safe routes to the station at closing time.",
                _d("2026-11-05"), _d("2027-02-05"),
            ),
        ),
    ),
    Ward(
        code="E05013666", name="King's Cross", slug="kings-cross", borough_code="E09000007",
        postcode_areas=("N1C", "NW1", "WC1H", "WC1H 8", "WC1X"),
        boundary=_BOUNDARIES["E05013666"],
        team=_team(
            "King's Cross", "kingscross", "0112", "MPSKingsCross",
            Priority(
                "Drug dealing and drug use off Euston Road",
                "Drug dealing, drug use and discarded needles in Argyle Square, Cromer Street and "
                "the side streets between Euston Road and Gray's Inn Road. Patrols with Camden's "
                "community safety officers, warrants where intelligence supports them, and "
                "referrals into treatment for people found using.",
                _d("2026-08-20"), _d("2026-12-17"),
            ),
            Priority(
                "Robbery and theft at King's Cross Central",
                "Evening robberies and thefts of phones and watches around Granary Square, Coal "
                "Drops Yard and the Regent's Canal towpath. The team is patrolling with the "
                "estate's security staff, sharing suspect descriptions and advising visitors on "
                "staying aware when walking to and from the stations.",
                _d("2026-10-01"), _d("2027-01-14"),
            ),
        ),
    ),
    Ward(
        code="E05013663", name="Kentish Town North", slug="kentish-town-north",
        borough_code="E09000007",
        postcode_areas=("NW5",),
        boundary=_BOUNDARIES["E05013663"],
        team=_team(
            "Kentish Town North", "kentishtownnorth", "0113", "MPSKentishTownN",
            Priority(
                "Moped and e-bike enabled phone snatches",
                "Phones snatched from people walking along Highgate Road, Fortess Road and "
                "Dartmouth Park Hill, mostly in the early evening. Targeted patrols at the times "
                "reported, use of local CCTV, and advice to residents to step back from the "
                "kerb and keep phones out of sight.",
                _d("2026-09-17"), _d("2026-12-17"),
            ),
            Priority(
                "Residential burglary",
                "Burglaries of homes and communal entrances in the residential streets of the "
                "ward, usually through rear windows and insecure doors. Free security surveys "
                "for residents, property marking events and patrols after any reported burglary.",
                _d("2026-10-22"), _d("2027-01-22"),
            ),
            Priority(
                "Anti-social behaviour in estate communal areas",
                "Groups gathering, cannabis use and noise in stairwells, bin stores and "
                "communal areas of local housing estates. Joint visits with housing officers, "
                "warnings and acceptable behaviour contracts, and work with youth services on "
                "things to do in the evenings.",
                _d("2026-11-12"), _d("2027-02-12"),
            ),
        ),
    ),
    Ward(
        code="E05013652", name="Belsize", slug="belsize", borough_code="E09000007",
        postcode_areas=("NW3", "NW3 4", "NW3 5"),
        boundary=_BOUNDARIES["E05013652"],
        team=_team(
            "Belsize", "belsize", "0114", "MPSBelsize",
            Priority(
                "Residential burglary",
                "Burglary of houses and flats in the streets around Belsize Village, Belsize "
                "Park Gardens and Belsize Square, often in the late afternoon as it gets dark. "
                "Patrols at those times, security surveys and advice on timer lights and locks.",
                _d("2026-10-15"), _d("2027-01-15"),
            ),
            Priority(
                "Theft of and from vehicles",
                "Keyless theft of cars and theft of catalytic converters and number plates in "
                "residential streets. Overnight patrols, checks on suspicious vehicles and "
                "advice to drivers on signal-blocking pouches and steering locks.",
                _d("2026-08-27"), _d("2026-12-10"),
            ),
            Priority(
                "Courier and doorstep fraud targeting older residents",
                "Fraudsters phoning older residents and pretending to be police officers or "
                "bank staff, then sending a courier to collect cash or cards. The team is "
                "visiting sheltered housing, working with local banks and reminding residents "
                "that the police will never ask them to hand over money.",
                _d("2026-11-19"), _d("2027-03-19"),
            ),
        ),
    ),
    Ward(
        code="E05013662", name="Holborn & Covent Garden", slug="holborn-and-covent-garden",
        borough_code="E09000007",
        postcode_areas=("WC1N", "WC1R", "WC1V", "WC2A", "WC2B", "WC2H"),
        boundary=_BOUNDARIES["E05013662"],
        team=_team(
            "Holborn & Covent Garden", "holborncoventgarden", "0115", "MPSHolbornCG",
            Priority(
                "Pickpocketing and phone theft around Seven Dials",
                "Pickpocketing and phone theft in the busy streets around Seven Dials, Neal "
                "Street and Drury Lane, especially at weekends and before theatre performances. "
                "Plain-clothes patrols and work with shops and theatres on warning visitors.",
                _d("2026-09-10"), _d("2026-12-10"),
            ),
            Priority(
                "Anti-social behaviour in Lincoln's Inn Fields and Red Lion Square",
                "Street drinking, drug use and rough sleeping-related anti-social behaviour in "
                "Lincoln's Inn Fields and Red Lion Square. Patrols with Camden's outreach "
                "workers so that people sleeping rough are offered support, and enforcement "
                "where behaviour is causing harm to others.",
                _d("2026-10-29"), _d("2027-02-26"),
            ),
        ),
    ),
    # ---- Islington (E09000019) ----
    Ward(
        code="E05013706", name="Holloway", slug="holloway", borough_code="E09000019",
        postcode_areas=("N7",),
        boundary=_BOUNDARIES["E05013706"],
        team=_team(
            "Holloway", "holloway", "0121", "MPSHolloway",
            Priority(
                "Drug dealing and anti-social behaviour on Holloway Road",
                "Drug dealing and associated anti-social behaviour around Holloway Road station "
                "and the side streets off Holloway Road and Camden Road. High-visibility "
                "patrols, stop and search where there are grounds, and closure orders on "
                "premises used for dealing, with Islington Council.",
                _d("2026-09-24"), _d("2026-12-24"),
            ),
            Priority(
                "Shop theft around the Nag's Head",
                "Shoplifting and abuse of shop staff along Holloway Road towards the Nag's Head. "
                "Working with retailers on reporting and evidence, patrols at peak times and "
                "action against repeat offenders.",
                _d("2026-10-15"), _d("2027-01-29"),
            ),
            Priority(
                "Youth violence and knife crime",
                "Keeping young people safe from violence and weapon carrying, particularly "
                "after school. Weapon sweeps of open spaces, patrols at school closing times "
                "and work with schools and youth workers in the ward.",
                _d("2026-11-02"), _d("2027-03-02"),
            ),
        ),
    ),
    Ward(
        code="E05013697", name="Arsenal", slug="arsenal", borough_code="E09000019",
        postcode_areas=("N5", "N5 1", "N7"),
        boundary=_BOUNDARIES["E05013697"],
        team=_team(
            "Arsenal", "arsenal", "0122", "MPSArsenal",
            Priority(
                "Match-day anti-social behaviour",
                "Anti-social behaviour, street drinking and illegal street trading around the "
                "Emirates Stadium, Drayton Park and Benwell Road on match days. The team works "
                "with the club's stewards and Islington's parking and licensing officers before "
                "and after games.",
                _d("2026-08-13"), _d("2026-12-13"),
            ),
            Priority(
                "Anti-social behaviour around Gillespie Park",
                "Groups gathering, drug use and noise around Gillespie Road and the edges of "
                "Gillespie Park in the evenings. Evening patrols and joint work with the park's "
                "staff and local residents' associations.",
                _d("2026-10-07"), _d("2027-01-07"),
            ),
        ),
    ),
    Ward(
        code="E05013700", name="Caledonian", slug="caledonian", borough_code="E09000019",
        postcode_areas=("N1", "N7"),
        boundary=_BOUNDARIES["E05013700"],
        team=_team(
            "Caledonian", "caledonian", "0123", "MPSCaledonian",
            Priority(
                "Drug dealing along Caledonian Road",
                "Drug dealing and drug use along Caledonian Road, between King's Cross and "
                "Caledonian Road station, and in neighbouring estate stairwells. Patrols, "
                "intelligence-led warrants and joint work with housing providers to secure "
                "communal doors.",
                _d("2026-09-01"), _d("2026-12-01"),
            ),
            Priority(
                "Robbery of young people",
                "Robberies of phones and cash from young people on their way to and from "
                "school around Caledonian Road and Market Road. Patrols at school times and "
                "safety talks in local schools.",
                _d("2026-11-09"), _d("2027-02-09"),
            ),
        ),
    ),
    Ward(
        code="E05013702", name="Clerkenwell", slug="clerkenwell", borough_code="E09000019",
        postcode_areas=("EC1M", "EC1R", "EC1V", "WC1X"),
        boundary=_BOUNDARIES["E05013702"],
        team=_team(
            "Clerkenwell", "clerkenwell", "0124", "MPSClerkenwell",
            Priority(
                "Phone snatches by cyclists",
                "Phones snatched by suspects on bikes and e-bikes on Rosebery Avenue, Farringdon "
                "Road and Clerkenwell Road. Targeted patrols at the reported times and advice to "
                "pedestrians and office workers on phone safety.",
                _d("2026-08-06"), _d("2026-12-06"),
            ),
            Priority(
                "Night-time economy",
                "Noise, disorder and thefts around bars and restaurants in Exmouth Market and "
                "the late-night venues towards Farringdon. Licensing visits with Islington "
                "Council and patrols at closing time on Friday and Saturday nights.",
                _d("2026-10-20"), _d("2027-01-20"),
            ),
        ),
    ),
    Ward(
        code="E05013704", name="Highbury", slug="highbury", borough_code="E09000019",
        postcode_areas=("N5",),
        boundary=_BOUNDARIES["E05013704"],
        team=_team(
            "Highbury", "highbury", "0125", "MPSHighbury",
            Priority(
                "Residential burglary",
                "Burglaries of homes in the streets around Highbury Barn and Highbury Park, "
                "many through insecure rear doors and windows. Patrols, security advice and "
                "visits to neighbours after every burglary.",
                _d("2026-10-12"), _d("2027-01-12"),
            ),
            Priority(
                "Moped-enabled crime",
                "Thefts of and from mopeds and motorcycles, and phone snatches by riders, in the "
                "residential streets of the ward. Marking and locking events for riders and "
                "patrols in the hotspots reported by residents.",
                _d("2026-11-16"), _d("2027-03-16"),
            ),
        ),
    ),
    # ---- Hackney (E09000012) ----
    Ward(
        code="E05009372", name="Hackney Central", slug="hackney-central",
        borough_code="E09000012",
        postcode_areas=("E8", "E8 1", "E9"),
        boundary=_BOUNDARIES["E05009372"],
        team=_team(
            "Hackney Central", "hackneycentral", "0131", "MPSHackneyCent",
            Priority(
                "Drug dealing around the Narrow Way and Hackney Central station",
                "Drug dealing and associated anti-social behaviour on the Narrow Way, around "
                "Hackney Central station and in the streets off Mare Street. Daily patrols, "
                "stop and search where there are grounds and joint work with Hackney Council's "
                "enforcement officers.",
                _d("2026-09-08"), _d("2026-12-08"),
            ),
            Priority(
                "Shop theft on Mare Street",
                "Shoplifting and violence towards shop workers along Mare Street. Working with "
                "retailers to report every incident with CCTV, patrols at peak times and "
                "criminal behaviour orders for prolific offenders.",
                _d("2026-10-27"), _d("2027-01-27"),
            ),
        ),
    ),
    Ward(
        code="E05009370", name="Dalston", slug="dalston", borough_code="E09000012",
        postcode_areas=("E8", "E8 2", "N16"),
        boundary=_BOUNDARIES["E05009370"],
        team=_team(
            "Dalston", "dalston", "0132", "MPSDalston",
            Priority(
                "Night-time economy violence",
                "Violence, robbery and drink spiking around the late-night venues of Kingsland "
                "High Street and Stoke Newington Road from Thursday to Sunday. Patrols with "
                "venue staff, welfare and vulnerability training for bar workers, and safe "
                "travel advice for people going home late.",
                _d("2026-08-28"), _d("2026-12-28"),
            ),
            Priority(
                "Drug dealing around Ridley Road and Gillett Square",
                "Drug dealing and drug use around Ridley Road Market and Gillett Square, "
                "reported by traders and residents. Patrols at the times reported, work with "
                "market management and support for people who use drugs.",
                _d("2026-10-05"), _d("2027-02-05"),
            ),
            Priority(
                "Phone snatches on Kingsland Road",
                "Phones snatched by suspects on bikes and e-scooters on Kingsland High Street "
                "and at the bus stops near Dalston Junction. Targeted patrols and advice to "
                "keep phones away from the kerb.",
                _d("2026-11-23"), _d("2027-03-23"),
            ),
        ),
    ),
    Ward(
        code="E05009377", name="Hoxton East & Shoreditch", slug="hoxton-east-and-shoreditch",
        borough_code="E09000012",
        postcode_areas=("E2", "E2 8", "EC2A", "N1", "N1 6"),
        boundary=_BOUNDARIES["E05009377"],
        team=_team(
            "Hoxton East & Shoreditch", "hoxtoneastshoreditch", "0133", "MPSHoxtonEast",
            Priority(
                "Robbery and violence in Shoreditch at night",
                "Robberies of phones and watches and violence around the bars and clubs of "
                "Shoreditch High Street, Rivington Street and Curtain Road at weekends. Patrols "
                "with the night-time economy team, work with venue door staff and advice to "
                "visitors on getting home safely.",
                _d("2026-09-19"), _d("2026-12-19"),
            ),
            Priority(
                "Drug dealing on Hoxton Street",
                "Drug dealing and associated anti-social behaviour along Hoxton Street and on "
                "nearby estates. Patrols around the market, work with housing providers and "
                "intelligence-led action against dealers.",
                _d("2026-11-03"), _d("2027-02-03"),
            ),
        ),
    ),
    Ward(
        code="E05009381", name="London Fields", slug="london-fields", borough_code="E09000012",
        postcode_areas=("E8", "E8 3", "E8 4"),
        boundary=_BOUNDARIES["E05009381"],
        team=_team(
            "London Fields", "londonfields", "0134", "MPSLondonFields",
            Priority(
                "Anti-social behaviour in London Fields park",
                "Late-night noise, nitrous oxide use and litter in London Fields park, reported "
                "by residents on the surrounding streets. Evening patrols with Hackney's parks "
                "and enforcement teams, dispersal where needed, and engagement with park users.",
                _d("2026-08-08"), _d("2026-12-08"),
            ),
            Priority(
                "Cycle theft around Broadway Market",
                "Bikes and e-bikes stolen from stands and railings around Broadway Market and "
                "London Fields station. Bike marking events, advice on good locks and "
                "operations to catch thieves at known hotspots.",
                _d("2026-10-18"), _d("2027-01-18"),
            ),
            Priority(
                "Robbery on the Regent's Canal towpath",
                "Robberies of cyclists and pedestrians on the Regent's Canal towpath after dark. "
                "Patrols on the towpath, work with the Canal & River Trust on lighting and "
                "advice to towpath users.",
                _d("2026-11-25"), _d("2027-03-25"),
            ),
        ),
    ),
    Ward(
        code="E05009385", name="Stoke Newington", slug="stoke-newington",
        borough_code="E09000012",
        postcode_areas=("N16",),
        boundary=_BOUNDARIES["E05009385"],
        team=_team(
            "Stoke Newington", "stokenewington", "0135", "MPSStokeNewton",
            Priority(
                "Phone snatches on Church Street and the High Street",
                "Moped and e-bike enabled phone snatches on Stoke Newington Church Street and "
                "Stoke Newington High Street. Targeted patrols in the evenings and advice to "
                "residents and shoppers on phone safety.",
                _d("2026-09-15"), _d("2026-12-15"),
            ),
            Priority(
                "Residential burglary",
                "Burglaries of houses and flats in the residential streets of the ward, often "
                "through rear gardens. Security surveys, property marking and patrols after "
                "reported burglaries.",
                _d("2026-10-26"), _d("2027-01-26"),
            ),
            Priority(
                "Anti-social behaviour in Abney Park",
                "Drug use and anti-social behaviour in Abney Park, reported by visitors and "
                "neighbours. Patrols with the park's staff and Hackney's enforcement officers, "
                "especially at dusk.",
                _d("2026-11-20"), _d("2027-02-20"),
            ),
        ),
    ),
)


check(BOROUGHS, WARDS)

"""Demo concerns in every state, with replies, supports, advice and reply templates.

Runs inside `manage.py seed_demo` (engage) through settings.DEMO_SEEDERS. Idempotent: each demo
concern has a fixed submission key, and a concern that exists already is left alone. Everything
goes through concerns.services, so events, notifications and deadlines are real; only the dates
are moved back afterwards so the accountability figures have a history to show.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from concerns import services
from concerns.models import Advice, Category, Concern, ReplyTemplate
from concerns.states import ConcernStatus as S
from engage.demo.places_data import WARDS
from engage.demo.seed import DEMO_DOMAIN
from engage.models import Moderator, Neighbourhood, Officer, User

CONCERNS = [
    (
        "drugs",
        "Drug dealing by the station entrance most evenings",
        "Between about 7pm and 10pm there are two or three people dealing openly by the station "
        "entrance. Commuters are being approached and it feels intimidating walking home.",
        ["dealing", "station"],
    ),
    (
        "road-safety",
        "Cars speeding outside the primary school at drop-off",
        "Drivers cut through the side road at 8:30am far faster than 20mph while children are "
        "crossing. There is no crossing patrol any more.",
        ["speeding", "school run"],
    ),
    (
        "anti-social-behaviour",
        "Fireworks let off in the park late at night",
        "For the last two weekends groups have been setting off fireworks in the park after "
        "midnight. Dogs and children in the flats nearby are terrified.",
        ["fireworks", "park"],
    ),
    (
        "vehicle-crime",
        "Catalytic converters stolen from the estate car park",
        "Three cars on our estate have had catalytic converters cut off this month, all overnight. "
        "Is there any advice on protecting cars parked outside?",
        ["catalytic converters"],
    ),
    (
        "theft",
        "Phone snatches by people on e-bikes on the high street",
        "My neighbour had her phone grabbed from her hand outside the supermarket by someone on an "
        "e-bike. Other people in the local group say the same has happened to them.",
        ["phone theft", "e-bikes"],
    ),
    (
        "hate",
        "Offensive graffiti on the bridge underpass",
        "Racist graffiti has appeared again in the underpass by the canal. It was painted over in "
        "the summer but it is back and bigger.",
        ["graffiti"],
    ),
    (
        "fraud",
        "Doorstep callers offering roof repairs to older residents",
        "Men in a white van are knocking on doors on our road offering cheap roof repairs and "
        "asking for cash up front. Several older neighbours have been approached.",
        ["doorstep"],
    ),
    (
        "burglary",
        "Sheds being broken into along the back gardens",
        "Garden sheds backing onto the alley have been forced open and bikes taken. The alley gate "
        "lock has been broken for weeks.",
        ["sheds", "bike theft"],
    ),
]
# The state each demo concern ends in, cycling so every state appears more than once.
PLAN = [
    S.PUBLISHED,
    S.RESPONDED,
    S.SUBMITTED,
    S.IN_PROGRESS,
    S.RESOLVED,
    S.ACKNOWLEDGED,
    S.CLOSED,
    S.RETURNED,
    S.REJECTED,
    S.DIVERTED,
    S.HIDDEN,
    S.WITHDRAWN,
]
PATH_TO = {
    S.ACKNOWLEDGED: [S.ACKNOWLEDGED],
    S.IN_PROGRESS: [S.IN_PROGRESS],
    S.RESPONDED: [S.RESPONDED],
    S.RESOLVED: [S.RESPONDED, S.RESOLVED],
    S.CLOSED: [S.RESPONDED, S.RESOLVED, S.CLOSED],
}
ADVICE = [
    (
        "Protect your catalytic converter",
        "Park in a garage or a well-lit place, and ask a "
        "garage about a marked or locked converter.",
        ["vehicle-crime"],
        [],
    ),
    (
        "Keep your phone safe on the street",
        "Step away from the kerb and into a doorway to use "
        "your phone, and turn on its find-my-phone feature.",
        ["theft"],
        ["phone theft"],
    ),
    (
        "Secure your shed and bikes",
        "Use a closed-shackle padlock, lock bikes to a ground anchor "
        "and mark them on a bike register.",
        ["burglary"],
        ["bike theft"],
    ),
    (
        "Doorstep scams",
        "Never pay cash up front. Genuine traders will wait while you check "
        "their ID and get other quotes.",
        ["fraud"],
        [],
    ),
]


def seed_steps() -> list[tuple[str, Callable[[], object]]]:
    return [
        ("advice and templates", _seed_advice_and_templates),
        ("moderators' admin access", _moderator_admin_access),
        # Built from the static ward list: the neighbourhoods themselves are only created
        # by earlier steps of the same run.
        *[(f"concerns in {ward.name}", lambda code=ward.code: _seed_place(code)) for ward in WARDS],
    ]


def _seed_advice_and_templates() -> None:
    for title, summary, categories, tags in ADVICE:
        advice, _ = Advice.objects.get_or_create(title=title, defaults={"summary": summary})
        advice.categories.set(Category.objects.filter(slug__in=categories))
        advice.tags.set(tags)
    for officer in Officer.objects.select_related("team"):
        for title, body in REPLY_TEMPLATES:
            ReplyTemplate.objects.get_or_create(
                team=officer.team, title=title, defaults={"body": body}
            )


REPLY_TEMPLATES = [
    (
        "Added to patrol plan",
        "Thank you for raising this. We have added the location to our "
        "patrol plan for the next two weeks.",
    ),
    (
        "Passed to the council",
        "Thank you. This is for the council rather than the police, so "
        "we have passed it to them and asked them to reply here.",
    ),
    (
        "Please report it as a crime",
        "Thank you for telling us. What you describe is a crime: "
        "please report it on 101 or online, so it can be investigated, and quote this page.",
    ),
    (
        "Need more detail",
        "Thank you. To act on this we need to know when it happens and "
        "exactly where. Please add an update with the times and the street.",
    ),
]


def _moderator_admin_access() -> None:
    """Moderators may look records up in the admin (read-only); they decide in the queue."""
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="concerns",
            codename__in=[
                "view_concern",
                "change_concern",
                "view_residentupdate",
                "change_residentupdate",
            ],
        )
    )
    for moderator in Moderator.objects.select_related("user"):
        User.objects.filter(pk=moderator.user_id).update(is_staff=True)
        moderator.user.groups.add(group)
    admin = User.objects.filter(email=f"admin@{DEMO_DOMAIN}").first()
    if admin:
        Moderator.objects.get_or_create(user=admin)


def _seed_place(ward_code: str) -> None:
    place = Neighbourhood.objects.get(ward_code=ward_code)
    officer = Officer.objects.filter(team_id=place.team_id).select_related("user").first()
    moderator = User.objects.get(email=f"moderator@{DEMO_DOMAIN}")
    residents = list(
        User.objects.filter(email__startswith="resident")
        .exclude(email_verified_at=None)
        .order_by("email")
    )
    offset = int(place.ward_code[-3:])
    for n in range(3):
        index = offset + n
        category, title, body, tags = CONCERNS[index % len(CONCERNS)]
        key = uuid.uuid5(uuid.NAMESPACE_URL, f"engage-demo/{place.ward_code}/{n}")
        if Concern.objects.filter(submission_key=key).exists():
            continue
        concern = services.submit_concern(
            author=residents[index % len(residents)],
            title=title,
            body=body,
            tags=tags,
            category=Category.objects.get(slug=category),
            neighbourhood=place,
            submission_key=key,
            show_author_name=index % 3 != 0,
            acknowledged_emergency=True,
        )  # as if each writer went on past the 999 page
        _walk(
            concern,
            PLAN[index % len(PLAN)],
            moderator,
            officer.user if officer else None,
            residents[(index + 1) % len(residents)],
        )
        _backdate(concern, days=5 + (index * 7) % 55)


def _walk(
    concern: Concern, target: str, moderator: User, officer: User | None, neighbour: User
) -> None:
    if target == S.SUBMITTED:
        return
    if target in (S.RETURNED, S.REJECTED, S.DIVERTED):
        services.transition_concern(
            concern, target, actor=moderator, diverted_to="101", note="Demo moderation decision"
        )
        return
    services.transition_concern(concern, S.PUBLISHED, actor=moderator)
    services.support(user=neighbour, concern=concern)
    if target == S.HIDDEN:
        services.transition_concern(concern, S.HIDDEN, actor=moderator, note="Names a person")
    elif target == S.WITHDRAWN:
        services.transition_concern(concern, S.WITHDRAWN, actor=concern.author)
    elif officer is not None:
        for step in PATH_TO.get(target, []):
            _officer_step(concern, step, officer)


def _officer_step(concern: Concern, step: str, officer: User) -> None:
    concern.refresh_from_db()
    if step == S.RESPONDED:
        services.reply_to_concern(
            concern=concern,
            author=officer,
            move_to=S.RESPONDED,
            body=(
                "Thank you for raising this. We have added the location to our patrol plan and "
                "will be there at the times you describe over the next two weeks. Please keep "
                "telling us if it happens again."
            ),
        )
    elif step == S.RESOLVED:
        services.record_outcome(
            concern=concern,
            actor=officer,
            outcome=(
                "**You said:** this was happening regularly. **We did:** 6 extra patrols, "
                "2 arrests and a dispersal order. Reports have since dropped."
            ),
        )
    else:
        services.transition_concern(concern, step, actor=officer)


def _backdate(concern: Concern, *, days: int) -> None:
    """Spread the demo over the last two months; replies a day or two after publication."""
    shift = timedelta(days=days)
    concern.refresh_from_db()
    fields = {"created_at": concern.created_at - shift}
    for name in ("published_at", "first_reply_at", "reply_due_at", "status_changed_at"):
        value = getattr(concern, name)
        if value is not None:
            fields[name] = (
                value - shift + (timedelta(hours=30) if name == "first_reply_at" else timedelta())
            )
    Concern.objects.filter(pk=concern.pk).update(**fields)
    concern.events.update(created_at=timezone.now() - shift)
    concern.replies.update(created_at=fields.get("first_reply_at", timezone.now() - shift))

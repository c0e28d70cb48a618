"""Demo data: real London wards, their teams, and demo people in every role. Idempotent.

Every row is found by its natural key and updated in place, so running it twice changes nothing
(passwords and two-factor keys are set only when an account is first made). Demo accounts live
on the reserved `.example` domain so no real person is ever emailed.
"""

from __future__ import annotations

import functools
import hashlib
from base64 import b32encode
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from engage.demo.places import Ward
from engage.demo.places_data import BOROUGHS, WARDS
from engage.models import (
    Borough,
    CallHandler,
    Moderator,
    Neighbourhood,
    Officer,
    PostcodeArea,
    Rank,
    Team,
    TeamPriority,
    User,
)

DEMO_PASSWORD = "engage-demo-2026"
DEMO_DOMAIN = "engage.example"
EXTRA_RESIDENTS = 24
# Licensing officers, one per unit the permits migration seeds (unit slug, role, email); made
# by permits.demo, named here so the logins print with the others without engage importing it.
LICENSING_LOGINS = (
    ("firearms", "Licensing officer (Firearms Licensing Unit)", "firearms.licensing"),
    ("public-order", "Licensing officer (Public Order and Events)", "events.licensing"),
    ("film-unit", "Licensing officer (Film Unit)", "film.unit"),
)


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    totp_key: str | None  # base32, for an authenticator app; None for residents


def demo_totp_key(email: str) -> bytes:
    """A fixed per-account key, so the printed set-up key stays valid across reseeds."""
    return hashlib.sha256(f"engage-demo-totp:{email}".encode()).digest()[:20]


def seed_steps() -> list[tuple[str, Callable[[], object]]]:
    steps: list[tuple[str, Callable[[], object]]] = [("boroughs", _seed_boroughs)]
    steps += [(f"ward {ward.name}", lambda ward=ward: _seed_ward(ward)) for ward in WARDS]
    steps += [
        ("moderators", _seed_moderators),
        ("call handler", _seed_call_handler),
        ("admin", _seed_admin),
        ("residents", _seed_residents),
    ]
    for path in settings.DEMO_SEEDERS:  # other apps' demo data, named in settings
        steps += import_string(path)()
    return steps


def run_step(step: Callable[[], object]) -> None:
    with transaction.atomic():
        step()


def demo_logins() -> Iterator[DemoLogin]:
    yield DemoLogin(
        "Staff admin", f"admin@{DEMO_DOMAIN}", DEMO_PASSWORD, _b32(f"admin@{DEMO_DOMAIN}")
    )
    yield DemoLogin(
        "Moderator (all neighbourhoods)",
        f"moderator@{DEMO_DOMAIN}",
        DEMO_PASSWORD,
        _b32(f"moderator@{DEMO_DOMAIN}"),
    )
    yield DemoLogin(
        "Moderator (Hackney only)",
        f"moderator.hackney@{DEMO_DOMAIN}",
        DEMO_PASSWORD,
        _b32(f"moderator.hackney@{DEMO_DOMAIN}"),
    )
    email = f"call.handler@{DEMO_DOMAIN}"
    yield DemoLogin("Call handler (contact centre)", email, DEMO_PASSWORD, _b32(email))
    first = WARDS[0]
    email = _officer_email(first)
    yield DemoLogin(f"Officer ({first.team.name})", email, DEMO_PASSWORD, _b32(email))
    for _unit, role, name in LICENSING_LOGINS:
        email = f"{name}@{DEMO_DOMAIN}"
        yield DemoLogin(role, email, DEMO_PASSWORD, _b32(email))
    yield DemoLogin("Resident", f"resident@{DEMO_DOMAIN}", DEMO_PASSWORD, None)


def _b32(email: str) -> str:
    return b32encode(demo_totp_key(email)).decode()


def _officer_email(ward: Ward) -> str:
    return f"officer.{ward.slug}@{DEMO_DOMAIN}"


def _user(email: str, display_name: str, *, verified: bool = True, **extra: Any) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, display_name=display_name, password=_demo_password_hash(), **extra)
        user.save()
    fields = {"display_name": display_name, **extra}
    if verified and not user.email_verified_at:
        fields["email_verified_at"] = timezone.now()
    User.objects.filter(pk=user.pk).update(**fields)
    return user


@functools.cache
def _demo_password_hash() -> str:
    # One hash for every demo account: hashing 40 times would take 20 s for no security gain.
    return make_password(DEMO_PASSWORD)


def _two_factor(user: User) -> None:
    TOTPDevice.objects.get_or_create(
        user=user,
        name="Demo authenticator",
        defaults={"key": demo_totp_key(user.email).hex(), "confirmed": True},
    )


def _seed_boroughs() -> None:
    for borough in BOROUGHS:
        Borough.objects.update_or_create(
            code=borough.code, defaults={"name": borough.name, "slug": borough.slug}
        )


def _seed_ward(ward: Ward) -> None:
    info = ward.team
    team, _ = Team.objects.update_or_create(
        slug=info.slug,
        defaults={
            "name": info.name,
            "email": info.email,
            "phone": info.contact_phone,
            "x_handle": info.x_handle,
        },
    )
    for priority in info.priorities:
        TeamPriority.objects.update_or_create(
            team=team,
            title=priority.title,
            defaults={
                "description": priority.description,
                "set_on": priority.set_on,
                "review_by": priority.review_by,
                "is_current": True,
            },
        )
    place, _ = Neighbourhood.objects.update_or_create(
        ward_code=ward.code,
        defaults={
            "name": ward.name,
            "slug": ward.slug,
            "team": team,
            "boundary": ward.boundary,
            "borough": Borough.objects.get(code=ward.borough_code),
        },
    )
    for code in ward.postcode_areas:
        PostcodeArea.objects.get_or_create(code=code, neighbourhood=place)
    _seed_officer(ward, team)


def _seed_officer(ward: Ward, team: Team) -> None:
    fake = Faker("en_GB")
    fake.seed_instance(ward.code)
    name = f"{fake.first_name()} {fake.last_name()}"
    user = _user(_officer_email(ward), name.split()[0])
    Officer.objects.update_or_create(
        user=user,
        defaults={
            "team": team,
            "rank": Rank.PC,
            "name_on_badge": name,
            "verified_at": timezone.now(),
        },
    )
    _two_factor(user)


def _seed_moderators() -> None:
    everywhere = _user(f"moderator@{DEMO_DOMAIN}", "Sam Moderator")
    Moderator.objects.get_or_create(user=everywhere)
    _two_factor(everywhere)
    hackney = _user(f"moderator.hackney@{DEMO_DOMAIN}", "Alex Moderator")
    scoped, _ = Moderator.objects.get_or_create(user=hackney)
    scoped.neighbourhoods.set(Neighbourhood.objects.filter(borough__slug="hackney"))
    _two_factor(hackney)


def _seed_call_handler() -> None:
    handler = _user(f"call.handler@{DEMO_DOMAIN}", "Morgan Call Handler")
    CallHandler.objects.get_or_create(user=handler)
    _two_factor(handler)


def _seed_admin() -> None:
    admin = _user(f"admin@{DEMO_DOMAIN}", "Engage Admin", is_staff=True, is_superuser=True)
    _two_factor(admin)


def _seed_residents() -> None:
    _user(f"resident@{DEMO_DOMAIN}", "Priya from Camden")
    fake = Faker("en_GB")
    fake.seed_instance(2026)
    for number in range(1, EXTRA_RESIDENTS + 1):
        name = f"{fake.first_name()} {fake.last_name()[0]}."
        _user(f"resident{number}@{DEMO_DOMAIN}", name, verified=number % 5 != 0)

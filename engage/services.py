"""Writes of the foundation app: accounts, verification, two-factor devices, officer checks,
and the entries of neighbourhood live streams that other apps append in their transactions.

Keyword-only arguments; each docstring states the rule it enforces. Email is sent after the
database work has committed, never inside a transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from engage import mail
from engage.models import Neighbourhood, NeighbourhoodEvent, Officer, User, normalise_email

_VERIFY_SALT = "engage.email-verification"


@dataclass(frozen=True)
class Registration:
    user: User | None  # None when the address already had an account (we don't say so)


def register_resident(*, email: str, display_name: str, password: str) -> Registration:
    """Create a resident account and email a verification link.

    If the address is taken we email its owner instead and return no user, so the page looks
    the same either way: sign-up must not reveal who has an account.
    """
    email = normalise_email(email)
    try:
        with transaction.atomic():
            user = User.objects.create_user(email, password, display_name=display_name)
    except IntegrityError:
        _send("engage/email/already_registered", email, {"email": email})
        return Registration(user=None)
    send_verification_email(user=user)
    return Registration(user=user)


def send_verification_email(*, user: User) -> None:
    token = signing.dumps({"u": user.pk, "e": user.email}, salt=_VERIFY_SALT)
    link = settings.SITE_URL + reverse("verify_email", kwargs={"token": token})
    _send("engage/email/verify", user.email, {"user": user, "link": link})


def verify_email(*, token: str) -> User | None:
    """Mark the address verified if the signed link is genuine, unexpired and still matches."""
    max_age = settings.EMAIL_VERIFICATION_MAX_AGE.total_seconds()
    try:
        data = signing.loads(token, salt=_VERIFY_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), email=data.get("e"), is_active=True).first()
    if user is None:
        return None
    User.objects.filter(pk=user.pk, email_verified_at__isnull=True).update(
        email_verified_at=timezone.now()
    )
    user.refresh_from_db(fields=["email_verified_at"])
    return user


def update_profile(*, user: User, display_name: str, email_preference: str) -> User:
    user.display_name = display_name
    user.email_preference = email_preference
    user.full_clean(exclude=["password", "email"])
    user.save(update_fields=["display_name", "email_preference"])
    return user


TOTP_SETUP_SALT = "engage.two-factor-setup"
TOTP_SETUP_MAX_AGE = 15 * 60


def propose_totp_device(*, user: User) -> tuple[TOTPDevice, str]:
    """A new authenticator key, NOT saved (a GET must not write: issue 16, item 11), and the
    signed token that carries it, bound to this user, through the confirming POST."""
    key = random_hex(20)
    token = signing.dumps({"user": user.pk, "key": key}, salt=TOTP_SETUP_SALT)
    return TOTPDevice(user=user, key=key, name="Authenticator app", confirmed=False), token


def proposed_totp_device(*, user: User, token: str) -> TOTPDevice | None:
    """The proposal back from its token; None if forged, another user's or expired."""
    try:
        data = signing.loads(token, salt=TOTP_SETUP_SALT, max_age=TOTP_SETUP_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("user") != user.pk:
        return None
    return TOTPDevice(user=user, key=data["key"], name="Authenticator app", confirmed=False)


def confirm_totp_device(*, device: TOTPDevice, token: str) -> bool:
    """Save a proposed authenticator, confirmed, once it has produced a correct code; a wrong
    code writes nothing."""
    checker = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if not (token.isascii() and token.isdigit()) or not checker.verify(
        int(token), device.tolerance
    ):
        return False
    device.last_t = checker.t()  # the code just used cannot be used again
    device.confirmed = True
    device.save()
    return True


RECOVERY_CODE_COUNT = 10


@transaction.atomic
def issue_recovery_codes(*, user: User) -> list[str]:
    """Ten new single-use recovery codes for `user`, to be shown once; any earlier codes stop
    working in the same transaction."""
    device = StaticDevice.objects.filter(user=user).order_by(
        "pk"
    ).first() or StaticDevice.objects.create(user=user, name="Recovery codes")
    StaticToken.objects.filter(device__user=user).delete()
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return sorted(codes)


@dataclass(frozen=True)
class SecondFactor:
    device: TOTPDevice | StaticDevice | None  # the device that passed; None: refused
    recovery: bool = False  # a recovery code was used (and is now gone)
    locked_until: datetime | None = None  # wrong codes have locked the step until then


def check_second_factor(*, user: User, code: str) -> SecondFactor:
    """The two-factor step, for an app code or a recovery code, under ONE lockout: the
    authenticator's exponential back-off (django-otp's throttling). A wrong recovery code
    counts towards it like a wrong app code, and while it holds both kinds are refused. A
    recovery code works once."""
    totp = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if totp is None:
        return SecondFactor(None)
    allowed, why = totp.verify_is_allowed()
    if not allowed:
        return SecondFactor(None, locked_until=(why or {}).get("locked_until"))
    if len(code) == 6 and code.isdigit():
        return SecondFactor(totp if totp.verify_token(code) else None)
    device = _use_recovery_code(user=user, code=code)
    if device is None:
        totp.throttle_increment()
        return SecondFactor(None)
    totp.throttle_reset()
    return SecondFactor(device, recovery=True)


def _use_recovery_code(*, user: User, code: str) -> StaticDevice | None:
    token = (
        StaticToken.objects.select_related("device")
        .filter(device__user=user, device__confirmed=True, token=code)
        .first()
    )
    # A conditional delete: of two requests racing with one code, exactly one gets in.
    if token is None or StaticToken.objects.filter(pk=token.pk).delete()[0] != 1:
        return None
    token.device.set_last_used_timestamp()
    return token.device


def verify_officer(*, officer: Officer, actor: User) -> Officer:
    """Staff vouch that this account belongs to the named officer; only then do they act as
    police."""
    Officer.objects.filter(pk=officer.pk, verified_at__isnull=True).update(
        verified_at=timezone.now(), verified_by=actor
    )
    officer.refresh_from_db()
    return officer


def _send(template: str, to: str, context: dict) -> None:
    context = {"service_name": settings.SERVICE_NAME, "site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}.txt", context)
    # Not sent (logged): the account exists, and the person can ask for another link.
    mail.send(mail.Letter(subject, body, [to]))


def append_to_neighbourhood_streams(entries: list[NeighbourhoodEvent]) -> list[NeighbourhoodEvent]:
    """Store entries of neighbourhood streams in the caller's transaction; returns them with
    their ids. Each neighbourhood's row is locked first, until commit, so the ids of one stream
    commit in order: a socket that has seen id N can never later miss a smaller id that was
    still uncommitted (it skips ids at or below the last it sent)."""
    if not entries:
        return []
    with transaction.atomic(savepoint=False):
        places = sorted({entry.neighbourhood_id for entry in entries})
        list(
            # FOR NO KEY UPDATE: serialises one stream's appends without blocking the rows that
            # merely point at the neighbourhood (a concern, a queue item, a follow), whose key
            # check takes FOR KEY SHARE at commit; FOR UPDATE would make them wait for it.
            Neighbourhood.objects.select_for_update(no_key=True)
            .filter(pk__in=places)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        return NeighbourhoodEvent.objects.bulk_create(entries)


def withdraw_from_neighbourhood_streams(*, kind: str, source_ids: list[int]) -> int:
    """Remove the entries standing for rows that are gone (a team post deleted on X), so a
    replay never brings them back. Ids stay monotonic: a gap is harmless to a resuming socket."""
    if not source_ids:
        return 0
    return NeighbourhoodEvent.objects.filter(kind=kind, source_id__in=source_ids).delete()[0]

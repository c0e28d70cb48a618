"""Open311 writes: issuing an API key, and POST requests, which creates a concern through the
very service the web form uses (`concerns.services.submit_concern`, after the web form's own
`ConcernForm` has cleaned the input): the same screening and 999 gate, moderation queue,
hourly quota, sanctions, length limits and one-concern-per-submission rule.

Who is the author? The web form needs a signed-in account with a verified email. An Open311
caller's `email` is unverified, so it never becomes an account: each key posts as its own
service account (verified when an administrator issues the key, posting anonymously: the
public sees "a resident of <neighbourhood>"), and the `email`, names, phone, device and
account ids sent are kept as private contact details on the ApiSubmission, never output.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from api.models import ApiKey, ApiSubmission, hash_key
from api.open311 import selectors
from api.open311.formats import Open311Error
from api.open311.params import given
from concerns import services as concern_services
from concerns.forms import ConcernForm
from concerns.models import TITLE_MAX
from engage import ratelimit
from engage.models import User
from engage.refusals import EmergencyNotAcknowledged, NotAllowed, QuotaExceeded, Refusal

SUBMISSION_NAMESPACE = uuid.UUID("0b5e3a51-3111-4c0e-9a1d-6f2f8c8a7311")
CONTACT_FIELDS = ("email", "first_name", "last_name", "phone", "device_id", "account_id")
YES = {"yes", "true", "1"}
# The form's field -> the Open311 parameter the caller sent it as.
PARAMETER_FOR = {
    "body": "description",
    "title": "attribute[title]",
    "neighbourhood": "location (lat/long, address_string or address_id)",
    "category": "service_code",
}
EMERGENCY_MESSAGE = (
    "This reads as if someone may be in danger now: show your user the advice to call 999. "
    "If they have, or no one is in danger, send the request again with "
    "attribute[emergency_understood]=yes."
)
NOTICE = "Thank you. A moderator checks every concern before it is public; poll tokens/{token}."


@transaction.atomic
def issue_api_key(*, name: str, rate_limit_per_hour: int = 60) -> tuple[ApiKey, str]:
    """A new key and its raw value (shown once: only the hash is kept), with the service
    account it posts as, verified by the administrator issuing it."""
    raw = secrets.token_urlsafe(32)
    account = User.objects.create_user(
        f"open311-{secrets.token_hex(6)}@api.invalid",
        None,
        display_name="Open311 submitter",
        email_verified_at=timezone.now(),
    )
    key = ApiKey.objects.create(
        name=name,
        prefix=raw[:8],
        key_hash=hash_key(raw),
        account=account,
        rate_limit_per_hour=rate_limit_per_hour,
    )
    return key, raw


def authenticated_key(raw: str) -> ApiKey:
    """The active key with this value, counted against its hourly limit (403 / 429 if not)."""
    if not raw:
        raise Open311Error(403, "api_key is required to create a service request.")
    key = ApiKey.objects.select_related("account").filter(key_hash=hash_key(raw)).first()
    if key is None or not key.is_active:
        raise Open311Error(403, "Invalid api_key received -- can't proceed with create_request.")
    ruling = ratelimit.hit("open311-key", str(key.pk), limit=key.rate_limit_per_hour, window=3600)
    if not ruling.allowed:
        raise Open311Error(
            429,
            f"This api_key may make {key.rate_limit_per_hour} requests an hour; try again in "
            f"{ruling.retry_after} seconds. Nothing sent before was lost.",
        )
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key


def _place(data: QueryDict) -> str:
    """What the form's neighbourhood field gets: a slug for a point, else the text given."""
    lat, lng = given(data, "lat"), given(data, "long")
    if lat or lng:
        try:
            found = selectors.neighbourhood_at(float(lat), float(lng))
        except ValueError:
            raise Open311Error(400, "lat and long must both be WGS84 decimal degrees.") from None
        if found is None:
            raise Open311Error(400, "That lat/long is outside every neighbourhood we serve.")
        return found.slug
    place = given(data, "address_id") or given(data, "address_string")
    if not place:
        raise Open311Error(
            400,
            "Give a location: lat and long, address_string (a neighbourhood or postcode) "
            "or address_id (a neighbourhood's address_id from requests).",
        )
    return place


def _title(data: QueryDict) -> str:
    """attribute[title], else the description's first line, cut between words."""
    title = given(data, "attribute[title]")
    if title:
        return title
    first = given(data, "description").split("\n", 1)[0].strip()
    return first if len(first) <= TITLE_MAX else first[: TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class Submitted:
    submission: ApiSubmission
    published: bool
    ref: str


def _contact(data: QueryDict) -> dict[str, str]:
    """The caller's contact details, refused (before anything is made) when longer than the
    columns that keep them: a cut email would be someone else's address."""
    contact = {name: given(data, name) for name in CONTACT_FIELDS}
    for name, value in contact.items():
        limit = getattr(ApiSubmission._meta.get_field(name), "max_length", None) or 254
        if len(value) > limit:
            raise Open311Error(400, f"{name} may be at most {limit} characters long.")
    if contact["email"]:
        try:
            validate_email(contact["email"])
        except ValidationError:
            raise Open311Error(400, "email is not an email address.") from None
    return contact


def _submission_key(key: ApiKey, fields: dict[str, str]) -> uuid.UUID:
    """The same request sent twice (a retry after a timeout) is the same submission, so it
    answers with the first concern's token instead of making a second concern."""
    return uuid.uuid5(SUBMISSION_NAMESPACE, "\n".join([str(key.pk), *fields.values()]))


def _cleaned(data: QueryDict, key: ApiKey, contact: dict[str, str]) -> dict:
    """The web form's own cleaning (its lengths, neighbourhood lookup and messages)."""
    category = selectors.required_service(given(data, "service_code"))
    fields = {
        "neighbourhood": _place(data),
        "title": _title(data),
        "body": given(data, "description"),
        "category": str(category.pk),
        "location": "",
        "tags": "",
        "show_author_name": "anonymous",
    }
    fields["submission_key"] = str(_submission_key(key, {**fields, **contact}))
    form = ConcernForm(fields)
    if not form.is_valid():
        raise Open311Error(
            400,
            *(
                f"{PARAMETER_FOR.get(name, name)}: {message}"
                for name, messages in form.errors.items()
                for message in messages
            ),
        )
    return form.cleaned_data


def submit_service_request(*, key: ApiKey, data: QueryDict) -> Submitted:
    """POST requests: a concern queued for moderation exactly as the web form queues one, and
    the token the caller polls (or its id, for a replay of one since published). Not atomic
    around the concern: the quota's Redis count must not run inside a transaction, and a
    replay heals a lost ApiSubmission (the concern comes back by its submission key)."""
    contact = _contact(data)
    cleaned = _cleaned(data, key, contact)
    try:
        concern = concern_services.submit_concern(
            author=key.account,
            at_risk=given(data, "attribute[at_risk]").lower() in YES,
            acknowledged_emergency=given(data, "attribute[emergency_understood]").lower() in YES,
            **cleaned,
        )  # no `ip`: a key's callers share its servers' address; its own limit stands in
    except EmergencyNotAcknowledged:
        raise Open311Error(400, EMERGENCY_MESSAGE) from None
    except QuotaExceeded as refusal:
        raise Open311Error(429, refusal.message) from None
    except NotAllowed as refusal:
        raise Open311Error(403, refusal.message) from None
    except Refusal as refusal:
        raise Open311Error(400, refusal.message) from None
    submission, _ = ApiSubmission.objects.get_or_create(
        concern=concern, defaults={"api_key": key, **contact}
    )
    return Submitted(submission, concern.is_public, concern.ref)

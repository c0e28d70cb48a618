"""People and places: users and their roles, boroughs, neighbourhoods (wards) and their teams.

Roles are rows, not flags on User: an officer is a user with a verified `Officer` row (a member
of one `Team`), a moderator has a `Moderator` row (global, or scoped to some neighbourhoods),
staff admins are `is_staff`. Badges are built from those rows, never from a display name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from engage.names import normalise_display_name, validate_display_name
from engage.postcodes import validate_postcode_prefix

ward_code_validator = RegexValidator(
    r"^E05\d{6}$", "Enter an ONS ward code: E05 followed by six digits, like E05013655."
)
borough_code_validator = RegexValidator(
    r"^E09\d{6}$", "Enter an ONS borough code: E09 followed by six digits, like E09000007."
)
x_handle_validator = RegexValidator(
    r"^[A-Za-z0-9_]{1,15}$", "Enter the X handle without the @: up to 15 letters, digits or _."
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        # Email is compared case-insensitively: "Jane@Example.com" is jane@example.com.
        return self.get(email=normalise_email(username))

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        extra.setdefault("display_name", "Administrator")
        return self.create_user(email, password, **extra)


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()


class EmailPreference(models.TextChoices):
    IMMEDIATE = "immediate", "Email me as it happens"
    DAILY = "daily", "One email a day"
    NEVER = "never", "No emails, only notifications on the site"


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(
        max_length=50,
        validators=[validate_display_name],
        help_text="Shown in public next to what you post. It can't look like a police title.",
    )
    email_verified_at = models.DateTimeField(null=True, blank=True)
    email_preference = models.CharField(
        "email notifications",
        max_length=10,
        choices=EmailPreference.choices,
        default=EmailPreference.IMMEDIATE,
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "staff admin", default=False, help_text="Can use the admin site (after two-factor)."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalise_email(self.email)
        self.display_name = normalise_display_name(self.display_name)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name


class Borough(models.Model):
    code = models.CharField(
        "ONS code", max_length=9, unique=True, validators=[borough_code_validator]
    )
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A Safer Neighbourhood Team: serves one or more neighbourhoods."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(unique=True)
    email = models.EmailField("contact email", blank=True)
    phone = models.CharField("contact phone", max_length=30, blank=True)
    x_handle = models.CharField(
        "X handle", max_length=15, blank=True, validators=[x_handle_validator]
    )
    replies_need_signoff = models.BooleanField(
        "replies need a moderator's sign-off",
        default=False,
        help_text="Officers' replies wait in the moderation queue before they are public.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        """'Camden Town Safer Neighbourhood Team' -> 'Camden Town team', for badges."""
        base = self.name.removesuffix(" Safer Neighbourhood Team").removesuffix(" SNT")
        return f"{base} team"


class TeamPriority(models.Model):
    """A current priority the team has set with residents, with when it was set and reviewed."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    set_on = models.DateField(default=timezone.localdate)
    review_by = models.DateField(null=True, blank=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-set_on", "title"]
        verbose_name_plural = "team priorities"

    def __str__(self) -> str:
        return self.title


class Neighbourhood(models.Model):
    """A ward: the unit residents and Safer Neighbourhood Teams share."""

    ward_code = models.CharField(
        "ONS ward code", max_length=9, unique=True, validators=[ward_code_validator]
    )
    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="neighbourhoods")
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="neighbourhoods"
    )
    boundary = models.JSONField("boundary (GeoJSON geometry)", null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["borough", "name"], name="unique_ward_name_in_borough")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.borough.name})"

    def get_absolute_url(self) -> str:
        return reverse("neighbourhood", kwargs={"slug": self.slug})


class PostcodeArea(models.Model):
    """A postcode district ("NW1") or sector ("NW1 7") that falls (partly) in a neighbourhood."""

    code = models.CharField(max_length=6, validators=[validate_postcode_prefix], db_index=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, related_name="postcode_areas"
    )

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "neighbourhood"], name="unique_postcode_area")
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.code = " ".join(self.code.upper().split())
        super().save(*args, **kwargs)


class Rank(models.TextChoices):
    PC = "PC", "Police Constable"
    PCSO = "PCSO", "Police Community Support Officer"
    SGT = "Sgt", "Sergeant"
    INSP = "Insp", "Inspector"


class Officer(models.Model):
    """A user's membership of a team as an officer. Only a verified officer acts as police."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="officer")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="officers")
    rank = models.CharField(max_length=4, choices=Rank.choices, default=Rank.PC)
    name_on_badge = models.CharField(
        max_length=80, help_text="The officer's name as the force records it, e.g. Jane Smith."
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return self.badge

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def badge(self) -> str:
        """'PC Jane Smith, Camden Town team': from the role, never from the display name."""
        return f"{self.rank} {self.name_on_badge}, {self.team.short_name}"


class Moderator(models.Model):
    """A moderator. No neighbourhoods listed means they moderate everywhere."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="moderator")
    neighbourhoods = models.ManyToManyField(
        Neighbourhood,
        blank=True,
        related_name="moderators",
        help_text="Leave empty for a moderator who covers every neighbourhood.",
    )
    appointed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Moderator {self.user.display_name}"

    @property
    def scope(self) -> ModerationScope:
        """Where this moderator may act. Uses prefetched neighbourhoods when the caller loaded
        them (a loop over moderators), one small query otherwise."""
        if "neighbourhoods" in getattr(self, "_prefetched_objects_cache", {}):
            ids = frozenset(n.pk for n in self.neighbourhoods.all())
        else:
            ids = frozenset(self.neighbourhoods.values_list("pk", flat=True))
        return ModerationScope(ids)


class CallHandler(models.Model):
    """A contact-centre call handler: triages the private counters' reports (THRIVE), for
    every neighbourhood. Staff like officers and moderators, so two-factor first."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="call_handler")
    appointed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Call handler {self.user.display_name}"


class LicensingUnit(models.Model):
    """A desk that reviews one family of applications (firearms licensing, the film unit,
    public order for marches and events). Application types name the unit that reviews them;
    a force adds a unit in the admin."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    email = models.EmailField(blank=True, help_text="Shown on decision letters.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LicensingOfficer(models.Model):
    """Reviews permit and licence applications for the units listed (and only those).
    Staff like the other roles: two-factor first."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="licensing_officer")
    units = models.ManyToManyField(LicensingUnit, related_name="officers")
    appointed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Licensing officer {self.user.display_name}"


@dataclass(frozen=True)
class ModerationScope:
    """The one definition of a moderator's reach: no neighbourhoods listed means everywhere.
    Every scope question (may they act here, which rows may they see) is asked of this."""

    neighbourhood_ids: frozenset[int]

    @property
    def everywhere(self) -> bool:
        return not self.neighbourhood_ids

    def covers(self, neighbourhood_id: int | None) -> bool:
        return self.everywhere or neighbourhood_id in self.neighbourhood_ids

    def filter(self, rows: models.QuerySet, field: str = "neighbourhood_id") -> models.QuerySet:
        """`rows` narrowed to this scope; `field` names their neighbourhood (or "pk" for
        neighbourhoods themselves)."""
        return rows if self.everywhere else rows.filter(**{f"{field}__in": self.neighbourhood_ids})


class OutboxItem(models.Model):
    """Work that must happen after a change commits (engage/outbox.py, docs/outbox.md): written
    in the change's own transaction, dispatched after commit when the broker answers, swept
    every 10 s otherwise. Done rows are kept a week for the record, then pruned."""

    kind = models.CharField(max_length=64)
    payload = models.JSONField(default=dict)
    dedupe_key = models.CharField(
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text="Work with the same key is recorded once.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_until = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["due_at", "id"],
                name="outbox_due",
                condition=models.Q(done_at__isnull=True, failed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class NeighbourhoodEvent(models.Model):
    """One entry of a neighbourhood's live stream (docs/realtime.md): a concern published there
    or changing status, or a post of the team that serves it. The app that makes the change
    appends it in the change's own transaction (engage.services.append_to_neighbourhood_streams),
    and its id is the stream's resume point, so concern events and team posts replay in one
    order. Engage knows neither app: `source_id` is the row it stands for in the app that wrote
    it, and `payload` is what a socket receives, for sources whose content is settled when they
    are written (a concern's is not: it can be hidden later, so its entries are rebuilt from the
    concern event when they are replayed)."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, help_text="The event type, as sockets see it.")
    source_id = models.BigIntegerField()
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["neighbourhood", "id"], name="neighbourhood_stream"),
            models.Index(fields=["kind", "source_id"], name="neighbourhood_stream_source"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.source_id} in neighbourhood {self.neighbourhood_id}"

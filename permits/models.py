"""Permits and licences: the types a force takes (data, edited in the admin), drafts, and what
a licensing review adds to the shared casework.Case (counter "permit").

An application is a casework.Case like a report, so who may see it (casework.access), its
states (casework.states, the permit path), history, messages, documents, access log and
retention are the shared ones. What only applications have lives here: the type and its
questions, the review's referee checks and visits, the public notice of a granted march or
event, and renewal reminders for certificates.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from casework.models import Case, private_files
from engage.models import LicensingUnit, Neighbourhood

DRAFT_DAYS = 30
KIND_PREFIX = "permit."
# Fixed pages share the address space with types (/apply/<slug>/) and questions
# (/apply/drafts/<id>/<key>/): a type or question named like one would be unreachable.
RESERVED_TYPE_SLUGS = frozenset({"saved", "drafts"})
RESERVED_QUESTION_KEYS = frozenset({"check", "sent", "stopped", "publish_consent"})


def not_reserved_slug(value: str) -> None:
    if value in RESERVED_TYPE_SLUGS:
        raise ValidationError(f"“{value}” is the address of another page: choose another.")


def not_reserved_key(value: str) -> None:
    if value in RESERVED_QUESTION_KEYS:
        raise ValidationError(f"“{value}” is used by the application pages: choose another.")


class ApplicationTypeQuerySet(models.QuerySet["ApplicationType"]):
    def offered(self) -> ApplicationTypeQuerySet:
        return self.filter(active=True).order_by("order", "name")


class ApplicationType(models.Model):
    """One kind of application the station takes. Everything an applicant sees about it (the
    questions, who needs it, the lead time, the fee) is data, so a force adds a type here."""

    slug = models.SlugField(
        max_length=30,
        unique=True,
        validators=[not_reserved_slug],
        help_text="Part of its web address.",
    )
    name = models.CharField(max_length=120)
    public_name = models.CharField(
        max_length=80,
        blank=True,
        help_text="What a published notice calls it, e.g. 'Procession or march'.",
    )
    summary = models.CharField(max_length=300, help_text="One line on the list of types.")
    guidance = models.TextField(blank=True, help_text="Before you start: shown on its first page.")
    unit = models.ForeignKey(
        LicensingUnit,
        on_delete=models.PROTECT,
        related_name="application_types",
        help_text="The unit whose licensing officers review it.",
    )
    is_notification = models.BooleanField(
        default=False,
        help_text="A notice the police acknowledge (a march, an event) rather than a licence "
        "they grant: the decision letter is an acknowledgement.",
    )
    lead_days = models.PositiveSmallIntegerField(
        default=0,
        help_text="Clear days' notice the law or the force asks for before the date question "
        "marked 'starts'. 0: none.",
    )
    late_notice = models.TextField(
        blank=True,
        help_text="Told to an applicant with less notice than that; the application is still "
        "accepted.",
    )
    fee = models.CharField(
        max_length=200, blank=True, help_text="Shown before submission, e.g. '£79.50 (grant)'."
    )
    how_to_pay = models.TextField(
        blank=True, help_text="No payment is taken here: say how to pay and when."
    )
    review_days = models.PositiveSmallIntegerField(
        default=28, help_text="Target for a decision when the application has no date of its own."
    )
    valid_years = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(10)],
        help_text="A granted certificate lasts this long (renewal reminders). 0: not a licence.",
    )
    publishable = models.BooleanField(
        default=False,
        help_text="The organiser may agree to the granted event being shown on the "
        "neighbourhood page (what, when, where, road closures).",
    )
    retention_days = models.PositiveIntegerField(
        default=6 * 365, help_text="Kept this long after it was made, then deleted."
    )
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ApplicationTypeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("permits:type", kwargs={"slug": self.slug})

    @property
    def kind(self) -> str:
        """casework.Case.kind for its applications."""
        return KIND_PREFIX + self.slug


class QuestionKind(models.TextChoices):
    TEXT = "text", "Short text"
    LONG_TEXT = "long_text", "Long text"
    CHOICE = "choice", "One of a list"
    YES_NO = "yes_no", "Yes or no"
    DATE = "date", "Date"
    DATETIME = "datetime", "Date and time"
    ADDRESS = "address", "Address or place"
    POINT = "point", "A point on the map (latitude, longitude)"
    PERSON = "person", "A person (name, address, phone, email)"
    FILE = "file", "A document (uploaded privately)"
    EMAIL = "email", "Email address"
    PHONE = "phone", "Phone number"


class PublishAs(models.TextChoices):
    """What a granted, publishable application shows of this answer on the neighbourhood page
    (only when the organiser agreed). Nothing else is ever public."""

    NOTHING = "", "Not published"
    TITLE = "title", "What it is"
    STARTS = "starts", "When it starts (also the date lead times count to)"
    ENDS = "ends", "When it ends"
    PLACE = "place", "Where"
    ROUTE = "route", "The route"
    CLOSURES = "closures", "Road closures"


# Only these may be shown in public (a person, a phone number, a file or a point never is).
K = QuestionKind
PUBLISHABLE_KINDS = frozenset({K.TEXT, K.LONG_TEXT, K.CHOICE, K.ADDRESS, K.DATE, K.DATETIME})


class Question(models.Model):
    """One page of the application (one thing per page). `choices`: one option per line.
    `stop_answer`/`stop_reason`: an answer that ends the application early, with the reason
    (e.g. "you do not need a permit to film in public"). `only_if`: 'key=value' asks this
    question only when another was answered so (a renewal's certificate number)."""

    type = models.ForeignKey(ApplicationType, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(
        max_length=40,
        validators=[not_reserved_key],
        help_text="Names the answer; unique in the type.",
    )
    label = models.CharField(max_length=200, help_text="The question, as the page heading.")
    hint = models.TextField(blank=True)
    kind = models.CharField(max_length=12, choices=QuestionKind.choices, default="text")
    choices = models.TextField(blank=True, help_text="For 'one of a list': one per line.")
    required = models.BooleanField(default=True)
    only_if = models.CharField(max_length=80, blank=True, help_text="e.g. grant_or_renewal=Renewal")
    stop_answer = models.CharField(
        max_length=120,
        blank=True,
        help_text="This answer means the applicant needs no application (or cannot make one here).",
    )
    stop_reason = models.TextField(blank=True, help_text="What they are told, and where to go.")
    publish_as = models.CharField(
        max_length=10, choices=PublishAs.choices, blank=True, default=PublishAs.NOTHING
    )

    class Meta:
        ordering = ["type", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["type", "key"], name="one_key_per_type"),
        ]

    def __str__(self) -> str:
        return f"{self.type.slug}: {self.label}"

    @property
    def options(self) -> list[str]:
        if self.kind == QuestionKind.YES_NO:
            return ["Yes", "No"]
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self) -> None:
        if self.publish_as and self.kind not in PUBLISHABLE_KINDS:
            raise ValidationError(
                {"publish_as": "Only a text, choice, address or date answer can be published."}
            )

    def applies_to(self, answers: dict) -> bool:
        """Is this question asked, given the answers so far (`only_if`)?"""
        if not self.only_if or "=" not in self.only_if:
            return True
        key, _, value = self.only_if.partition("=")
        return str(answers.get(key.strip(), "")) == value.strip()


def draft_expiry() -> datetime:
    return timezone.now() + timedelta(days=DRAFT_DAYS)


class ApplicationDraft(models.Model):
    """An application in the making, saved at every Continue. Applications need an account
    (the decision is written to the applicant), so every draft has an owner."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="application_drafts"
    )
    type = models.ForeignKey(ApplicationType, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=draft_expiry)
    case = models.OneToOneField(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["owner", "-updated_at"], name="appdraft_by_owner"),
            models.Index(fields=["expires_at"], name="appdraft_expiry"),
        ]

    def __str__(self) -> str:
        return f"Draft {self.type.slug} {self.pk}"


class DraftFile(models.Model):
    """A document given in answer to a 'file' question while the application is a draft
    (checked and cleaned as every case document is: casework.documents)."""

    draft = models.ForeignKey(ApplicationDraft, on_delete=models.CASCADE, related_name="files")
    question_key = models.SlugField(max_length=40)
    file = models.FileField(storage=private_files, upload_to="permit-drafts/%Y/%m/")
    name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "sha256"], name="one_copy_per_appdraft"),
        ]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    """What a submitted application adds to its case: the type, the date it is for, and, once
    granted, how long the licence lasts."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="application")
    type = models.ForeignKey(ApplicationType, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(
        null=True, blank=True, help_text="The march, event or filming date, if it has one."
    )
    late = models.BooleanField(default=False, help_text="Given with less notice than asked.")
    publish_consent = models.BooleanField(default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="The decision's reasons, as the letter says.")
    conditions = models.TextField(blank=True, help_text="Conditions of a grant, if any.")
    expires_on = models.DateField(null=True, blank=True, help_text="A granted licence's end.")

    class Meta:
        indexes = [models.Index(fields=["expires_on"], name="application_expiry")]

    def __str__(self) -> str:
        return f"Application {self.case.reference}"


class RefereeOutcome(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed the applicant is suitable"
    CONCERNS = "concerns", "Raised concerns"
    NO_REPLY = "no_reply", "Did not reply"


class RefereeCheck(models.Model):
    """A licensing officer's record of speaking to a referee (firearm and shotgun certificates)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referee_checks")
    referee = models.CharField(max_length=120)
    outcome = models.CharField(max_length=10, choices=RefereeOutcome.choices)
    note = models.TextField(blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Referee {self.referee} on {self.case.reference}"


class Visit(models.Model):
    """A home visit booked with the applicant (the applicant's page shows when)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="visits")
    at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True, help_text="For the reviewer only.")
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    booked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Visit on {self.case.reference} at {self.at:%Y-%m-%d %H:%M}"


class PublicNoticeQuerySet(models.QuerySet["PublicNotice"]):
    def listed(self) -> PublicNoticeQuerySet:
        return self.filter(withdrawn_at__isnull=True)

    def upcoming(self, now: datetime | None = None) -> PublicNoticeQuerySet:
        return self.listed().filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "id")


class PublicNotice(models.Model):
    """The only public trace of an application: a granted march or event whose organiser
    agreed to publish it, copied out at the grant (what, when, where, road closures), so the
    public pages never read a case. No names, no contact details, no reference."""

    case = models.OneToOneField(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="public_notice"
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, related_name="public_notices"
    )
    kind_name = models.CharField(max_length=120, help_text="e.g. 'Procession or march'.")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=300, blank=True)
    route = models.TextField(blank=True)
    road_closures = models.TextField(blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = PublicNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["neighbourhood", "ends_at"], name="notice_upcoming")]

    def __str__(self) -> str:
        return self.title


class Reminder(models.Model):
    """A renewal reminder, sent once: the row is made in the same transaction as the email is
    queued, and (application, days_before) is unique, so beat running twice sends one."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "days_before"], name="one_reminder_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"Reminder {self.days_before} days before {self.application_id}"

"""A private case and what hangs off it. Field rules and chainable filters only: every write is
in casework.services, and who may see a case is decided in casework.access.

These rows hold criminal-offence data (UK GDPR art. 10, DPA 2018 part 3): nothing here is ever
rendered on a public page, every staff view is logged (CaseAccess), and each case is purged
after its type's retention period (casework.services.retention).
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import LazyObject

from casework.states import (  # noqa: F401  Counter: re-exported, its home before states
    OPEN_STATES,
    UNTRIAGED,
    CaseStatus,
    Counter,
    Grade,
    Outcome,
    grade_rank,
)
from engage import claims
from engage.models import LicensingUnit, Neighbourhood, Team

if TYPE_CHECKING:
    from datetime import datetime

    from engage.models import User

REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: nothing to misread on the phone


REF_PREFIX = {Counter.REPORT: "R", Counter.PERMIT: "P"}


def new_case_reference(counter: str) -> str:
    """'R-7K2M9-QXW3A': read out on the phone in two groups; 32^10 (about 10^15) references
    make one unguessable even to someone trying thousands."""
    chars = "".join(secrets.choice(REF_ALPHABET) for _ in range(10))
    return f"{REF_PREFIX[Counter(counter)]}-{chars[:5]}-{chars[5:]}"


class PrivateStorage(LazyObject):
    """Case documents live outside MEDIA_ROOT and have no URL: they are served only by a view
    that checks access and logs the download."""

    def _setup(self) -> None:
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


private_storage = cast(Storage, PrivateStorage())


def private_files() -> Storage:
    """What FileFields name as their storage: a callable, so migrations record this function's
    path rather than the folder of whichever machine made them."""
    return private_storage


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.filter(status__in=OPEN_STATES)

    def untriaged(self) -> CaseQuerySet:
        return self.filter(status__in=UNTRIAGED)

    def of_team(self, team_id: int) -> CaseQuerySet:
        return self.filter(team_id=team_id)

    def by_reporter(self, user: User) -> CaseQuerySet:
        return self.filter(reporter=user)

    def in_triage_order(self) -> CaseQuerySet:
        return self.order_by(*TRIAGE_ORDER)


TRIAGE_ORDER = ("grade_rank", "triage_due_at", "created_at", "id")


class Case(models.Model):
    """One private case. `version` goes up with every claim and decision (engage.claims), so a
    handler's form carrying an older version is told someone already handled it."""

    reference = models.CharField(max_length=13, unique=True, editable=False)
    counter = models.CharField(max_length=8, choices=Counter.choices)
    kind = models.CharField(max_length=40, help_text="The counter's type, e.g. crime.theft.")
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default="received")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )
    anonymous = models.BooleanField(
        default=False, help_text="The reporter asked not to be identified to the police."
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        help_text="The team the case was passed to; its officers see it on their dashboard.",
    )
    unit = models.ForeignKey(
        LicensingUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        help_text="Applications: the licensing unit that reviews it (its officers see it).",
    )
    summary = models.TextField(help_text="What happened, in the reporter's words.")
    answers = models.JSONField(default=dict, blank=True)
    screening = models.JSONField(default=list, blank=True)
    grade = models.CharField(max_length=8, choices=Grade.choices, default=Grade.STANDARD)
    grade_rank = models.PositiveSmallIntegerField(default=2, editable=False)
    thrive = models.JSONField(default=dict, blank=True, help_text="THRIVE scores, 0-3 each.")
    grade_reason = models.CharField(max_length=300, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    explanation = models.TextField(
        blank=True, help_text="What the reporter is told about the outcome."
    )
    crime_reference = models.CharField("crime reference number", max_length=30, blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_concern_ref = models.CharField(max_length=12, blank=True)
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    triage_due_at = models.DateTimeField()
    paused_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Applications: the review clock stopped here, waiting on the applicant.",
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    purge_after = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claim_expires_at = models.DateTimeField(null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=list(TRIAGE_ORDER),
                name="case_triage_order",
                condition=Q(status__in=["received", "assessing"]),
            ),
            models.Index(fields=["team", "status"], name="case_by_team"),
            models.Index(fields=["unit", "status", "triage_due_at"], name="case_by_unit"),
            models.Index(fields=["reporter", "-created_at"], name="case_by_reporter"),
            models.Index(fields=["purge_after"], name="case_purge"),
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.reference:
            self.reference = new_case_reference(self.counter)
        self.grade_rank = grade_rank(self.grade)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        """The reporter's (or applicant's) own page for the case."""
        name = "permits:status" if self.counter == Counter.PERMIT else "reports:status"
        return reverse(name, kwargs={"reference": self.reference})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    @property
    def is_untriaged(self) -> bool:
        return self.status in UNTRIAGED

    @property
    def is_overdue(self) -> bool:
        return self.is_untriaged and self.triage_due_at < timezone.now()

    def claimed_by_other(self, user: User, now: datetime | None = None) -> bool:
        return claims.claimed_by_other(self, user, now)


class CaseEventKind(models.TextChoices):
    RECEIVED = "case.received", "received"
    STATUS = "case.status", "status changed"
    GRADED = "case.graded", "grade changed"
    CLAIMED = "case.claimed", "claimed"
    RELEASED = "case.released", "claim given back"
    MESSAGE = "case.message", "message"
    INFORMATION = "case.information", "information added"
    DOCUMENT = "case.document", "document added"
    ASSIGNED = "case.assigned", "passed to a team"
    HANDED_OVER = "case.handed_over", "sent to the records system"


class CaseEvent(models.Model):
    """The case's history, append-only: services only ever create these rows (the admin shows
    them read-only). Its id is also the reporter's live stream position (`for_reporter`)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=CaseEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    note = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    for_reporter = models.BooleanField(
        default=False, help_text="Shown to the reporter (status changes, staff messages)."
    )
    message = models.ForeignKey(
        "CaseMessage", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.get_kind_display()}"


class CaseMessage(models.Model):
    """A message between the reporter and staff. Stored as typed; cooked once by engage.text."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_staff = models.BooleanField(default=False)
    signature = models.CharField(
        max_length=120, blank=True, help_text="How staff sign, e.g. 'Contact centre'."
    )
    body = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Message on {self.case.reference}"


class CaseDocument(models.Model):
    """An evidence file or application document: checked by content, stored privately, with
    image location data removed before it is written (casework.documents)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(storage=private_files, upload_to="cases/%Y/%m/")
    name = models.CharField(max_length=120, help_text="The uploader's file name, cleaned.")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sha256"], name="one_copy_per_case"),
        ]

    def __str__(self) -> str:
        return self.name


class AccessAction(models.TextChoices):
    VIEW = "view", "viewed the case"
    DOWNLOAD = "download", "downloaded a document"
    EXPORT = "export", "exported it"


class CaseAccess(models.Model):
    """Every time staff read a case (art. 10 data): who, what, when. Outlives the case (DPA
    2018 s.62: the log must answer "who looked at it?" after the data has gone), so the
    reference is kept on the row and the link is cut at purge; the log itself goes after
    casework.services.retention.ACCESS_LOG_RETENTION."""

    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="accesses"
    )
    case_reference = models.CharField(max_length=13, blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=8, choices=AccessAction.choices)
    detail = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "case accesses"

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.case_reference or self.case_id}"

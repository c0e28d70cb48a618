"""factory_boy factories, with traits for the states tests need."""

from __future__ import annotations

import factory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.models import Case, Counter
from casework.states import CaseStatus, Grade
from engage.models import (
    Borough,
    CallHandler,
    LicensingOfficer,
    LicensingUnit,
    Moderator,
    Neighbourhood,
    Officer,
    PostcodeArea,
    Team,
    TeamPriority,
    User,
)
from permits.models import Application, ApplicationType, Question


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    display_name = factory.Faker("first_name", locale="en_GB")
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password("correct horse battery")

    class Params:
        unverified = factory.Trait(email_verified_at=None)


class BoroughFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Borough
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"E09{900000 + n:06d}")
    name = factory.Sequence(lambda n: f"Borough {n}")
    slug = factory.Sequence(lambda n: f"borough-{n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Ward {n} Safer Neighbourhood Team")
    slug = factory.Sequence(lambda n: f"ward-{n}-snt")
    email = factory.Sequence(lambda n: f"ward{n}.snt@met-police.example")
    phone = "101"
    x_handle = factory.Sequence(lambda n: f"MPSWard{n}")


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    ward_code = factory.Sequence(lambda n: f"E05{900000 + n:06d}")
    name = factory.Sequence(lambda n: f"Ward {n}")
    slug = factory.Sequence(lambda n: f"ward-{n}")
    borough = factory.SubFactory(BoroughFactory)
    team = factory.SubFactory(TeamFactory)


class PostcodeAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostcodeArea

    code = "NW1"
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)


class TeamPriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamPriority

    team = factory.SubFactory(TeamFactory)
    title = factory.Sequence(lambda n: f"Priority {n}")
    description = "Drug dealing and anti-social behaviour around the station."


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    name_on_badge = factory.Faker("name", locale="en_GB")
    verified_at = factory.LazyFunction(timezone.now)

    class Params:
        unverified = factory.Trait(verified_at=None)


class ModeratorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Moderator
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)

    @factory.post_generation
    def neighbourhoods(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.neighbourhoods.set(extracted)


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator app"
    confirmed = True


# --- concerns ---------------------------------------------------------------------------------
import uuid  # noqa: E402

from concerns.models import (  # noqa: E402
    Advice,
    Category,
    Concern,
    Follow,
    Reply,
    ReplyTemplate,
    ResidentUpdate,
)
from concerns.states import ConcernStatus  # noqa: E402


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ConcernFactory(factory.django.DjangoModelFactory):
    """A concern; traits put it in a state: ConcernFactory(published=True), (hidden=True)..."""

    class Meta:
        model = Concern
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Speeding outside the school, report {n}")
    body = "Cars race down the road **every morning** at drop-off."
    body_html = "<p>Cars race down the road <strong>every morning</strong> at drop-off.</p>"
    category = factory.SubFactory(CategoryFactory)
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    author = factory.SubFactory(UserFactory)
    submission_key = factory.LazyFunction(uuid.uuid4)
    status = ConcernStatus.SUBMITTED

    @factory.post_generation
    def author_follows(self, create: bool, extracted, **kwargs) -> None:
        """As submit_concern does: authors follow their own concerns."""
        if create and extracted is not False:
            Follow.objects.get_or_create(user=self.author, concern=self)

    class Params:
        published = factory.Trait(
            status=ConcernStatus.PUBLISHED, published_at=factory.LazyFunction(timezone.now)
        )
        in_progress = factory.Trait(
            status=ConcernStatus.IN_PROGRESS, published_at=factory.LazyFunction(timezone.now)
        )
        resolved = factory.Trait(
            status=ConcernStatus.RESOLVED, published_at=factory.LazyFunction(timezone.now)
        )
        returned = factory.Trait(status=ConcernStatus.RETURNED)
        rejected = factory.Trait(status=ConcernStatus.REJECTED)
        diverted = factory.Trait(status=ConcernStatus.DIVERTED, diverted_to="999")
        hidden = factory.Trait(
            status=ConcernStatus.HIDDEN,
            status_before_hidden=ConcernStatus.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )
        withdrawn = factory.Trait(status=ConcernStatus.WITHDRAWN)


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reply

    concern = factory.SubFactory(ConcernFactory, published=True)
    author = factory.SubFactory(UserFactory)
    badge = "PC Jane Smith, Ward team"
    body = "We will patrol at drop-off this week."
    body_html = "<p>We will patrol at drop-off this week.</p>"


class ResidentUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResidentUpdate

    concern = factory.SubFactory(ConcernFactory, published=True)
    author = factory.SubFactory(UserFactory)
    body = "It happened again today."
    body_html = "<p>It happened again today.</p>"
    submission_key = factory.LazyFunction(uuid.uuid4)


class ReplyTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReplyTemplate

    title = factory.Sequence(lambda n: f"Template {n}")
    body = "Thank you for raising this. We have added it to our patrol plan."


class AdviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Advice
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Advice {n}")
    summary = "Lock your bike with two locks, one of them a D-lock."

    @factory.post_generation
    def categories(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.categories.set(extracted)


class CallHandlerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallHandler

    user = factory.SubFactory(UserFactory)


class CaseFactory(factory.django.DjangoModelFactory):
    """A report as submitted (received, untriaged); traits for the later states."""

    class Meta:
        model = Case

    counter = Counter.REPORT
    kind = "crime.theft"
    reporter = factory.SubFactory(UserFactory)
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    summary = "My bike was taken from the rack outside the library."
    answers = factory.LazyFunction(lambda: {"what": {"text": "My bike was taken."}})
    grade = Grade.STANDARD
    triage_due_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(hours=24))
    purge_after = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=365))

    class Params:
        assessing = factory.Trait(status=CaseStatus.ASSESSING)
        recorded = factory.Trait(
            status=CaseStatus.CRIME_RECORDED,
            outcome="crime_recorded",
            crime_reference="CRN-0001234/26",
            triaged_at=factory.LazyFunction(timezone.now),
        )
        with_team = factory.Trait(
            status=CaseStatus.WITH_TEAM,
            outcome="referred",
            team=factory.SelfAttribute("neighbourhood.team"),
            triaged_at=factory.LazyFunction(timezone.now),
        )
        closed = factory.Trait(
            status=CaseStatus.CLOSED,
            outcome="nfa",
            explanation="There are no lines of enquiry; we have recorded what you told us.",
            triaged_at=factory.LazyFunction(timezone.now),
            closed_at=factory.LazyFunction(timezone.now),
        )


class LicensingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LicensingUnit
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Licensing unit {n}")


class LicensingOfficerFactory(factory.django.DjangoModelFactory):
    """A licensing officer; `units=[...]` lists the units they review for."""

    class Meta:
        model = LicensingOfficer
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.units.set(extracted)


class ApplicationTypeFactory(factory.django.DjangoModelFactory):
    """A type with no questions; add them with QuestionFactory(type=...)."""

    class Meta:
        model = ApplicationType

    slug = factory.Sequence(lambda n: f"type-{n}")
    name = factory.Sequence(lambda n: f"Application type {n}")
    summary = "A kind of application."
    unit = factory.SubFactory(LicensingUnitFactory)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    type = factory.SubFactory(ApplicationTypeFactory)
    order = factory.Sequence(lambda n: n)
    key = factory.Sequence(lambda n: f"q{n}")
    label = factory.Sequence(lambda n: f"Question {n}?")
    kind = "text"


def seeded_type(slug: str) -> ApplicationType:
    """One of the four real types the permits migration seeds (procession, filming,
    firearms, event)."""
    return ApplicationType.objects.get(slug=slug)


class ApplicationCaseFactory(factory.django.DjangoModelFactory):
    """An application as submitted (received) of the seeded type `type_slug` (default the
    firearms certificate), with its permits.Application row; pass `status=` for later states."""

    class Meta:
        model = Case
        exclude = ["type_slug", "kind_type"]
        skip_postgeneration_save = True

    type_slug = "firearms"
    kind_type = factory.LazyAttribute(lambda o: seeded_type(o.type_slug))
    counter = Counter.PERMIT
    kind = factory.LazyAttribute(lambda o: o.kind_type.kind)
    unit = factory.LazyAttribute(lambda o: o.kind_type.unit)
    reporter = factory.SubFactory(UserFactory)
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    summary = "Shotgun certificate renewal"
    answers = factory.LazyFunction(
        lambda: {"certificate": "Shotgun certificate", "grant_or_renewal": "Renewal"}
    )
    triage_due_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=28))
    purge_after = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=365))

    @factory.post_generation
    def application(self, create, extracted, **kwargs):
        if create:
            slug = self.kind.removeprefix("permit.")
            Application.objects.create(
                case=self, type=ApplicationType.objects.get(slug=slug), **kwargs
            )

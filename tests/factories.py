"""factory_boy factories, with traits for the states tests need."""

from __future__ import annotations

import factory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from engage.models import (Borough, Moderator, Neighbourhood, Officer, PostcodeArea, Team,
                           TeamPriority, User)


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

import pytest
from django.contrib.auth.models import AnonymousUser

from engage import permissions
from tests.factories import ModeratorFactory, NeighbourhoodFactory, OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_officer_serves_only_their_teams_neighbourhoods(
    officer, neighbourhood, other_neighbourhood
):
    badge = permissions.officer_of(officer)

    assert permissions.serves(badge, neighbourhood)
    assert not permissions.serves(badge, other_neighbourhood)


def test_an_unverified_officer_serves_nowhere_and_needs_no_two_factor(neighbourhood):
    pending = OfficerFactory(team=neighbourhood.team, unverified=True)

    assert permissions.officer_of(pending.user) is None
    assert not permissions.serves(pending, neighbourhood)
    assert not permissions.has_staff_role(pending.user)
    assert permissions.role_names(pending.user) == ["Resident"]


def test_a_global_moderator_moderates_everywhere(moderator, neighbourhood, other_neighbourhood):
    assert permissions.moderates(moderator, neighbourhood)
    assert permissions.moderates(moderator, other_neighbourhood)


def test_a_scoped_moderator_moderates_only_their_neighbourhoods(neighbourhood, other_neighbourhood):
    scoped = ModeratorFactory(neighbourhoods=[neighbourhood]).user

    assert permissions.moderates(scoped, neighbourhood)
    assert not permissions.moderates(scoped, other_neighbourhood)


def test_a_moderators_scope_answers_every_scope_question_the_same_way(
    neighbourhood, other_neighbourhood
):
    from engage.models import Neighbourhood

    scoped = permissions.moderation_scope(ModeratorFactory(neighbourhoods=[neighbourhood]).user)
    everywhere = permissions.moderation_scope(ModeratorFactory().user)
    places = Neighbourhood.objects.filter(pk__in=[neighbourhood.pk, other_neighbourhood.pk])

    assert scoped.covers(neighbourhood.pk) and not scoped.covers(other_neighbourhood.pk)
    assert list(scoped.filter(places, "pk")) == [neighbourhood]
    assert everywhere.everywhere and everywhere.covers(other_neighbourhood.pk)
    assert set(everywhere.filter(places, "pk")) == {neighbourhood, other_neighbourhood}


def test_a_resident_has_no_moderation_scope(resident):
    assert permissions.moderation_scope(resident) is None
    assert permissions.moderation_scope(AnonymousUser()) is None


def test_residents_and_anonymous_visitors_have_no_staff_powers(resident, neighbourhood):
    for user in (resident, AnonymousUser(), None):
        assert not permissions.is_moderator(user)
        assert not permissions.moderates(user, neighbourhood)
        assert not permissions.has_staff_role(user)


def test_a_deactivated_moderator_loses_the_role(moderator, neighbourhood):
    moderator.is_active = False

    assert not permissions.moderates(moderator, neighbourhood)


def test_role_names_list_every_role(staff_admin):
    ModeratorFactory(user=staff_admin)
    OfficerFactory(user=staff_admin, team=NeighbourhoodFactory().team)
    staff_admin.refresh_from_db()

    assert permissions.role_names(staff_admin) == ["Staff admin", "Moderator", "Officer"]
    assert permissions.role_names(UserFactory()) == ["Resident"]

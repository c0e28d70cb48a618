"""The concern state machine through concerns.services.transition_concern: only the table's
moves, only by those who may, a hidden concern restored to where it was, a stale actor told,
and two moderators at once make exactly one winner."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from concerns import services
from concerns.models import Concern, ConcernEvent, Notification
from concerns.states import TRANSITIONS, ConcernStatus
from engage.refusals import AlreadyHandled, NotAllowed
from tests.conftest import ALL_STATES
from tests.factories import ModeratorFactory

pytestmark = pytest.mark.django_db
S = ConcernStatus


@pytest.mark.parametrize(
    ("frm", "to"),
    [(f, t) for f in ALL_STATES for t in ALL_STATES if (f, t) not in TRANSITIONS and f != t],
)
def test_every_transition_outside_the_table_is_refused_even_for_staff(
    frm, to, concern_by, staff_admin
):
    ModeratorFactory(user=staff_admin)
    concern = concern_by(frm)

    with pytest.raises(NotAllowed):
        services.transition_concern(concern, to, actor=staff_admin)
    concern.refresh_from_db()
    assert concern.status == frm and not ConcernEvent.objects.filter(concern=concern).exists()


@pytest.mark.parametrize(
    ("persona", "to", "allowed"),
    [
        ("moderator", S.PUBLISHED, True),
        ("officer", S.PUBLISHED, False),
        ("resident", S.PUBLISHED, False),
        ("other_resident", S.WITHDRAWN, False),
        ("resident", S.WITHDRAWN, True),
        ("other_officer", S.REJECTED, False),
    ],
)
def test_who_may_move_a_submitted_concern(persona, to, allowed, request, concern_by):
    actor = request.getfixturevalue(persona)
    concern = concern_by("submitted")

    if allowed:
        assert services.transition_concern(concern, to, actor=actor).status == to
    else:
        with pytest.raises(NotAllowed):
            services.transition_concern(concern, to, actor=actor)


def test_only_the_team_moves_a_published_concern_along(
    concern_by, officer, other_officer, moderator
):
    concern = concern_by("published")

    for outsider in (other_officer, moderator):
        with pytest.raises(NotAllowed):
            services.transition_concern(concern, S.ACKNOWLEDGED, actor=outsider)
    assert (
        services.transition_concern(concern, S.ACKNOWLEDGED, actor=officer).status == S.ACKNOWLEDGED
    )


def test_a_hidden_concern_is_restored_to_where_it_was(concern_by, moderator):
    concern = concern_by("in_progress")
    services.transition_concern(concern, S.HIDDEN, actor=moderator)

    with pytest.raises(NotAllowed, match="restored to where it was"):
        services.transition_concern(concern, S.PUBLISHED, actor=moderator)
    assert (
        services.transition_concern(concern, S.IN_PROGRESS, actor=moderator).status == S.IN_PROGRESS
    )


def test_a_stale_actor_is_told_someone_else_acted(concern_by, moderator):
    concern = concern_by("submitted")
    stale = Concern.objects.get(pk=concern.pk)
    services.transition_concern(concern, S.PUBLISHED, actor=moderator)

    with pytest.raises(AlreadyHandled, match="Someone else has already changed"):
        services.transition_concern(stale, S.REJECTED, actor=moderator)
    assert Concern.objects.get(pk=concern.pk).status == S.PUBLISHED


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_publishes_make_one_winner_and_one_notification(
    neighbourhood, resident, other_resident
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locking: run with DATABASE_URL set (CI does)")
    from tests.factories import ConcernFactory

    first, second = ModeratorFactory().user, ModeratorFactory().user
    services.follow(user=other_resident, neighbourhood=neighbourhood)
    concern = ConcernFactory(neighbourhood=neighbourhood, author=resident)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def publish(moderator):
        mine = Concern.objects.get(pk=concern.pk)
        barrier.wait()
        try:
            services.transition_concern(mine, S.PUBLISHED, actor=moderator)
            outcomes.append("won")
        except AlreadyHandled:
            outcomes.append("already handled")
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(m,)) for m in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already handled", "won"]
    assert ConcernEvent.objects.filter(concern=concern, to_status=S.PUBLISHED).count() == 1
    assert Notification.objects.filter(user=other_resident).count() == 1

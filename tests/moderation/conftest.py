"""Moderation fixtures: posts that arrive through the real submission path (screening, queue)."""

from __future__ import annotations

import uuid

import pytest

from concerns import services as concern_services
from concerns.models import Category
from moderation.models import QueueItem
from tests.factories import CategoryFactory, ModeratorFactory, TOTPDeviceFactory, UserFactory


@pytest.fixture
def category(db):
    return Category.objects.first() or CategoryFactory()  # migrations seed the defaults


@pytest.fixture
def submit(neighbourhood, resident, category):
    """Submit a concern as a resident would (screened, queued); returns its queue item. An
    emergency post goes in as after the 999 page ("I understand, post it")."""

    def make(
        title="Bikes ridden on the pavement",
        body="Every evening by the market.",
        author=None,
        where=None,
    ) -> QueueItem:
        concern = concern_services.submit_concern(
            author=author or resident,
            title=title,
            body=body,
            category=category,
            neighbourhood=where or neighbourhood,
            submission_key=uuid.uuid4(),
            acknowledged_emergency=True,
        )
        return QueueItem.objects.get(concern=concern, kind="concern", state="pending")

    return make


@pytest.fixture
def second_moderator(db):
    """Another global moderator: reviews appeals, races the first one."""
    user = UserFactory(email="moderator2@example.com", display_name="Alex")
    ModeratorFactory(user=user)
    TOTPDeviceFactory(user=user)
    return user


@pytest.fixture
def scoped_moderator(other_neighbourhood):
    """A moderator for `other_neighbourhood` only: must not see or act on `neighbourhood`."""
    user = UserFactory(email="scoped.moderator@example.com", display_name="Kim")
    ModeratorFactory(user=user, neighbourhoods=[other_neighbourhood])
    TOTPDeviceFactory(user=user)
    return user

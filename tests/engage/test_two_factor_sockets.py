"""engage.two_factor.passed_two_factor: sockets apply the rule django-otp applies over HTTP.

A session that names a device no longer there (removed by an admin after a lost phone) has
not passed two-factor, on every staff stream alike."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async as sync_to_async

from tests.conftest import signed_in
from tests.sockets import hello, socket

pytestmark = pytest.mark.django_db(transaction=True)


def _verified_then_device_removed(user):
    client = signed_in(user, two_factor=True)
    user.totpdevice_set.all().delete()
    return client


async def test_an_officer_whose_device_was_removed_cannot_follow_an_unpublished_concern(
    concern_by, officer
):
    concern = await sync_to_async(concern_by)("submitted")
    still_verified = await sync_to_async(signed_in)(officer, two_factor=True)
    before = socket(f"/ws/concerns/{concern.ref}/", client=still_verified)
    await hello(before)
    await before.disconnect()

    removed = await sync_to_async(_verified_then_device_removed)(officer)
    connected, code = await socket(f"/ws/concerns/{concern.ref}/", client=removed).connect()

    assert not connected and code == 4404


async def test_a_moderator_whose_device_was_removed_cannot_open_the_queue_stream(moderator):
    still_verified = await sync_to_async(signed_in)(moderator, two_factor=True)
    before = socket("/ws/moderation/", client=still_verified)
    await hello(before)
    await before.disconnect()

    removed = await sync_to_async(_verified_then_device_removed)(moderator)
    connected, code = await socket("/ws/moderation/", client=removed).connect()

    assert not connected and code == 4403

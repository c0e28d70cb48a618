"""The admin site shows posts; it never changes what moderation decides."""

from __future__ import annotations

from concerns.models import Reply
from tests.conftest import signed_in
from tests.factories import ReplyFactory


def test_a_held_reply_cannot_be_published_from_the_admin(staff_admin):
    reply = ReplyFactory(status="pending", body="Held for sign-off.")
    admin = signed_in(staff_admin, two_factor=True)
    url = f"/admin/concerns/reply/{reply.pk}/change/"

    page = admin.get(url)
    admin.post(url, {"status": "published", "body": "Changed in the admin."})

    assert page.status_code == 200 and 'name="status"' not in page.content.decode()
    assert Reply.objects.filter(pk=reply.pk, status="pending", body="Held for sign-off.").exists()

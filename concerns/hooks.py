"""Hooks other apps plug into, named in settings.CONCERN_HOOKS so concerns never imports them.

Each hook runs inside the service's transaction, so whatever it writes (a moderation queue
item, an outbox row) commits or rolls back with the change itself.

- "submitted" (concern): a concern entered moderation (new or resubmitted).
- "update_submitted" (update): a resident's update entered moderation.
- "status_changed" (concern, frm, to, actor): any status change, after it is written.
- "reply_submitted" (reply): an officer's reply waits for sign-off (the team asked for it).
- "reply_published" (reply, crosspost): a reply became public; crosspost is the officer's
  "also post this on our X account" tick.
- "may_post" (author): raise engage.refusals.NotAllowed to refuse a post (sanctions).
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string


@lru_cache(maxsize=None)
def _hooks(name: str) -> tuple:
    return tuple(import_string(path) for path in settings.CONCERN_HOOKS.get(name, ()))


def run(name: str, **kwargs) -> None:
    for hook in _hooks(name):
        hook(**kwargs)

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

Each event's handler signature is a Protocol below. Settings hold dotted paths, which mypy
cannot follow, so a module that provides handlers binds each one to its Protocol under
TYPE_CHECKING (moderation/services/intake.py): a handler with the wrong keywords fails mypy.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, Protocol, overload

from django.conf import settings
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from concerns.models import Concern, Reply, ResidentUpdate
    from engage.models import User

# A handler's return value is ignored, so each Protocol returns `object`: any handler may
# return something (social.services.crosspost.on_reply returns its CrossPost) without failing
# the check.


class Submitted(Protocol):
    def __call__(self, *, concern: Concern) -> object: ...


class UpdateSubmitted(Protocol):
    def __call__(self, *, update: ResidentUpdate) -> object: ...


class StatusChanged(Protocol):
    def __call__(self, *, concern: Concern, frm: str, to: str, actor: User | None) -> object: ...


class ReplySubmitted(Protocol):
    def __call__(self, *, reply: Reply) -> object: ...


class ReplyPublished(Protocol):
    def __call__(self, *, reply: Reply, crosspost: bool) -> object: ...


class MayPost(Protocol):
    def __call__(self, *, author: User) -> object: ...


def _hooks(name: str) -> tuple[Callable[..., object], ...]:
    # Read on every run, cached on the paths themselves: a test that overrides CONCERN_HOOKS
    # gets its own handlers without clearing anything.
    return _imported(tuple(settings.CONCERN_HOOKS.get(name, ())))


@cache
def _imported(paths: tuple[str, ...]) -> tuple[Callable[..., object], ...]:
    return tuple(import_string(path) for path in paths)


@overload
def run(name: Literal["submitted"], *, concern: Concern) -> None: ...
@overload
def run(name: Literal["update_submitted"], *, update: ResidentUpdate) -> None: ...
@overload
def run(
    name: Literal["status_changed"], *, concern: Concern, frm: str, to: str, actor: User | None
) -> None: ...
@overload
def run(name: Literal["reply_submitted"], *, reply: Reply) -> None: ...
@overload
def run(name: Literal["reply_published"], *, reply: Reply, crosspost: bool) -> None: ...
@overload
def run(name: Literal["may_post"], *, author: User) -> None: ...
def run(name: str, **kwargs: Any) -> None:
    for hook in _hooks(name):
        hook(**kwargs)

"""The hook registry: handlers come from settings.CONCERN_HOOKS as they are when a hook runs."""

from __future__ import annotations

from types import SimpleNamespace

from concerns import hooks

calls: list[tuple[str, object]] = []


def first_handler(*, author: object) -> None:
    calls.append(("first", author))


def second_handler(*, author: object) -> None:
    calls.append(("second", author))


def test_a_test_overriding_the_hooks_setting_gets_its_own_handlers_without_clearing_a_cache(
    settings,
):
    author = SimpleNamespace(pk=1)
    calls.clear()
    settings.CONCERN_HOOKS = {"may_post": [f"{__name__}.first_handler"]}
    hooks.run("may_post", author=author)

    settings.CONCERN_HOOKS = {"may_post": [f"{__name__}.second_handler"]}
    hooks.run("may_post", author=author)

    assert calls == [("first", author), ("second", author)]


def test_an_event_no_setting_names_runs_nothing(settings):
    calls.clear()
    settings.CONCERN_HOOKS = {}

    hooks.run("may_post", author=SimpleNamespace(pk=1))

    assert calls == []

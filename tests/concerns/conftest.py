"""Fixtures for the concern tests: a Client per persona (the persona matrix)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.concerns.access import STAFF
from tests.conftest import signed_in


@pytest.fixture
def client_as(request) -> Callable[..., Client]:
    """client_as("officer") -> a Client for that persona; staff pass two-factor by default."""

    def make(persona: str, *, two_factor: bool | None = None) -> Client:
        if persona == "anonymous":
            return Client()
        user = request.getfixturevalue(persona)
        return signed_in(user, two_factor=persona in STAFF if two_factor is None else two_factor)

    return make


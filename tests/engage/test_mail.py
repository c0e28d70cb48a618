"""engage.mail: one connection per sweep, and sending never raises (False: the caller's claim
is given back). Against a real SMTP conversation on loopback."""

from __future__ import annotations

import logging

import pytest

from engage import mail
from tests.conftest import smtp_at
from tests.resilience.smtp import SlowSink


@pytest.fixture
def sink(settings):
    server = SlowSink(delay=0)
    smtp_at(settings, server.port)
    settings.SITE_URL = "https://engage.example.police.uk"
    yield server
    server.close()


def letter(n: int) -> mail.Letter:
    return mail.Letter(f"Subject {n}", "Body.", [f"person{n}@example.com"], key=f"test-{n}")


def test_a_sweeps_letters_share_one_connection_and_carry_their_keys(sink):
    with mail.Mailer() as mailer:
        sent = [mailer.send(letter(n)) for n in range(3)]

    assert sent == [True, True, True]
    assert sink.sessions == 1
    assert sink.message_ids == [f"<test-{n}@engage.example.police.uk>" for n in range(3)]


def test_a_resent_letter_has_the_same_message_id(sink):
    assert mail.send(letter(7)) and mail.send(letter(7))

    assert sink.message_ids == ["<test-7@engage.example.police.uk>"] * 2


def test_a_mail_server_that_is_down_is_reported_not_raised(mail_server_down, caplog):
    with caplog.at_level(logging.ERROR, logger="engage.mail"), mail.Mailer() as mailer:
        sent = [mailer.send(letter(n)) for n in range(2)]

    assert sent == [False, False]
    assert [r.getMessage() for r in caplog.records] == [
        "email test-0 to 1 recipient(s) not sent",
        "email test-1 to 1 recipient(s) not sent",
    ]


def test_a_letter_to_nobody_is_not_a_failure(mail_server_down):
    assert mail.send(mail.Letter("Subject", "Body.", [])) is True

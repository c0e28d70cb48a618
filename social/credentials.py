"""Per-team OAuth tokens encrypted at rest (Fernet: AES-128-CBC + HMAC-SHA256).

Keys come from settings.X_TOKEN_KEYS, newest first, so a key can be rotated: encrypt with the
first, decrypt with any. Without keys, one is derived from SECRET_KEY, so a leaked database dump
alone does not give the tokens away.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from social import conf


class UndecryptableToken(Exception):
    """The stored token was encrypted with a key no longer configured."""


def _fernet() -> MultiFernet:
    keys = list(conf.get("X_TOKEN_KEYS"))
    if not keys:
        digest = hashlib.sha256(f"engage-x-tokens:{settings.SECRET_KEY}".encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(value: str) -> str:
    if not value:
        return ""
    try:
        return _fernet().decrypt(value.encode()).decode()
    except InvalidToken as error:
        raise UndecryptableToken(
            "The team's X tokens can't be decrypted: enter them again."
        ) from error

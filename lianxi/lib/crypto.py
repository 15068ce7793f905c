"""Encryption of personal data at rest and keyed hashes for look-up."""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken


@lru_cache(maxsize=4)
def _fernet(key: str) -> Fernet:
    return Fernet(key.encode())


def _key() -> str:
    from django.conf import settings  # lib imports no app; settings are not an app

    return str(settings.FIELD_ENCRYPTION_KEY)


def encrypt(plain: str) -> str:
    return _fernet(_key()).encrypt(plain.encode()).decode()


def decrypt(token: str, ttl: int | None = None) -> str:
    """`ttl`: refuse a token made more than that many seconds ago."""
    try:
        return _fernet(_key()).decrypt(token.encode(), ttl=ttl).decode()
    except InvalidToken as exc:  # wrong key or tampered value: never show ciphertext
        raise ValueError("cannot decrypt personal data with the configured key") from exc


def keyed_hash(value: str, purpose: str = "lookup") -> str:
    """HMAC-SHA256 so equal values can be found without storing them in clear."""
    key = hashlib.sha256((_key() + ":" + purpose).encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()

"""Encryption of personal data at rest and keyed hashes for look-up."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
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


SEALED_PREFIX = "v1:"


def _short_key(purpose: str) -> bytes:
    return hashlib.sha256((_key() + ":" + purpose).encode()).digest()


def seal_short(plain: bytes, purpose: str) -> str:
    """Encrypt a short secret so it fits a narrow column (another library's, e.g. django-otp's
    80-character `key`): AES-256-GCM under a key derived from the field key, base64 without
    padding, `v1:` in front. A 20-byte secret becomes 67 characters."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    sealed = nonce + AESGCM(_short_key(purpose)).encrypt(nonce, plain, purpose.encode())
    return SEALED_PREFIX + base64.urlsafe_b64encode(sealed).decode().rstrip("=")


def is_sealed(value: str) -> bool:
    return value.startswith(SEALED_PREFIX)


def open_short(value: str, purpose: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    body = value.removeprefix(SEALED_PREFIX)
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    try:
        plain = AESGCM(_short_key(purpose)).decrypt(raw[:12], raw[12:], purpose.encode())
    except InvalidTag as exc:
        raise ValueError("cannot open the secret with the configured key") from exc
    return plain

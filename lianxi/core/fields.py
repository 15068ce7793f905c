"""Model fields for personal data: stored encrypted, never in clear (quality.md)."""

from __future__ import annotations

from typing import Any

from django.db import models

from lianxi.lib.crypto import decrypt, encrypt


class EncryptedTextField(models.TextField):
    """Text encrypted with Fernet at rest; the Python value is the plain string."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        if value is None or value == "":
            return ""
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return ""
        return encrypt(str(value))

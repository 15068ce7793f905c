"""A password validator: nobody chooses the demo password (it is printed in the README)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class NotTheDemoPassword:
    def validate(self, password: str, user: Any = None) -> None:
        from lianxi.directory.demo.city import DEMO_PASSWORD

        if password == DEMO_PASSWORD:
            raise ValidationError(
                _("This is the demo's published password; choose another."), code="demo"
            )

    def get_help_text(self) -> str:
        return _("Your password cannot be the demo's published password.")

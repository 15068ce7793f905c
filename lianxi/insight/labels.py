"""Texts the cases forms show for routing (kept here so the insight catalog translates them)."""

from __future__ import annotations

import time
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxi.directory.models import Category

CORRECT_CATEGORY_HELP = gettext_lazy(
    "Correct it if the suggestion is wrong: corrections teach the routing model."
)


def suggested_department_help(confidence: float) -> str:
    return _("Suggested by the routing model (confidence %(pct)d%%).") % {
        "pct": round(100 * confidence)
    }


_CHOICES: tuple[float, list[tuple[Any, Any]]] = (0.0, [])
CHOICES_TTL = 300.0


def category_choices() -> list[tuple[Any, Any]]:
    """Second-level categories in use, grouped under their first level, cached in the process
    (the accept form on every case page needs them without a query)."""
    global _CHOICES
    loaded_at, choices = _CHOICES
    if not choices or time.monotonic() - loaded_at > CHOICES_TTL:
        groups: dict[str, list[tuple[int, str]]] = {}
        for pk, name, parent in (
            Category.objects.filter(is_active=True, level=2, parent__is_active=True)
            .order_by("parent__sort_order", "parent__code", "sort_order", "code")
            .values_list("pk", "name", "parent__name")
        ):
            groups.setdefault(parent, []).append((pk, name))
        choices = [("", "---------"), *groups.items()]
        _CHOICES = (time.monotonic(), choices)
    return choices


def forget() -> None:
    global _CHOICES
    _CHOICES = (0.0, [])

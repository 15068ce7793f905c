"""Texts the cases forms show for routing (kept here so the insight catalog translates them)."""

from __future__ import annotations

import time
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxi.directory.models import Category

CORRECT_CATEGORY_HELP = gettext_lazy(
    "Correct it if the suggestion is wrong: corrections teach the routing model."
)


HIGH, MEDIUM = 0.7, 0.4  # the routing model's confidence read as 高 / 中 / 低


def confidence_words(confidence: float) -> tuple[str, str, str]:
    """The model's confidence as staff say it: (level, its word, the reason in words)."""
    if confidence >= HIGH:
        return (
            "high",
            _("high"),
            _("earlier cases worded like this one nearly all went to this department"),
        )
    if confidence >= MEDIUM:
        return (
            "medium",
            _("medium"),
            _("earlier cases worded like this one went to more than one department: check it"),
        )
    return (
        "low",
        _("low"),
        _("few earlier cases are worded like this one: choose the department yourself"),
    )


def suggested_department_help(confidence: float) -> SafeString:
    """The help under the lead department: the likelihood in words, the figure behind a
    details toggle (the number means little to staff, but stays at hand)."""
    level, word, reason = confidence_words(confidence)
    return format_html(
        '<span class="lx-confidence" data-confidence="{}">{}</span> '
        '<details class="lx-figures d-inline-block"><summary>{}</summary>{}</details>',
        level,
        _("Suggested by the routing model, likelihood %(level)s: %(reason)s.")
        % {"level": word, "reason": reason},
        _("Details"),
        _("The model's confidence: %(pct)d%% (high from 70%%, medium from 40%%).")
        % {"pct": round(100 * confidence)},
    )


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

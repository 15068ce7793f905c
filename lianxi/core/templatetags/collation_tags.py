"""`{% load collation_tags %}` … `{% for d in deputies|by_pinyin:"name" %}` — a list of names
or places in the order people look them up (lianxi/core/collation.py)."""

from __future__ import annotations

from typing import Any

from django import template

from lianxi.core.collation import by_pinyin

register = template.Library()


@register.filter
def by_pinyin_name(items: Any, attr: str = "name") -> list[Any]:
    """People: the first character read as a surname (曾 zēng, 单 shàn)."""
    return by_pinyin(items, lambda item: str(getattr(item, attr)), person=True)


@register.filter(name="by_pinyin")
def by_pinyin_filter(items: Any, attr: str = "name") -> list[Any]:
    return by_pinyin(items, lambda item: str(getattr(item, attr)))

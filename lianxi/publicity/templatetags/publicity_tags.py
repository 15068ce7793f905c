"""Template tags: the staff menu links, a story's text (sanitised again as it is shown) and
the home page's blocks."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from lianxi.committee.text import sanitise
from lianxi.publicity.policies import is_publicity_staff

register = template.Library()


@register.inclusion_tag("publicity/_nav.html", takes_context=True)
def publicity_nav(context: dict[str, Any]) -> dict[str, Any]:
    return {"staff": is_publicity_staff(context["request"].user)}


@register.filter
def story_html(body: str) -> SafeString:
    """The stored text was sanitised when saved; cleaning it again costs little and keeps a
    row written any other way from running anything."""
    return mark_safe(sanitise(body or ""))

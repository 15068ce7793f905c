"""Template helpers for lists: page links that keep the other query parameters."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.paginator import Page

from lianxi.directory.choices import AreaLevel
from lianxi.directory.models import Area
from lianxi.lib.masking import mask_text

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], number: int | str, param: str = "page") -> str:
    """`?…&page=N` built from the current query string, with `param` replaced."""
    request = context["request"]
    params = request.GET.copy()
    params[param] = str(number)
    return "?" + params.urlencode()


@register.filter
def elided_pages(page: Page) -> list[int | str]:
    """Page numbers around the current one, with an ellipsis where numbers are skipped."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


@register.filter
def initial(name: str) -> str:
    """The first character of a name, for the avatar."""
    return (name or "?").strip()[:1] or "?"


@register.filter
def local_name(area: Area | None) -> str:
    """An area's name from its district down (东湖区石泉街道, not 示范省示范市东湖区石泉街道).

    Uses only the parents already loaded (`select_related`), so it never queries; when a
    parent is missing it falls back to the stored full name."""
    if area is None:
        return ""
    names: list[str] = []
    node = area
    while node.level > AreaLevel.DISTRICT:
        names.append(node.name)
        if node.parent_id is None or not Area.parent.is_cached(node):
            return area.full_name or area.name
        node = node.parent  # type: ignore[assignment]
    names.append(node.name)
    return "".join(reversed(names))


@register.filter
def masked(text: str | None, clear: bool = False) -> str:
    """Phone and ID numbers typed into free text, masked (`138****5678`) unless `clear` (the
    reader needs to know: `{{ case.content|masked:show_contact }}`). The stored text is kept."""
    return text or "" if clear else mask_text(text or "")

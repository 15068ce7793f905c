"""Template tags the shared layout uses: the app's navigation links and its workbench panel."""

from typing import Any

from django import template

from lianxi.core.choices import STAFF_ROLES

register = template.Library()


def _context(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    staff = bool(getattr(user, "is_authenticated", False) and user.role in STAFF_ROLES)
    return {"user": user, "staff": staff}


@register.inclusion_tag("search/_nav.html", takes_context=True)
def search_nav(context: dict[str, Any]) -> dict[str, Any]:
    """Dropdown items (<li><a class="dropdown-item">): the search of everything the user may
    see for staff, and the search of published cases for everyone signed in."""
    return _context(context)


@register.inclusion_tag("search/_workbench_panel.html", takes_context=True)
def search_panel(context: dict[str, Any]) -> dict[str, Any]:
    """A search box on every workbench."""
    return _context(context)

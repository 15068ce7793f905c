"""Template tags the shared layout uses: the app's navigation links and its workbench panel."""

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("stats/_nav.html", takes_context=True)
def stats_nav(context: dict[str, Any]) -> dict[str, Any]:
    """Dropdown items (<li><a class="dropdown-item">) for the signed-in user's role."""
    return {"user": context["request"].user}


@register.inclusion_tag("stats/_workbench_panel.html", takes_context=True)
def stats_panel(context: dict[str, Any]) -> dict[str, Any]:
    """A card on the user's workbench, or nothing for roles the app does not serve."""
    return {"user": context["request"].user}

"""Template tags the shared layout uses: the app's navigation links and its workbench panel."""

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join

from lianxi.stats.policies import can_see_dashboard

register = template.Library()


@register.inclusion_tag("stats/_nav.html", takes_context=True)
def stats_nav(context: dict[str, Any]) -> dict[str, Any]:
    """Dropdown items (<li><a class="dropdown-item">) for the signed-in user's role."""
    return {"can_see": can_see_dashboard(context["request"].user)}


@register.inclusion_tag("stats/_workbench_panel.html", takes_context=True)
def stats_panel(context: dict[str, Any]) -> dict[str, Any]:
    """A card on the user's workbench, or nothing for roles the app does not serve."""
    user = context["request"].user
    if not can_see_dashboard(user):
        return {"can_see": False}
    from django.http import Http404

    from lianxi.stats.access import scope_for
    from lianxi.stats.forms import FilterForm

    try:
        scope = scope_for(user)
    except Http404:
        return {"can_see": False}
    from lianxi.stats.queries import totals

    filters = FilterForm(None, scope=scope).filters()
    return {
        "can_see": True,
        "totals": totals(scope, filters),
        "period": {"start": f"{filters.start:%Y-%m}", "end": f"{filters.end:%Y-%m}"},
    }


@register.filter
def percent(value: float | None) -> str:
    """0.873 → "87.3%"; None → "–"."""
    if value is None:
        return "–"
    return f"{value * 100:.1f}%"


@register.simple_tag
def stats_select(field: Any) -> str:
    """A filter's <select>, built in one pass (Django's widget templates render one template
    per option, which costs more than the dashboard's queries on a list of 100+ areas)."""
    current = field.value()
    current = "" if current is None else str(current)
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (str(value), " selected" if str(value) == current else "", label)
            for value, label in field.field.choices
        ),
    )
    return format_html(
        '<select name="{}" id="{}" class="form-select">{}</select>',
        field.html_name,
        field.id_for_label,
        options,
    )

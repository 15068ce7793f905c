"""The performance app's pieces on shared pages: its menu item, and the published summary
on a deputy's public page."""

from __future__ import annotations

from typing import Any

from django import template

from lianxi.core.choices import Role

register = template.Library()


@register.inclusion_tag("performance/_nav.html", takes_context=True)
def performance_nav(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    role = getattr(user, "role", None)
    return {
        "show": role in {Role.DEPUTY, Role.COMMITTEE, Role.ADMIN},
        "deputy": role == Role.DEPUTY,
    }


@register.inclusion_tag("performance/_deputy_public.html")
def deputy_performance(deputy: Any) -> dict[str, Any]:
    """What the committee published of the deputy's records: grade and summary per year."""
    from lianxi.performance.models import Record

    return {"records": list(Record.objects.published().filter(deputy=deputy).order_by("-year")[:3])}

from __future__ import annotations

from typing import Any

from django import template

from lianxi.core.choices import Role

register = template.Library()


@register.inclusion_tag("polls/_nav.html", takes_context=True)
def polls_nav(context: dict[str, Any]) -> dict[str, Any]:
    """A dropdown item for the roles that build polls."""
    user = context["request"].user
    return {"show": getattr(user, "role", None) in {Role.DEPUTY, Role.COMMITTEE, Role.ADMIN}}

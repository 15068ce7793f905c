from __future__ import annotations

from typing import Any

from django import template

from lianxi.core.choices import Role

register = template.Library()


@register.inclusion_tag("proposals/_nav.html", takes_context=True)
def proposals_nav(context: dict[str, Any]) -> dict[str, Any]:
    """A dropdown item for the roles that work on suggestions and bills."""
    user = context["request"].user
    roles = {Role.DEPUTY, Role.COMMITTEE, Role.ADMIN, Role.DEPARTMENT}
    return {"show": getattr(user, "role", None) in roles}


@register.inclusion_tag("proposals/_deputy_public.html")
def deputy_proposals(deputy: Any) -> dict[str, Any]:
    """On a deputy's public page: their suggestions and bills with published replies."""
    from lianxi.proposals.models import Proposal

    published = Proposal.objects.published().filter(author=deputy)
    return {
        "deputy": deputy,
        "items": list(published.select_related("lead").order_by("-replied_at", "-pk")[:5]),
        "count": published.count(),
    }

"""Template tags the shared layout uses: the app's navigation links and its workbench panel."""

from typing import Any

from django import template
from django.utils import timezone

from lianxi.committee.policies import is_committee_staff, is_deputy

register = template.Library()


@register.inclusion_tag("committee/_nav.html", takes_context=True)
def committee_nav(context: dict[str, Any]) -> dict[str, Any]:
    """Dropdown items (<li><a class="dropdown-item">) for the signed-in user's role."""
    user = context["request"].user
    return {"user": user, "staff": is_committee_staff(user)}


@register.inclusion_tag("committee/_workbench_panel.html", takes_context=True)
def committee_panel(context: dict[str, Any]) -> dict[str, Any]:
    """A card on the user's workbench, or nothing for roles the app does not serve."""
    from lianxi.committee.inbox import inbox_for
    from lianxi.committee.models import Activity, Invitation, Notice

    user = context["request"].user
    if is_deputy(user):
        return {"inbox": inbox_for(user)}
    if is_committee_staff(user):
        now = timezone.now()
        activities = Activity.objects.visible_to(user).filter(status="open", starts_at__gte=now)
        return {
            "summary": {
                "activities": activities.count(),
                "waiting": Invitation.objects.filter(
                    activity__in=activities, status="invited"
                ).count(),
                "scheduled": Notice.objects.visible_to(user).filter(status="scheduled").count(),
            }
        }
    return {}

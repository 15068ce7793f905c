"""The delivery page's link in the shared layout's "More work" menu."""

from typing import Any

from django import template

from lianxi.notifications.policies import can_see_delivery

register = template.Library()


@register.inclusion_tag("notifications/_nav.html", takes_context=True)
def notifications_nav(context: dict[str, Any]) -> dict[str, Any]:
    return {"can_see": can_see_delivery(context["request"].user)}

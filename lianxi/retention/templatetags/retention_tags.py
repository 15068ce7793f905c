"""The retention links of the shared layout's menus."""

from typing import Any

from django import template

from lianxi.retention.policies import can_file_request, can_handle_requests, can_run_retention

register = template.Library()


@register.inclusion_tag("retention/_nav.html", takes_context=True)
def retention_nav(context: dict[str, Any]) -> dict[str, Any]:
    """Dropdown items: the retention overview (administrators), deletion requests (committee
    staff), and for a citizen the page to ask for their data to be deleted."""
    user = context["request"].user
    return {
        "runner": can_run_retention(user),
        "handler": can_handle_requests(user),
        "citizen": can_file_request(user),
    }

"""Template tags the shared layout uses: the app's navigation links and its workbench panel;
and the answer check the cases' staff page includes."""

from typing import Any

from django import template

from lianxi.insight.models import RoutingModel
from lianxi.insight.policies import can_check_answers, can_see_models

register = template.Library()


@register.inclusion_tag("insight/_nav.html", takes_context=True)
def insight_nav(context: dict[str, Any]) -> dict[str, Any]:
    """Dropdown items (<li><a class="dropdown-item">) for the signed-in user's role."""
    return {"show": can_see_models(context["request"].user)}


@register.inclusion_tag("insight/_workbench_panel.html", takes_context=True)
def insight_panel(context: dict[str, Any]) -> dict[str, Any]:
    """A card on the user's workbench, or nothing for roles the app does not serve."""
    user = context["request"].user
    if not can_see_models(user):
        return {"show": False}
    return {"show": True, "active": RoutingModel.objects.filter(is_active=True).first()}


@register.inclusion_tag("insight/_answer_check.html", takes_context=True)
def insight_answer_check(context: dict[str, Any], case: Any) -> dict[str, Any]:
    """Warnings under the answer boxes of a case's staff page, refreshed while one types."""
    request = context["request"]
    return {"case": case, "show": can_check_answers(request.user), "request": request}

"""Template tags the shared layout uses: the app's navigation links, its workbench panel, and
the likely duplicates on the staff case page."""

from typing import Any

from django import template
from django.utils.translation import gettext as _

from lianxi.cases.models import Case
from lianxi.cases.policies import can_step
from lianxi.cases.workflow import TRANSITIONS
from lianxi.topics.models import SupervisionTopic, TopicStatus
from lianxi.topics.policies import can_see_hot_issues, is_citizen
from lianxi.topics.similar import staff_duplicates

register = template.Library()


@register.inclusion_tag("topics/_nav.html", takes_context=True)
def topics_nav(context: dict[str, Any]) -> dict[str, Any]:
    """Dropdown items (<li><a class="dropdown-item">) for the signed-in user's role."""
    user = context["request"].user
    return {"can_analyse": can_see_hot_issues(user), "citizen": is_citizen(user)}


@register.inclusion_tag("topics/_workbench_panel.html", takes_context=True)
def topics_panel(context: dict[str, Any]) -> dict[str, Any]:
    """A card on the user's workbench, or nothing for roles the app does not serve."""
    user = context["request"].user
    if not can_see_hot_issues(user):
        return {"can_analyse": False}
    from lianxi.topics.access import hot_issues_for

    return {
        "can_analyse": True,
        "issues": list(hot_issues_for(user).order_by("rank")[:5]),
        "proposed": SupervisionTopic.objects.filter(status=TopicStatus.PROPOSED).count(),
    }


@register.inclusion_tag("topics/_duplicates.html", takes_context=True)
def topics_duplicates(context: dict[str, Any], case: Case) -> dict[str, Any]:
    """Likely duplicates of `case` in the user's scope (why each is one, in words), with a
    one-click merge when allowed."""
    user = context["request"].user
    duplicates = staff_duplicates(user, case)
    can_merge = case.status in TRANSITIONS["merge"][0] and can_step(user, case, "merge")
    return {
        "duplicates": duplicates,
        "case": case,
        "can_merge": can_merge,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def likeness(score: float) -> str:
    """How alike two cases' texts are, in the words staff use (the figure is in a details
    toggle beside it): 高 from 0.6, 中 from 0.45, else 低 (the panel starts at 0.3)."""
    if score >= LIKENESS_HIGH:
        return str(_("high"))
    if score >= LIKENESS_MEDIUM:
        return str(_("medium"))
    return str(_("low"))


LIKENESS_HIGH, LIKENESS_MEDIUM = 0.6, 0.45

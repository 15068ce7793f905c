"""Template tags: the app's navigation links and the home page's "now open" list."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from lianxi.legislation.models import Consultation, Stage
from lianxi.legislation.policies import is_contact_point_staff, is_legislative_staff

register = template.Library()


@register.inclusion_tag("legislation/_nav.html", takes_context=True)
def legislation_nav(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    return {
        "staff": is_legislative_staff(user),
        "contact_point": is_contact_point_staff(user),
    }


@register.inclusion_tag("legislation/_now_open.html")
def legislation_now_open(limit: int = 3) -> dict[str, Any]:
    today = timezone.localdate()
    rows = Consultation.objects.filter(
        stage=Stage.OPEN, opens_on__lte=today, closes_on__gte=today
    ).order_by("closes_on", "pk")[:limit]
    return {"consultations": list(rows)}


@register.inclusion_tag("legislation/_deputy_inbox.html", takes_context=True)
def legislation_for_deputy(context: dict[str, Any]) -> dict[str, Any]:
    """The deputy's inbox section: drafts open for their comment, and whether they have."""
    from lianxi.committee.querysets import deputy_of

    deputy = deputy_of(context["request"].user)
    rows = list(Consultation.objects.for_deputy(deputy).order_by("closes_on", "pk")[:10])
    done = set(
        deputy.legislation_comments.filter(consultation__in=rows).values_list(
            "consultation_id", flat=True
        )
        if deputy is not None
        else []
    )
    return {"consultations": [(c, c.pk in done) for c in rows]}

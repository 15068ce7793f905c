"""Access helpers: the same 404 for missing and forbidden."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from lianxi.cases.models import Case
from lianxi.insight.policies import can_check_answers, can_see_models


def case_for_answer(user: Any, case_id: int) -> Case:
    if not can_check_answers(user):
        raise Http404
    case = Case.objects.visible_to(user).filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


def require_model_admin(user: Any) -> None:
    if not can_see_models(user):
        raise Http404

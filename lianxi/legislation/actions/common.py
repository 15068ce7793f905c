"""What the legislation actions share: checks of role and stage."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from lianxi.core.errors import IllegalTransition, NotAllowed
from lianxi.legislation.models import Consultation
from lianxi.legislation.policies import can_manage


def require_manage(actor: Any, consultation: Consultation) -> None:
    if not can_manage(actor, consultation):
        raise NotAllowed(_("Only committee staff of this jurisdiction can do this."))


def require_stage(consultation: Consultation, *stages: str) -> None:
    if consultation.stage not in stages:
        raise IllegalTransition(
            _("Not possible while the consultation is “%(stage)s”.")
            % {"stage": consultation.get_stage_display()}
        )


def locked(consultation: Consultation) -> Consultation:
    """The consultation re-read under a row lock: steps on one consultation run one at a time."""
    return Consultation.objects.select_for_update().get(pk=consultation.pk)

"""Generic audited save/delete for records edited in the admin (rule 1: even the admin
changes state through actions)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.core.actions import action
from lianxi.core.errors import NotAllowed


@action("records.save")
def save_record(
    actor: Any, *, obj: models.Model, changed: list[str], created: bool
) -> models.Model:
    if not (actor.is_authenticated and actor.is_staff):
        raise NotAllowed(_("Only administrators can edit records here."))
    obj.save()
    log(actor, "records.create" if created else "records.change", obj, {"fields": changed})
    return obj


@action("records.delete")
def delete_record(actor: Any, *, obj: models.Model) -> None:
    if not (actor.is_authenticated and actor.is_staff):
        raise NotAllowed(_("Only administrators can delete records here."))
    log(actor, "records.delete", obj)
    obj.delete()

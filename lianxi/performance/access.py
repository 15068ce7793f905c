"""`access_*`: the same 404 for missing and not visible."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from lianxi.performance.models import ManualEntry, Record
from lianxi.performance.policies import is_staff


def access_record(user: Any, pk: int) -> Record:
    found = (
        Record.objects.visible_to(user)
        .select_related("deputy__constituency", "version__scheme")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def access_entry(user: Any, pk: int) -> ManualEntry:
    found = (
        ManualEntry.objects.visible_to(user)
        .select_related("record__deputy__constituency", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def require_staff(user: Any) -> None:
    if not is_staff(user):
        raise Http404

"""Admin for intake clients: adding one, or the "issue a new key" action, shows the key once
(as a message on the next page); only its prefix and a keyed hash are stored."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxi.cases.keys import issue_key
from lianxi.cases.models import IntakeClient
from lianxi.core.admin import AuditedAdmin
from lianxi.core.errors import ActionError


def _show_key(request: HttpRequest, name: str, key: str) -> None:
    messages.warning(
        request,
        _("API key for %(name)s (shown only this once, copy it now): %(key)s")
        % {"name": name, "key": key},
    )


@admin.register(IntakeClient)
class IntakeClientAdmin(AuditedAdmin):
    list_display = ["name", "key_prefix", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    readonly_fields = ["key_prefix", "created_at"]
    actions = ["issue_new_key"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["name"] if obj is None else ["name", "key_prefix", "is_active", "created_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is None else ["name", "key_prefix", "created_at"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        key = issue_key(request.user, name=obj.name)
        created = IntakeClient.objects.get(name=obj.name.strip())
        obj.pk, obj.key_prefix, obj.key_hash = created.pk, created.key_prefix, created.key_hash
        _show_key(request, created.name, key)

    @admin.action(description=gettext_lazy("Issue a new key (the old one stops working)"))
    def issue_new_key(self, request: HttpRequest, queryset: QuerySet[IntakeClient]) -> None:
        for client in queryset:
            try:
                key = issue_key(request.user, name=client.name, rotate=True)
            except ActionError as exc:
                messages.error(request, exc.message)
                continue
            _show_key(request, client.name, key)

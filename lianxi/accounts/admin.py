from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lianxi.accounts import actions
from lianxi.accounts.models import User
from lianxi.core.admin import AuditedAdmin


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    list_display = ["username", "display_name", "role", "jurisdiction", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_superuser"]
    search_fields = ["username", "display_name"]
    autocomplete_fields = ["jurisdiction", "home_community"]
    readonly_fields = ["phone_shown", "last_login", "date_joined", "password_changed_at"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("display_name", "phone_shown", "email")}),
        (_("Role and scope"), {"fields": ("role", "jurisdiction", "home_community")}),
        (
            _("Status"),
            {
                "fields": (
                    "is_active",
                    "is_superuser",
                    "last_login",
                    "date_joined",
                    "password_changed_at",
                )
            },
        ),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "role", "password1", "password2")}),
    )
    actions = ["disable_accounts"]

    @admin.display(description=_("mobile phone"))
    def phone_shown(self, obj: User) -> str:
        return obj.phone_masked or "—"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change and "is_active" in form.changed_data:
            # Enabling or disabling goes through its own action, which ends sessions.
            wanted = obj.is_active
            obj.is_active = not wanted
            super().save_model(request, obj, form, change)
            actions.set_active(cast(User, request.user), user=obj, active=wanted)
            return
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Disable selected accounts and end their sessions"))
    def disable_accounts(self, request: HttpRequest, queryset: Any) -> None:
        for user in queryset.exclude(pk=request.user.pk):
            actions.set_active(cast(User, request.user), user=user, active=False)

"""Admin of accounts: users are configuration (audited saves; enabling and disabling goes
through its action); one-time codes are a read-only ledger of sign-in attempts."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from lianxi.accounts import actions, second_factor
from lianxi.accounts.models import OneTimeCode, RecoveryCode, User
from lianxi.core.admin import AuditedAdmin, ReadOnlyAdmin, account_label, mask_name
from lianxi.core.choices import Role
from lianxi.lib.masking import mask_email


def _is_citizen(obj: Any) -> bool:
    return obj is not None and obj.role == Role.CITIZEN


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    """A citizen's name (they give it themselves) shows masked and is theirs to change."""

    list_display = ["username", "name_shown", "role", "jurisdiction", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_superuser"]
    search_fields = ["username", "display_name"]
    list_select_related = ["jurisdiction"]
    autocomplete_fields = ["jurisdiction", "home_community"]
    readonly_fields = [
        "phone_shown",
        "second_factor_shown",
        "last_login",
        "date_joined",
        "password_changed_at",
    ]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("display_name", "phone_shown", "email")}),
        (_("Role and scope"), {"fields": ("role", "jurisdiction", "home_community")}),
        (_("Second factor"), {"fields": ("second_factor_shown",)}),
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
    actions = ["disable_accounts", "reset_second_factor"]
    # The e-mail address is the person's own to give; the admin sees it masked.
    masked = {"email": mask_email}

    @admin.display(description=_("mobile phone"))
    def phone_shown(self, obj: User) -> str:
        return obj.phone_masked or "—"

    @admin.display(description=_("second factor"))
    def second_factor_shown(self, obj: User) -> str:
        device = second_factor.device_of(obj) if obj.pk else None
        if device is None:
            return str(_("required, not set up yet")) if second_factor.required(obj) else "—"
        left = second_factor.recovery_codes_left(obj)
        return str(_("authenticator app; %(left)d recovery codes left")) % {"left": left}

    @admin.display(description=_("name"), ordering="display_name")
    def name_shown(self, obj: User) -> str:
        name = mask_name(obj.display_name) if _is_citizen(obj) else obj.display_name
        return name or "—"

    def object_label(self, obj: User) -> str:
        return account_label(obj)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if not _is_citizen(obj):
            return fieldsets
        return [
            (title, {**opts, "fields": [
                "name_shown" if f == "display_name" else f for f in opts["fields"]
            ]})
            for title, opts in fieldsets
        ]  # fmt: skip

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        names = list(super().get_readonly_fields(request, obj))
        return [*names, "name_shown"] if _is_citizen(obj) else names

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

    @admin.action(description=_("Reset the second factor of selected accounts (lost phone)"))
    def reset_second_factor(self, request: HttpRequest, queryset: Any) -> None:
        for user in queryset.exclude(pk=request.user.pk):
            second_factor.reset(cast(User, request.user), user=user)
        self.message_user(request, _("They set up the authenticator app again at next sign-in."))


@admin.register(RecoveryCode)
class RecoveryCodeAdmin(ReadOnlyAdmin):
    """Whether recovery codes were used and when; never the code, stored only as a hash."""

    list_display = ["user", "created_at", "used_at"]
    list_filter = ["used_at", "created_at"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    exclude = ["code_hash"]


# The TOTP secret must not be readable in the admin; the user's page shows the status and
# the reset action.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(OneTimeCode)
class OneTimeCodeAdmin(ReadOnlyAdmin):
    """When codes were asked for and from where (to look into abuse); never the code or the
    phone, which are stored only as keyed hashes."""

    list_display = ["created_at", "ip", "attempts", "used_at", "expires_at"]
    list_filter = ["used_at", "created_at"]
    search_fields = ["=ip"]
    date_hierarchy = "created_at"
    exclude = ["code_hash", "phone_hash"]


import lianxi.accounts.admin_axes  # noqa: E402, F401

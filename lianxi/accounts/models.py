from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxi.core.choices import STAFF_ROLES, Role
from lianxi.core.fields import EncryptedTextField
from lianxi.lib.crypto import keyed_hash
from lianxi.lib.masking import mask_phone


class User(AbstractUser):
    """Every signed-in person. `role` decides the workbench; scope comes from relations:
    a deputy's `deputy` record, station staff's `stations`, a handler's `departments`,
    committee staff's `jurisdiction`."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CITIZEN)
    display_name = models.CharField(_("name"), max_length=60, blank=True)
    phone = EncryptedTextField(_("mobile phone"), blank=True)
    phone_hash = models.CharField(
        _("phone look-up hash"), max_length=64, null=True, blank=True, unique=True, editable=False
    )
    jurisdiction = models.ForeignKey(
        "directory.Area",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Committee staff see everything within this area."),
    )
    home_community = models.ForeignKey(
        "directory.Area",
        verbose_name=_("home community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.phone_hash = keyed_hash(self.phone, "phone") if self.phone else None
        # Only administrators (and superusers) reach the Django admin.
        self.is_staff = self.role == Role.ADMIN or self.is_superuser
        super().save(*args, **kwargs)

    # Administrators manage everything in the Django admin; other roles never reach it.
    def has_perm(self, perm: str, obj: models.Model | None = None) -> bool:
        if self.is_active and self.role == Role.ADMIN:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if self.is_active and self.role == Role.ADMIN:
            return True
        return super().has_module_perms(app_label)

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


class OneTimeCode(models.Model):
    """A sign-in code sent by SMS. Only a keyed hash of the code and phone is stored."""

    phone_hash = models.CharField(_("phone look-up hash"), max_length=64, db_index=True)
    code_hash = models.CharField(_("code hash"), max_length=64)
    ip = models.CharField(_("IP address"), max_length=64, db_index=True)
    created_at = models.DateTimeField(_("created at"), db_index=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}"


class RecoveryCode(models.Model):
    """A single-use code that stands in for the authenticator app when the phone is lost.
    Shown once when made; only a keyed hash is stored."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(_("code hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"

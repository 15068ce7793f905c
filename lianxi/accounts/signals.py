"""Receivers for what happens inside other libraries: django-axes locking an account
(audited: quality.md row 18 wants the lock itself in the trail, not only the failed tries
before it), and django-otp's TOTP secrets sealed at rest."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.db.models.signals import post_init, post_save, pre_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from lianxi.audit.log import log
from lianxi.audit.models import Outcome
from lianxi.lib.crypto import is_sealed, open_short, seal_short


@receiver(user_locked_out, dispatch_uid="lianxi.accounts.locked")
def audit_lockout(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    log(None, "accounts.locked", None, {"username": (username or "")[:150]}, Outcome.DENIED)


# Authenticator secrets at rest (decision 0008): django-otp keeps a TOTP device's secret as hex
# in `key`; we store it sealed with the field key and give django-otp the hex in memory only.
# Signals rather than a device model of our own, so every maker of a TOTPDevice (enrolment,
# demo_city, demo_otp, tests) is covered without knowing.
TOTP_PURPOSE = "totp-secret"


@receiver(post_init, sender=TOTPDevice, dispatch_uid="lianxi.accounts.totp_open")
def open_totp_secret(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    key = instance.__dict__.get("key")  # not loaded when deferred
    if key and is_sealed(key):
        instance.key = open_short(key, TOTP_PURPOSE).hex()


@receiver(pre_save, sender=TOTPDevice, dispatch_uid="lianxi.accounts.totp_seal")
def seal_totp_secret(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    if instance.key and not is_sealed(instance.key):
        instance._plain_key = instance.key  # type: ignore[attr-defined]
        instance.key = seal_short(bytes.fromhex(instance.key), TOTP_PURPOSE)


@receiver(post_save, sender=TOTPDevice, dispatch_uid="lianxi.accounts.totp_reopen")
def reopen_totp_secret(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    plain = instance.__dict__.pop("_plain_key", None)
    if plain:
        instance.key = plain

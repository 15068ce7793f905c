"""Authenticator secrets are sealed at rest (decision 0008): the database holds no hex secret,
django-otp still gets it in memory, sign-in still works, and the migration seals devices made
before it."""

from __future__ import annotations

import base64
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps as global_apps
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, current_code, enrol
from lianxi.accounts import second_factor as sf
from lianxi.lib.crypto import is_sealed

seal_migration = import_module("lianxi.accounts.migrations.0004_seal_totp_secrets")


def stored_key(device: TOTPDevice) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM otp_totp_totpdevice WHERE id = %s", [device.pk])
        return str(cursor.fetchone()[0])


def test_the_secret_is_stored_sealed_and_read_back(world: Any) -> None:
    device = enrol(world["committee"])
    plain = device.key
    assert len(plain) == 40 and int(plain, 16) >= 0  # the instance keeps hex for django-otp
    stored = stored_key(device)
    assert is_sealed(stored) and plain not in stored and len(stored) <= 80
    again = TOTPDevice.objects.get(pk=device.pk)
    assert again.key == plain
    assert base64.b32encode(again.bin_key).decode() in sf.manual_key(again).replace(" ", "") + "="


def test_saving_other_fields_keeps_the_secret(world: Any) -> None:
    device = enrol(world["committee"])
    plain = device.key
    device.last_t = 5
    device.save(update_fields=["last_t"])
    device.save()
    assert device.key == plain and TOTPDevice.objects.get(pk=device.pk).key == plain
    assert is_sealed(stored_key(device))


def test_sign_in_with_a_sealed_secret(client: Any, world: Any) -> None:
    enrol(world["handler_x"])
    assert (
        client.post("/accounts/login/", {"username": "handler_x", "password": PASSWORD}).status_code
        == 302
    )
    response = client.post("/accounts/second-factor/", {"code": current_code("handler_x")})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_the_migration_seals_devices_made_before_it(world: Any) -> None:
    device = enrol(world["deputy_a"])
    plain = device.key
    TOTPDevice.objects.filter(pk=device.pk).update(key=plain)  # as django-otp left it
    assert stored_key(device) == plain
    assert TOTPDevice.objects.get(pk=device.pk).key == plain  # legacy hex still reads
    seal_migration.seal(global_apps, None)
    assert is_sealed(stored_key(device))
    assert TOTPDevice.objects.get(pk=device.pk).key == plain
    seal_migration.seal(global_apps, None)  # twice is harmless
    assert TOTPDevice.objects.get(pk=device.pk).key == plain
    seal_migration.unseal(global_apps, None)
    assert stored_key(device) == plain


def test_a_wrong_key_cannot_open_it(world: Any, settings: Any) -> None:
    device = enrol(world["staff_a"])
    from cryptography.fernet import Fernet

    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    with pytest.raises(ValueError):
        TOTPDevice.objects.get(pk=device.pk)

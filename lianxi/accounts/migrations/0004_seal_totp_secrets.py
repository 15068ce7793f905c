"""Seal the authenticator secrets django-otp stored as hex (decision 0008)."""

from typing import Any

from django.db import migrations

PURPOSE = "totp-secret"  # lianxi/accounts/signals.py TOTP_PURPOSE


def seal(apps: Any, schema_editor: Any) -> None:
    from lianxi.lib.crypto import is_sealed, seal_short

    Device = apps.get_model("otp_totp", "TOTPDevice")
    # values_list: the stored text, whatever model class the caller's `apps` gives.
    for pk, key in Device.objects.values_list("pk", "key"):
        if key and not is_sealed(key):
            sealed = seal_short(bytes.fromhex(key), PURPOSE)
            Device.objects.filter(pk=pk).update(key=sealed)


def unseal(apps: Any, schema_editor: Any) -> None:
    from lianxi.lib.crypto import is_sealed, open_short

    Device = apps.get_model("otp_totp", "TOTPDevice")
    for pk, key in Device.objects.values_list("pk", "key"):
        if key and is_sealed(key):
            Device.objects.filter(pk=pk).update(key=open_short(key, PURPOSE).hex())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_recovery_codes"),
        ("otp_totp", "0003_add_timestamps"),
    ]
    operations = [migrations.RunPython(seal, unseal, elidable=False)]

"""System checks of the deployment settings (docs/deploy.md): S3-compatible media storage
needs its package, a bucket and credentials."""

from __future__ import annotations

import importlib.util
from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register("deploy")
def media_storage(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    if getattr(settings, "MEDIA_STORAGE", "disk") != "s3":
        return []
    errors: list[Any] = []
    if importlib.util.find_spec("storages") is None or importlib.util.find_spec("boto3") is None:
        errors.append(
            Error(
                "MEDIA_STORAGE=s3 needs django-storages and boto3.",
                hint="pip install -r requirements-s3.txt",
                id="lianxi.E301",
            )
        )
    options: dict[str, Any] = dict(settings.STORAGES["default"].get("OPTIONS") or {})
    missing = [
        name
        for name, key in [
            ("S3_BUCKET", "bucket_name"),
            ("S3_ACCESS_KEY_ID", "access_key"),
            ("S3_SECRET_ACCESS_KEY", "secret_key"),
        ]
        if not options.get(key)
    ]
    if missing:
        errors.append(
            Error("S3 media storage is not configured: " + ", ".join(missing), id="lianxi.E302")
        )
    return errors

"""Refuse a configuration that keeps audit events for less than the law's six months."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

MINIMUM_AUDIT_DAYS = 180  # 网络安全法 第二十一条: network logs kept at least six months


@register()
def audit_retention(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    days = settings.AUDIT_RETENTION_DAYS
    if days < MINIMUM_AUDIT_DAYS:
        return [
            Error(
                f"AUDIT_RETENTION_DAYS is {days}: audit events must be kept at least "
                f"{MINIMUM_AUDIT_DAYS} days.",
                id="retention.E001",
            )
        ]
    if settings.PERSONAL_DATA_RETENTION_DAYS < 1:
        return [Error("PERSONAL_DATA_RETENTION_DAYS must be positive.", id="retention.E002")]
    return []

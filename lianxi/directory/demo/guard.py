"""The demo commands never touch a real database: not with LIANXI_ENV=production, and not on a
database holding data that `demo_city` did not make (it writes a `DemoCity` mark)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError

from lianxi.accounts.models import User
from lianxi.directory.models import Area, DemoCity


def refuse_production() -> None:
    if settings.PRODUCTION:
        raise CommandError(
            "LIANXI_ENV=production：演示命令不在生产环境中运行（会写入公开的演示密码）"
        )


def is_demo_database() -> bool:
    """True when `demo_city` filled this database; False when it is empty. A database with
    data and no mark is refused."""
    refuse_production()
    if DemoCity.objects.exists():
        return True
    if Area.objects.exists() or User.objects.exists():
        raise CommandError(
            "数据库中已有不是 demo_city 生成的数据，拒绝运行演示命令（请使用一个空数据库）"
        )
    return False


def require_demo_database() -> None:
    if not is_demo_database():
        raise CommandError("这里还没有示范市：先运行 `manage.py demo_city`")

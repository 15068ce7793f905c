"""`manage.py demo_otp USERNAME`: the code a demo account's authenticator app shows now, so the
demo can be tried without a phone. Demo databases only (directory/demo/guard.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from lianxi.accounts import second_factor
from lianxi.accounts.models import User
from lianxi.audit.log import log
from lianxi.directory.demo.guard import require_demo_database


class Command(BaseCommand):
    help = "Print the current second-factor code of a demo account (demo databases only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        require_demo_database()
        user = User.objects.filter(username=options["username"]).first()
        if user is None or not second_factor.offered(user):
            raise CommandError(f"没有可用第二步验证的演示账号：{options['username']}")
        device = second_factor.device_of(user)
        if device is None:  # a demo account not enrolled yet: enrol it, as a person would
            device = TOTPDevice.objects.create(
                user=user, name=second_factor.DEVICE_NAME, confirmed=True
            )
            log(None, "demo.enrol_second_factor", user)
        code = second_factor.next_usable_code(device)
        # One step of tolerance: the code is accepted to the end of the next 30-second step.
        self.stdout.write(
            f"{user.username} 的当前动态码：{code}（至少 30 秒内有效；每个动态码只能用一次）"
        )

"""`manage.py demo_otp USERNAME`: the code a demo account's authenticator app shows now, so the
demo can be tried without a phone; for the demo citizen (who signs in by SMS), the code last
texted to their phone (ask for one on the sign-in page first). Demo databases only
(directory/demo/guard.py)."""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from lianxi.accounts import second_factor
from lianxi.accounts.models import User
from lianxi.audit.log import log
from lianxi.core.choices import Role
from lianxi.directory.demo.guard import require_demo_database


class Command(BaseCommand):
    help = "Print the current second-factor code of a demo account (demo databases only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        require_demo_database()
        user = User.objects.filter(username=options["username"]).first()
        if user is not None and user.role == Role.CITIZEN and user.phone:
            self.stdout.write(self._texted(user))
            return
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

    @staticmethod
    def _texted(user: User) -> str:
        """The code in the last SMS to the citizen's phone (the outbox keeps what was sent)."""
        from lianxi.notifications.models import OutboxMessage

        for message in OutboxMessage.objects.filter(channel="sms").order_by("-id")[:50]:
            if message.recipient == user.phone:
                found = re.search(r"\b(\d{6})\b", message.body)
                if found:
                    return f"{user.username} 收到的短信验证码：{found.group(1)}（10 分钟内有效）"
        raise CommandError(f"还没有发给 {user.username} 的短信验证码：请先在登录页获取验证码。")

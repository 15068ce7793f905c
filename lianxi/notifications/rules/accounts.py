"""Accounts: sign-in codes (lianxi/accounts/actions.py), always by SMS to the number typed, at
once; and changes to a person's second factor (lianxi/accounts/second_factor.py), told to the
person so that an app set up or removed by someone else does not go unnoticed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lianxi.core.choices import Role
from lianxi.notifications.models import Channel, Family
from lianxi.notifications.rules import Rule
from lianxi.notifications.send import Recipient


def _holder(action: str, template: Any) -> Rule:
    return Rule(
        action=action,
        who=_("the account holder (staff)"),
        role=Role.COMMITTEE,
        family=Family.ACCOUNT,
        template=template,
        params=lambda e: {"when": e.get("at", "")},
        recipients=lambda e: [e.target],
        url=lambda e: "/accounts/profile/",
        key=lambda e: f"{e.action}:{e.target.pk}:{e.get('at', '')}",
    )


RULES = [
    Rule(
        action="accounts.request_login_code",
        who=_("the mobile number asking to sign in"),
        role=Role.CITIZEN,
        family=Family.ACCOUNT,
        template=_(
            "[%(site)s] Your sign-in code is %(code)s, valid for %(minutes)d minutes. "
            "Do not share it."
        ),
        params=lambda e: {
            "site": settings.SITE_NAME,
            "code": e["code"],
            "minutes": settings.OTP_TTL_SECONDS // 60,
        },
        recipients=lambda e: [Recipient(phone=e["phone"])],
        url=lambda e: "",
        key=lambda e: f"otp:{e.target.pk}",
        urgent=True,
        channels=(Channel.SMS,),
    ),
    _holder(
        "accounts.enrol_second_factor",
        _(
            "An authenticator app was set up for your account at %(when)s. If it was not you, "
            "ask an administrator to reset your second factor and change your password at once."
        ),
    ),
    _holder(
        "accounts.reset_second_factor",
        _(
            "An administrator reset your second factor at %(when)s: set up the authenticator app "
            "again at your next sign-in. If you did not ask for this, tell the committee office."
        ),
    ),
]

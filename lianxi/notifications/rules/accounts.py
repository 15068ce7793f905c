"""Sign-in codes (lianxi/accounts/actions.py): always by SMS to the number typed, at once."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lianxi.core.choices import Role
from lianxi.notifications.models import Channel, Family
from lianxi.notifications.rules import Rule
from lianxi.notifications.send import Recipient

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
]

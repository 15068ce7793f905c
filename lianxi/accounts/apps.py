from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lianxi.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from lianxi.accounts import (
            checks,  # noqa: F401 (registers the deploy check)
            signals,  # noqa: F401 (audits lockouts)
        )

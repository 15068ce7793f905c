from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "lianxi.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from lianxi.notifications import checks, subscribers  # noqa: F401 (checks register)

        subscribers.register()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    name = "lianxi.polls"
    label = "polls"
    verbose_name = _("Polls and surveys")

    def ready(self) -> None:
        from lianxi.polls import tasks  # noqa: F401 - subscribe

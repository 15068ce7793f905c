from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TopicsConfig(AppConfig):
    name = "lianxi.topics"
    label = "topics"
    verbose_name = _("Similar cases and hot issues")

    def ready(self) -> None:
        from lianxi.topics import subscribers  # noqa: F401 - subscribes to case steps

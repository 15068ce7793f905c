from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "lianxi.performance"
    label = "performance"
    verbose_name = _("Deputies' performance records")

    def ready(self) -> None:
        from lianxi.performance import subscribers  # noqa: F401

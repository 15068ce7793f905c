from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "lianxi.publicity"
    label = "publicity"
    verbose_name = _("Publicity of the work and its results")

    def ready(self) -> None:
        from lianxi.publicity import subscribers  # noqa: F401  (subscribes to case steps)

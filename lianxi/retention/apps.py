from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "lianxi.retention"
    label = "retention"
    verbose_name = _("Retention and backups")

    def ready(self) -> None:
        from lianxi.retention import checks  # noqa: F401 - registers the system check

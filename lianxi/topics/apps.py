from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TopicsConfig(AppConfig):
    name = "lianxi.topics"
    label = "topics"
    verbose_name = _("Similar cases and hot issues")

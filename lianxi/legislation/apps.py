from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislationConfig(AppConfig):
    name = "lianxi.legislation"
    label = "legislation"
    verbose_name = _("Draft laws out for comment")

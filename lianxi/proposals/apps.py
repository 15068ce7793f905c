from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "lianxi.proposals"
    label = "proposals"
    verbose_name = _("Deputies' suggestions and bills")

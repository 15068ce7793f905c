"""django-axes under a Chinese name in the admin (INSTALLED_APPS names this config). Axes ships
no zh_Hans catalog; its other strings are in ours, listed in accounts/admin_axes.py."""

from axes.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AppConfig):
    verbose_name = _("Sign-in lockouts")

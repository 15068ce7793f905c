"""Choices shared by several apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The seven roles of product.md; `public` is anyone not signed in."""

    CITIZEN = "citizen", _("Citizen")
    DEPUTY = "deputy", _("Deputy")
    STATION_STAFF = "station_staff", _("Station staff")
    DEPARTMENT = "department", _("Department handler")
    COMMITTEE = "committee", _("Committee staff")
    ADMIN = "admin", _("Administrator")


PUBLIC_ROLE = "public"
STAFF_ROLES = frozenset(
    {Role.DEPUTY, Role.STATION_STAFF, Role.DEPARTMENT, Role.COMMITTEE, Role.ADMIN}
)


class CongressLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    MUNICIPAL = "municipal", _("Municipal")
    COUNTY = "county", _("County/district")
    TOWNSHIP = "township", _("Township")

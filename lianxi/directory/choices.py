from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.IntegerChoices):
    PROVINCE = 1, _("Province")
    CITY = 2, _("City")
    DISTRICT = 3, _("District/county")
    STREET = 4, _("Street/town")
    COMMUNITY = 5, _("Community/village")


# Digits of the 12-digit administrative code that are significant at each level.
CODE_PREFIX_LENGTH = {1: 2, 2: 4, 3: 6, 4: 9, 5: 12}


class DeputyStatus(models.TextChoices):
    SERVING = "serving", _("Serving")
    RESIGNED = "resigned", _("Resigned")
    RECALLED = "recalled", _("Recalled")


class Sector(models.TextChoices):
    WORKER = "worker", _("Workers")
    FARMER = "farmer", _("Farmers")
    PROFESSIONAL = "professional", _("Professionals and technicians")
    ENTERPRISE = "enterprise", _("Enterprise managers")
    OFFICIAL = "official", _("Officials")
    MILITARY = "military", _("Armed forces")
    COMMUNITY = "community", _("Community workers")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    MALE = "m", _("Male")
    FEMALE = "f", _("Female")


class StationKind(models.TextChoices):
    HOME = "home", _("Deputies' home")
    STATION = "station", _("Liaison station")
    POINT = "point", _("Liaison point")


class DepartmentKind(models.TextChoices):
    GOVERNMENT = "government", _("Government department")
    COURT = "court", _("Court")
    PROCURATORATE = "procuratorate", _("Procuratorate")
    SUPERVISORY = "supervisory", _("Supervisory commission")
    STREET_OFFICE = "street_office", _("Street office")
    ENTERPRISE = "enterprise", _("Public enterprise")

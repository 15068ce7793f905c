"""People and places: areas, deputies, liaison stations, departments, categories."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxi.core.choices import CongressLevel
from lianxi.core.fields import EncryptedTextField
from lianxi.core.models import TimeStamped
from lianxi.directory.choices import (
    CODE_PREFIX_LENGTH,
    AreaLevel,
    DepartmentKind,
    DeputyStatus,
    Gender,
    Sector,
    StationKind,
)
from lianxi.directory.querysets import (
    AreaQuerySet,
    DepartmentQuerySet,
    DeputyQuerySet,
    StationQuerySet,
)
from lianxi.lib.masking import mask_phone

code_validator = RegexValidator(r"^\d{12}$", _("An area code has 12 digits."))


class Area(models.Model):
    """A node of the administrative tree. `prefix` (the significant digits of the code)
    makes "everything inside this area" a plain `startswith` query."""

    code = models.CharField(_("code"), max_length=12, unique=True, validators=[code_validator])
    prefix = models.CharField(_("code prefix"), max_length=12, db_index=True, editable=False)
    name = models.CharField(_("name"), max_length=60)
    level = models.PositiveSmallIntegerField(_("level"), choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    full_name = models.CharField(_("full name"), max_length=200, blank=True, editable=False)

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.prefix = self.code[: CODE_PREFIX_LENGTH[int(self.level)]]
        self.full_name = (self.parent.full_name + self.name) if self.parent else self.name
        super().save(*args, **kwargs)

    def contains(self, other: Area | None) -> bool:
        return other is not None and other.prefix.startswith(self.prefix)

    def ancestors(self) -> list[Area]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class Expertise(models.Model):
    name = models.CharField(_("name"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("field of expertise")
        verbose_name_plural = _("fields of expertise")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Deputy(TimeStamped):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy",
    )
    name = models.CharField(_("name"), max_length=40)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1920), MaxValueValidator(2010)],
    )
    level = models.CharField(_("level"), max_length=16, choices=CongressLevel.choices)
    term = models.PositiveSmallIntegerField(
        _("term"),
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Number of the congress, e.g. 17 for the 17th."),
    )
    constituency = models.ForeignKey(
        Area, verbose_name=_("constituency"), on_delete=models.PROTECT, related_name="deputies"
    )
    delegation = models.CharField(_("delegation"), max_length=60, blank=True, db_index=True)
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices)
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    expertise = models.ManyToManyField(
        Expertise, verbose_name=_("fields of expertise"), blank=True, related_name="deputies"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=DeputyStatus.choices, default=DeputyStatus.SERVING
    )
    bio = models.TextField(_("public profile"), blank=True, max_length=2000)
    photo = models.FileField(_("photo"), upload_to="deputies/", blank=True)
    # Personal data: encrypted at rest, masked unless the role needs it.
    phone = EncryptedTextField(_("mobile phone"), blank=True)
    email = EncryptedTextField(_("email"), blank=True)

    objects = DeputyQuerySet.as_manager()

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


class Station(TimeStamped):
    name = models.CharField(_("name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=StationKind.choices)
    area = models.ForeignKey(
        Area, verbose_name=_("located in"), on_delete=models.PROTECT, related_name="stations"
    )
    communities = models.ManyToManyField(
        Area, verbose_name=_("communities served"), blank=True, related_name="served_by"
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    phone = models.CharField(_("office phone"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    deputies = models.ManyToManyField(
        Deputy, verbose_name=_("deputies attached"), blank=True, related_name="stations"
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), blank=True, related_name="stations"
    )
    is_active = models.BooleanField(_("open"), default=True)

    objects = StationQuerySet.as_manager()

    class Meta:
        verbose_name = _("liaison station")
        verbose_name_plural = _("liaison stations")
        ordering = ["area__code", "name"]

    def __str__(self) -> str:
        return self.name


class Department(TimeStamped):
    name = models.CharField(_("name"), max_length=80, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DepartmentKind.choices)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="departments"
    )
    categories: models.ManyToManyField = models.ManyToManyField(
        "Category", verbose_name=_("categories handled"), blank=True, related_name="departments"
    )
    handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("handlers"), blank=True, related_name="departments"
    )
    phone = models.CharField(_("office phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["area__code", "name"]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """A matter citizens raise, in a two- or three-level taxonomy."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=40)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.PositiveSmallIntegerField(_("level"), default=1, editable=False)
    default_department = models.ForeignKey(
        Department,
        verbose_name=_("default handling department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="default_for",
    )
    time_limit_days = models.PositiveSmallIntegerField(
        _("time limit (working days)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    keywords = models.CharField(
        _("keywords"),
        max_length=300,
        blank=True,
        help_text=_("Space-separated words that suggest this category at intake."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.parent.name} / {self.name}" if self.parent_id and self.parent else self.name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.level = self.parent.level + 1 if self.parent else 1
        super().save(*args, **kwargs)


class DemoCity(models.Model):
    """Written by `demo_city` with the data it generates: the mark that this database holds
    the demo. The demo commands refuse any database that holds data without it."""

    seed = models.IntegerField(_("seed"))
    size = models.CharField(_("size"), max_length=10)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("demo city mark")
        verbose_name_plural = _("demo city marks")

    def __str__(self) -> str:
        return f"{self.seed} · {self.size}"

"""Models of the liaison app: duty rota, bookings, receptions, visits and liaison rules."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxi.core.choices import CongressLevel
from lianxi.core.fields import EncryptedTextField
from lianxi.core.models import TimeStamped
from lianxi.liaison.choices import (
    Attendance,
    BookingStatus,
    RequestKind,
    RequestStatus,
    ShiftKind,
    ShiftStatus,
    VisitMethod,
    VisitStatus,
    Weekday,
)
from lianxi.liaison.querysets import ShiftQuerySet, VisitQuerySet
from lianxi.lib.masking import mask_name, mask_phone


class DutyPattern(TimeStamped):
    """A weekly duty at a station, e.g. every Wednesday 9:00–11:30 with two deputies."""

    station = models.ForeignKey(
        "directory.Station",
        verbose_name=_("station"),
        on_delete=models.CASCADE,
        related_name="duty_patterns",
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, validators=[MaxValueValidator(6)]
    )
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    deputies = models.ManyToManyField(
        "directory.Deputy", verbose_name=_("deputies"), related_name="duty_patterns"
    )
    capacity = models.PositiveSmallIntegerField(
        _("places per shift"), default=10, validators=[MinValueValidator(1)]
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    skip_holidays = models.BooleanField(_("skip public holidays"), default=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("duty pattern")
        verbose_name_plural = _("duty patterns")
        ordering = ["station", "weekday", "start_time"]

    def __str__(self) -> str:
        return f"{self.station} {self.weekday} {self.start_time:%H:%M}"


class Shift(TimeStamped):
    station = models.ForeignKey(
        "directory.Station",
        verbose_name=_("station"),
        on_delete=models.CASCADE,
        related_name="shifts",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ShiftKind.choices)
    title = models.CharField(_("title"), max_length=80, blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    pattern = models.ForeignKey(
        DutyPattern,
        verbose_name=_("pattern"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shifts",
    )
    capacity = models.PositiveSmallIntegerField(_("places"), default=10)
    booked = models.PositiveSmallIntegerField(_("places booked"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=ShiftStatus.choices, default=ShiftStatus.SCHEDULED
    )
    deputies = models.ManyToManyField(
        "directory.Deputy",
        verbose_name=_("deputies on duty"),
        through="Duty",
        related_name="shifts",
    )
    notified_on = models.DateField(_("rota notice sent on"), null=True, blank=True)
    reminded_on = models.DateField(_("day-before reminder sent on"), null=True, blank=True)

    objects = ShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "id"]
        constraints = [
            # Never over capacity, whatever the application does (bookings race on this row).
            models.CheckConstraint(
                condition=models.Q(booked__lte=models.F("capacity")),
                name="liaison_shift_not_over_capacity",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="liaison_shift_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["pattern", "starts_at"], name="liaison_one_shift_per_pattern_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.booked)


class Duty(models.Model):
    """One deputy on one shift, with their attendance."""

    shift = models.ForeignKey(
        Shift, verbose_name=_("shift"), on_delete=models.CASCADE, related_name="duties"
    )
    deputy = models.ForeignKey(
        "directory.Deputy",
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="duties",
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.PENDING
    )
    absence_reason = models.CharField(_("reason for absence"), max_length=200, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["shift__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["shift", "deputy"], name="liaison_one_duty_per_shift")
        ]

    def __str__(self) -> str:
        return f"{self.deputy} @ {self.shift}"


class DutyRequest(models.Model):
    """A deputy's request to swap or cancel a duty; station staff decide."""

    duty = models.ForeignKey(
        Duty, verbose_name=_("duty"), on_delete=models.CASCADE, related_name="requests"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=RequestKind.choices)
    swap_with = models.ForeignKey(
        "directory.Deputy",
        verbose_name=_("swap with"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("approval", "decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(
        pgettext_lazy("approval", "decided at"), null=True, blank=True
    )
    decision_note = models.CharField(_("note on the decision"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("duty request")
        verbose_name_plural = _("duty requests")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.duty}"


class Booking(models.Model):
    shift = models.ForeignKey(
        Shift, verbose_name=_("shift"), on_delete=models.CASCADE, related_name="bookings"
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("citizen account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="liaison_bookings",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=40)
    phone = EncryptedTextField(_("mobile phone"), blank=True)
    topic = models.CharField(_("matter to raise"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["shift__starts_at", "created_at", "id"]

    def __str__(self) -> str:
        # Shown wherever a booking is named (admin, audit trail): the citizen's name masked.
        return f"{mask_name(self.name)} @ {self.shift}"

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


class Reception(TimeStamped):
    """What happened at a shift: people received, matters raised, cases filed at the desk."""

    shift = models.OneToOneField(
        Shift, verbose_name=_("shift"), on_delete=models.CASCADE, related_name="reception"
    )
    people_received = models.PositiveSmallIntegerField(_("people received"), default=0)
    matters = models.TextField(_("matters raised"), blank=True, max_length=5000)
    minutes = models.TextField(_("minutes"), blank=True, max_length=10000)
    cases = models.ManyToManyField(
        "cases.Case", verbose_name=_("cases filed at the desk"), blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reception record")
        verbose_name_plural = _("reception records")

    def __str__(self) -> str:
        return str(self.shift)


class Visit(TimeStamped):
    """A deputy's visit to constituents (走访选民); a group visit lists several deputies."""

    author = models.ForeignKey(
        "directory.Deputy",
        verbose_name=_("logged by"),
        on_delete=models.CASCADE,
        related_name="visits_logged",
    )
    deputies = models.ManyToManyField(
        "directory.Deputy", verbose_name=_("deputies"), related_name="visits"
    )
    date = models.DateField(_("date"), db_index=True)
    community = models.ForeignKey(
        "directory.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("method"), max_length=10, choices=VisitMethod.choices)
    people_met = models.PositiveSmallIntegerField(
        _("people met"), validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    people_note = models.CharField(_("who was met"), max_length=200, blank=True)
    matters = models.TextField(_("matters raised"), blank=True, max_length=5000)
    cases = models.ManyToManyField(
        "cases.Case", verbose_name=_("cases raised"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.SUBMITTED
    )
    return_reason = models.CharField(_("reason for returning"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.community}"


class Photo(models.Model):
    """Evidence for a reception or a visit, checked by its content."""

    reception = models.ForeignKey(
        Reception,
        verbose_name=_("reception"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
    )
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("visit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
    )
    file = models.FileField(_("file"), upload_to="liaison/%Y/%m/")
    content_type = models.CharField(_("content type"), max_length=40)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    name = models.CharField(_("original name"), max_length=120)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.name


class LiaisonRule(models.Model):
    """What a deputy of a level must do in a year (set by committee staff)."""

    level = models.CharField(_("level"), max_length=16, choices=CongressLevel.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    min_visits = models.PositiveSmallIntegerField(_("minimum visits"), default=4)
    min_people_per_visit = models.PositiveSmallIntegerField(
        _("minimum people per visit"), default=5
    )
    min_shifts = models.PositiveSmallIntegerField(_("minimum duty shifts"), default=6)
    max_answer_workdays = models.PositiveSmallIntegerField(
        _("maximum working days to a first answer"), default=5
    )
    min_trainings = models.PositiveSmallIntegerField(_("minimum trainings"), default=1)

    class Meta:
        verbose_name = _("liaison rule")
        verbose_name_plural = _("liaison rules")
        ordering = ["-year", "level"]
        constraints = [
            models.UniqueConstraint(fields=["level", "year"], name="liaison_one_rule_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.year}"


class Subscription(models.Model):
    """A signed-in citizen who wants to hear of a station's rota."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("citizen account"),
        on_delete=models.CASCADE,
        related_name="liaison_subscriptions",
    )
    station = models.ForeignKey(
        "directory.Station",
        verbose_name=_("station"),
        on_delete=models.CASCADE,
        related_name="liaison_subscribers",
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("rota subscription")
        verbose_name_plural = _("rota subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["user", "station"], name="liaison_one_subscription")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.station_id}"


class DeputySubscription(models.Model):
    """A signed-in citizen who wants to hear when a deputy is on duty, wherever."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("citizen account"),
        on_delete=models.CASCADE,
        related_name="liaison_deputy_subscriptions",
    )
    deputy = models.ForeignKey(
        "directory.Deputy",
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="liaison_followers",
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("deputy's duty subscription")
        verbose_name_plural = _("deputies' duty subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "deputy"], name="liaison_one_deputy_subscription"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → deputy {self.deputy_id}"


class StationPhoto(models.Model):
    """A photo of a station (its door, its reception room), uploaded by its staff and shown on
    the station's public page; checked by its content like every upload."""

    station = models.ForeignKey(
        "directory.Station",
        verbose_name=_("station"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    file = models.FileField(_("file"), upload_to="stations/%Y/%m/")
    content_type = models.CharField(_("content type"), max_length=40)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    caption = models.CharField(_("caption"), max_length=60, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("station photo")
        verbose_name_plural = _("station photos")
        ordering = ["station", "id"]

    def __str__(self) -> str:
        return self.caption or f"{self.station_id}-{self.pk}"

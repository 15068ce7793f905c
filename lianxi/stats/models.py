"""Pre-aggregated statistics (architecture.md rule 6). Dashboards read only these small tables;
the refresh job (`lianxi.stats.refresh`) rebuilds them from the case ledger, month by month.

Every row is keyed by the month the cases were submitted in (local time). Measures:
- cases: all cases submitted; declined / merged: how many were declined or merged;
- handled: the rest (the cases answer rates are about);
- answered: handled cases with a first answer; in_time: answered on or before the due date
  (an answer by the deputy directly has no due date and counts as in time);
- decided: answered, or unanswered past the due date (the denominator of the in-time share);
- answer_seconds: the sum of (first answer − submission) in seconds, for the mean;
- within_1d … over_30d: answered cases by time to first answer, for the distribution and the
  median;
- closed / solved: closed cases and those closed as solved: the department answered A and the
  citizen did not close it as not solved (B9); a rating never makes a case solved;
- *_satisfied / *_basic / *_unsatisfied: the latest rating of each case, for the deputy's
  handling and the department's result."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxi.cases.choices import Channel, Status

BUCKETS = ("within_1d", "within_3d", "within_7d", "within_15d", "within_30d", "over_30d")
BUCKET_LIMIT_DAYS = (1, 3, 7, 15, 30)
RATING_FIELDS = (
    "deputy_satisfied",
    "deputy_basic",
    "deputy_unsatisfied",
    "dept_satisfied",
    "dept_basic",
    "dept_unsatisfied",
)
MEASURES = (
    "cases",
    "declined",
    "merged",
    "handled",
    "answered",
    "in_time",
    "decided",
    "answer_seconds",
    *BUCKETS,
    "closed",
    "solved",
    *RATING_FIELDS,
)


def _count(label: Any) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, default=0)


def _top_category() -> models.ForeignKey[Any]:
    """The cases' top-level category; null is "not classified"."""
    return models.ForeignKey(
        "directory.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )


def _one_row(key: str, name: str) -> list[models.BaseConstraint]:
    """One row per month, key and category. NULLs are distinct in a unique index, so "not
    classified" needs a partial constraint of its own."""
    return [
        models.UniqueConstraint(fields=["month", key, "category"], name=name),
        models.UniqueConstraint(
            fields=["month", key], condition=Q(category__isnull=True), name=f"{name}_null"
        ),
    ]


class Measures(models.Model):
    month = models.DateField(_("month"), db_index=True)
    cases = _count(pgettext_lazy("count", "cases"))
    declined = _count(_("declined"))
    merged = _count(_("merged"))
    handled = _count(_("handled"))
    answered = _count(_("answered"))
    in_time = _count(_("answered in time"))
    decided = _count(_("answer due or given"))
    answer_seconds = models.BigIntegerField(_("seconds to first answer (sum)"), default=0)
    within_1d = _count(_("answered within 1 day"))
    within_3d = _count(_("answered within 3 days"))
    within_7d = _count(_("answered within 7 days"))
    within_15d = _count(_("answered within 15 days"))
    within_30d = _count(_("answered within 30 days"))
    over_30d = _count(_("answered after 30 days"))
    closed = _count(_("closed"))
    solved = _count(_("solved"))
    deputy_satisfied = _count(_("deputy: satisfied"))
    deputy_basic = _count(_("deputy: basically satisfied"))
    deputy_unsatisfied = _count(_("deputy: unsatisfied"))
    dept_satisfied = _count(_("department: satisfied"))
    dept_basic = _count(_("department: basically satisfied"))
    dept_unsatisfied = _count(_("department: unsatisfied"))

    class Meta:
        abstract = True


class AreaMonth(Measures):
    """Cases of one month in one street (or the nearest known area above it), one top-level
    category; with counts per current status and per channel (columns added below)."""

    area = models.ForeignKey(
        "directory.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    area_prefix = models.CharField(_("area code prefix"), max_length=12, blank=True)
    category = _top_category()

    class Meta:
        verbose_name = _("monthly figures per area and category")
        verbose_name_plural = _("monthly figures per area and category")
        indexes = [models.Index(fields=["month", "area_prefix"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.area_prefix} {self.category_id}: {self.cases}"


# Cases by current status and by channel: one count column per choice on AreaMonth, so the
# status and channel charts come from the same small read as the totals.
STATUS_COLUMNS = {value: f"status_{value}" for value in Status.values}
CHANNEL_COLUMNS = {value: f"channel_{value}" for value in Channel.values}
for _value, _label in Status.choices:
    AreaMonth.add_to_class(STATUS_COLUMNS[_value], _count(_label))
for _value, _label in Channel.choices:
    AreaMonth.add_to_class(CHANNEL_COLUMNS[_value], _count(_label))
AREA_MEASURES = (*MEASURES, *STATUS_COLUMNS.values(), *CHANNEL_COLUMNS.values())


class DeputyMonth(Measures):
    deputy = models.ForeignKey(
        "directory.Deputy", verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="+"
    )
    category = _top_category()

    class Meta:
        verbose_name = _("monthly figures per deputy")
        verbose_name_plural = _("monthly figures per deputy")
        constraints = _one_row("deputy", "stats_one_deputy_month")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.deputy_id} {self.category_id}: {self.cases}"


class StationMonth(Measures):
    station = models.ForeignKey(
        "directory.Station", verbose_name=_("station"), on_delete=models.CASCADE, related_name="+"
    )
    category = _top_category()

    class Meta:
        verbose_name = _("monthly figures per station")
        verbose_name_plural = _("monthly figures per station")
        constraints = _one_row("station", "stats_one_station_month")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.station_id} {self.category_id}: {self.cases}"


class DepartmentMonth(Measures):
    """The department's lead referrals of the cases of one month. Here `cases` counts
    referrals; `answered` / `in_time` / `answer_seconds` / buckets are about the department's
    answer (from referral to answer, against the referral's due date); `solved` counts answers
    of result class A whose case was not closed as not solved; the deputy ratings are left at zero."""

    department = models.ForeignKey(
        "directory.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    category = _top_category()

    class Meta:
        verbose_name = _("monthly figures per department")
        verbose_name_plural = _("monthly figures per department")
        constraints = _one_row("department", "stats_one_department_month")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.department_id} {self.category_id}: {self.cases}"


# Rolling windows: the sums of the last N months (ending with `month`) per key and top-level
# category, rebuilt from the monthly tables at the end of every refresh, so a dashboard's
# period is one row per key and category. The per-deputy / station / department windows also
# hold one row per key summed over all categories (`all_categories`): the unfiltered tables,
# the public page's among them, then read one row per key instead of summing fifteen.
WINDOWS = (3, 6, 12, 24, 36)


def _all_categories() -> models.BooleanField[Any, Any]:
    return models.BooleanField(_("all categories"), default=False)


class Window(Measures):
    """`month` is the last month of the window, `months` its length."""

    months = models.PositiveSmallIntegerField(_("months in the window"))
    # The code prefix of the row's area (a deputy's constituency, a station's or a
    # department's area), so a jurisdiction filters without a join.
    area_prefix = models.CharField(_("area code prefix"), max_length=12, blank=True)

    class Meta:
        abstract = True


class AreaWindow(Window):
    area = models.ForeignKey(
        "directory.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    category = _top_category()

    class Meta:
        verbose_name = _("figures per area and category over recent months")
        verbose_name_plural = _("figures per area and category over recent months")
        indexes = [models.Index(fields=["months", "month", "area_prefix"])]

    def __str__(self) -> str:
        return f"{self.months}→{self.month:%Y-%m} {self.area_prefix} {self.category_id}"


for _value, _label in Status.choices:
    AreaWindow.add_to_class(STATUS_COLUMNS[_value], _count(_label))
for _value, _label in Channel.choices:
    AreaWindow.add_to_class(CHANNEL_COLUMNS[_value], _count(_label))


class DeputyWindow(Window):
    deputy = models.ForeignKey(
        "directory.Deputy", verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="+"
    )
    category = _top_category()
    all_categories = _all_categories()

    class Meta:
        verbose_name = _("figures per deputy over recent months")
        verbose_name_plural = _("figures per deputy over recent months")
        indexes = [models.Index(fields=["months", "month", "area_prefix"])]

    def __str__(self) -> str:
        return f"{self.months}→{self.month:%Y-%m} {self.deputy_id} {self.category_id}"


class StationWindow(Window):
    station = models.ForeignKey(
        "directory.Station", verbose_name=_("station"), on_delete=models.CASCADE, related_name="+"
    )
    category = _top_category()
    all_categories = _all_categories()

    class Meta:
        verbose_name = _("figures per station over recent months")
        verbose_name_plural = _("figures per station over recent months")
        indexes = [models.Index(fields=["months", "month", "area_prefix"])]

    def __str__(self) -> str:
        return f"{self.months}→{self.month:%Y-%m} {self.station_id} {self.category_id}"


class DepartmentWindow(Window):
    department = models.ForeignKey(
        "directory.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    category = _top_category()
    all_categories = _all_categories()

    class Meta:
        verbose_name = _("figures per department over recent months")
        verbose_name_plural = _("figures per department over recent months")
        indexes = [models.Index(fields=["months", "month", "area_prefix"])]

    def __str__(self) -> str:
        return f"{self.months}→{self.month:%Y-%m} {self.department_id} {self.category_id}"


class RefreshRun(models.Model):
    """One run of the refresh job: which months it rebuilt, when, and how long it took."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    full = models.BooleanField(_("full rebuild"), default=False)
    months = models.PositiveIntegerField(_("months rebuilt"), default=0)
    cases = models.PositiveIntegerField(_("cases read"), default=0)

    class Meta:
        verbose_name = _("statistics refresh")
        verbose_name_plural = _("statistics refreshes")
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"{self.finished_at:%Y-%m-%d %H:%M}"


# Deputies' suggestions and bills (the proposals app), for the committee's charts: rebuilt
# whole by every refresh (a session holds a few thousand items), keyed by the month an item was
# filed, the item's area (its code prefix, so a jurisdiction filters as the items' own list
# does) and the item's top-level category (the dashboard's category filter). Drafts are not
# counted. The figures are those of the proposals' numbers page (`lianxi.proposals.numbers`).


def _proposal_area() -> models.ForeignKey[Any]:
    return models.ForeignKey(
        "directory.Area", verbose_name=_("area"), on_delete=models.CASCADE, related_name="+"
    )


def _prefix() -> models.CharField[Any, Any]:
    return models.CharField(_("area code prefix"), max_length=12, blank=True)


class ProposalUnitMonth(models.Model):
    """Items with a lead unit: replied, on time (replied by the due date), result classes,
    ratings (satisfied or basically satisfied, of those rated) and re-handled."""

    month = models.DateField(_("month"), db_index=True)
    area = _proposal_area()
    area_prefix = _prefix()
    category = _top_category()
    unit = models.ForeignKey(
        "directory.Department",
        verbose_name=_("lead unit"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    items = _count(_("items"))
    replied = _count(_("replied"))
    on_time = _count(_("replied on time"))
    result_a = _count(_("Class A replies"))
    result_b = _count(_("Class B replies"))
    result_c = _count(_("Class C replies"))
    result_d = _count(_("Class D replies"))
    satisfied = _count(_("satisfied or basically satisfied"))
    rated = _count(_("rated"))
    rehandled = _count(_("re-handled"))

    class Meta:
        verbose_name = _("monthly figures of suggestions per unit")
        verbose_name_plural = _("monthly figures of suggestions per unit")
        indexes = [models.Index(fields=["month", "area_prefix"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.unit_id}: {self.items}"


class ProposalDeputyMonth(models.Model):
    """Per deputy: items filed (by kind) and accepted as author, and co-signatures confirmed
    on others' filed items (keyed by the co-signed item's month, area and category)."""

    month = models.DateField(_("month"), db_index=True)
    area = _proposal_area()
    area_prefix = _prefix()
    category = _top_category()
    deputy = models.ForeignKey(
        "directory.Deputy", verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="+"
    )
    filed = _count(_("filed"))
    suggestions = _count(_("suggestions"))
    bills = _count(_("bills"))
    accepted = _count(_("accepted"))
    cosigned = _count(_("co-signed"))

    class Meta:
        verbose_name = _("monthly figures of suggestions per deputy")
        verbose_name_plural = _("monthly figures of suggestions per deputy")
        indexes = [models.Index(fields=["month", "area_prefix"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.deputy_id}: {self.filed}"


class ProposalCategoryMonth(models.Model):
    """Filed items per category as filed (`filed_category`; `category` is its top level)."""

    month = models.DateField(_("month"), db_index=True)
    area = _proposal_area()
    area_prefix = _prefix()
    category = _top_category()
    filed_category = models.ForeignKey(
        "directory.Category",
        verbose_name=_("category as filed"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    items = _count(_("items"))
    replied = _count(_("replied"))
    result_a = _count(_("Class A replies"))
    result_b = _count(_("Class B replies"))
    result_c = _count(_("Class C replies"))
    result_d = _count(_("Class D replies"))
    satisfied = _count(_("satisfied or basically satisfied"))
    rated = _count(_("rated"))

    class Meta:
        verbose_name = _("monthly figures of suggestions per category")
        verbose_name_plural = _("monthly figures of suggestions per category")
        indexes = [models.Index(fields=["month", "area_prefix"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.filed_category_id}: {self.items}"

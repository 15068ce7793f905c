"""The dashboards' filters: period, area, category (validated at the edge)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxi.core.forms import BootstrapMixin
from lianxi.directory.models import Area, Category
from lianxi.stats.access import Scope
from lianxi.stats.queries import Filters
from lianxi.stats.refresh import months_back

PERIODS = [
    ("3", _("Last 3 months")),
    ("6", _("Last 6 months")),
    ("12", _("Last 12 months")),
    ("24", _("Last 24 months")),
    ("36", _("Last 36 months")),
]
DEFAULT_PERIOD = "12"


class FilterForm(BootstrapMixin, forms.Form):
    period = forms.ChoiceField(
        label=pgettext_lazy("time span", "Period"),
        choices=PERIODS,
        required=False,
        initial=DEFAULT_PERIOD,
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("All")
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.filter(parent__isnull=True).order_by("sort_order", "code"),
        required=False,
        empty_label=_("All"),
    )

    def __init__(
        self, data: Any = None, *, scope: Scope, public: bool = False, **kwargs: Any
    ) -> None:
        if data is not None and not data.get("period"):
            plain = data.dict() if hasattr(data, "dict") else dict(data)
            data = {**plain, "period": DEFAULT_PERIOD}
        super().__init__(data, **kwargs)
        areas = Area.objects.order_by("code")
        if public:
            areas = areas.filter(level=3)
        elif scope.kind == "area":
            areas = areas.filter(prefix__startswith=scope.prefix, level__lte=4)
        else:
            areas = areas.filter(level__lte=4)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        if not scope.by_area:  # deputies, stations, departments: their own rows only
            del self.fields["area"]
            del self.fields["category"]

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        months = int(data.get("period") or DEFAULT_PERIOD)
        end = timezone.localdate().replace(day=1)
        return Filters(
            start=months_back(end, months),
            end=end,
            area=data.get("area"),
            category=data.get("category"),
            span=months,
        )

"""The search form, validated at the edge: bad values give a message naming the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxi.cases.choices import Status
from lianxi.core.forms import BootstrapMixin
from lianxi.directory.choices import AreaLevel
from lianxi.directory.models import Area, Category, Department
from lianxi.search.cases import CaseFilters
from lianxi.search.kinds import KINDS
from lianxi.search.service import Params
from lianxi.search.text import MAX_QUERY

SORTS = [("relevance", _("Most relevant")), ("date", _("Newest first"))]


class _Base(BootstrapMixin, forms.Form):
    q = forms.CharField(
        label=_("Words to find"),
        max_length=MAX_QUERY,
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _('e.g. 电梯 维修, or "加装电梯" for an exact phrase'),
                "autocomplete": "off",
            }
        ),
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(label=_("Order"), choices=SORTS, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["category"]
        field.queryset = Category.objects.filter(level__lte=2, is_active=True).select_related(
            "parent"
        )
        field.empty_label = _("Any category")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end date is before the start date."))
        return data

    def params(self, page: int) -> Params:
        data = self.cleaned_data
        return Params(
            q=data.get("q") or "",
            filters=self.filters(),
            start=data.get("start"),
            end=data.get("end"),
            sort=data.get("sort") or "relevance",
            page=page,
        )

    def filters(self) -> CaseFilters:
        return CaseFilters(category=self.cleaned_data.get("category"))


class PublicSearchForm(_Base):
    """Published cases only: words, category, district, dates, order."""

    district = forms.ModelChoiceField(
        label=_("District"), queryset=Area.objects.none(), required=False
    )
    field_order = ["q", "category", "district", "start", "end", "sort"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["district"]
        field.queryset = Area.objects.filter(level=AreaLevel.DISTRICT).order_by("code")
        field.empty_label = _("Any district")

    def filters(self) -> CaseFilters:
        return CaseFilters(
            category=self.cleaned_data.get("category"), area=self.cleaned_data.get("district")
        )


class StaffSearchForm(_Base):
    """Everything the user may see: cases (with the case filters), notices, materials."""

    kind = forms.ChoiceField(label=_("Search in"), required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    deputy = forms.CharField(label=_("Deputy's name"), max_length=40, required=False)
    field_order = [
        "q",
        "kind",
        "category",
        "area",
        "status",
        "department",
        "deputy",
        "start",
        "end",
        "sort",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind: Any = self.fields["kind"]
        kind.choices = [("", _("Everything"))] + [(k.name, k.label) for k in KINDS.values()]
        status: Any = self.fields["status"]
        status.choices = [("", _("Any status")), *Status.choices]
        area: Any = self.fields["area"]
        area.queryset = Area.objects.filter(
            level__in=[AreaLevel.DISTRICT, AreaLevel.STREET]
        ).order_by("code")
        area.empty_label = _("Any area")
        department: Any = self.fields["department"]
        department.queryset = Department.objects.filter(is_active=True).order_by("name")
        department.empty_label = _("Any department")

    def params(self, page: int) -> Params:
        params = super().params(page)
        params.kind = self.cleaned_data.get("kind") or ""
        return params

    def filters(self) -> CaseFilters:
        data = self.cleaned_data
        department = data.get("department")
        return CaseFilters(
            category=data.get("category"),
            area=data.get("area"),
            status=data.get("status") or "",
            department_id=department.pk if department else None,
            deputy_name=(data.get("deputy") or "").strip(),
        )

"""Forms of the staff side: the list filters and one small form per workflow step.

Each step form is bound with `prefix=<step>` so several can share the detail page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxi.cases import reply_templates
from lianxi.cases.choices import Kind, ResultClass, Status
from lianxi.cases.models import OutOfScopeRule
from lianxi.core.collation import person_key, pinyin_key
from lianxi.core.forms import BootstrapMixin
from lianxi.core.pickers import likely_first, ordered_choices
from lianxi.directory.choices import AreaLevel, DepartmentKind
from lianxi.directory.models import Area, Category, Department, Deputy, Station
from lianxi.insight.labels import (
    CORRECT_CATEGORY_HELP,
    category_choices,
    suggested_department_help,
)
from lianxi.insight.routing.service import department_for_case

SORTS = (("newest", _("Newest first")), ("due", _("Due date")))
DUE_CHOICES = (
    ("", _("Any due date")),
    ("overdue", _("Overdue")),
    ("soon", _("Due within 3 days")),
    ("none", _("No due date")),
)


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


# Where a field's text goes, said at the field (issue 22).
PUBLIC_FIELD = _("Public: shown on the tracking page, to the citizen and anyone with the code.")


class LateChoicesForm(BootstrapMixin, forms.Form):
    """A form whose choices depend on the user or case: `setup()` sets them, then styling."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        forms.Form.__init__(self, *args, **kwargs)
        self.setup()
        self.style_widgets()

    def setup(self) -> None:
        """Set choices and querysets (subclasses)."""


class CaseFilterForm(LateChoicesForm):
    """The list's filters; an invalid value is ignored (it never gives a 500)."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int)
    district = forms.TypedChoiceField(label=_("District"), required=False, coerce=int)
    deputy = forms.TypedChoiceField(label=_("Deputy"), required=False, coerce=int)
    station = forms.TypedChoiceField(label=_("Station"), required=False, coerce=int)
    due = forms.ChoiceField(label=_("Due"), required=False, choices=DUE_CHOICES)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORTS)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        user = self.user
        choices: dict[str, list[tuple[Any, Any]]] = {
            "status": _blank(_("Any status")) + list(Status.choices),
            "kind": _blank(_("Any kind")) + list(Kind.choices),
            "category": _blank(_("Any category"))
            + list(
                Category.objects.filter(level=1)
                .order_by("sort_order", "code")
                .values_list("pk", "name")
            ),
            "district": _blank(_("Any district"))
            + list(
                Area.objects.filter(level=AreaLevel.DISTRICT)
                .order_by("code")
                .values_list("pk", "name")
            ),
            "deputy": _blank(_("Any deputy"))
            + sorted(
                Deputy.objects.visible_to(user)
                .order_by("name", "id")
                .values_list("pk", "name")[:500],
                key=lambda row: person_key(row[1]),
            ),
            "station": _blank(_("Any station"))
            + sorted(
                Station.objects.visible_to(user).order_by("name").values_list("pk", "name")[:500],
                key=lambda row: pinyin_key(row[1]),
            ),
        }
        for name, values in choices.items():
            field: Any = self.fields[name]
            field.choices = values

    def cleaned(self) -> dict[str, Any]:
        """The valid filters only (an invalid one is dropped, not fatal)."""
        if self.is_valid():
            return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}
        return {
            k: v
            for k, v in getattr(self, "cleaned_data", {}).items()
            if k not in self.errors and v not in ("", None)
        }


def department_choices() -> list[tuple[Any, Any]]:
    """Active departments grouped by kind (courts, government…), for a select with optgroups."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for pk, name, kind in (
        Department.objects.filter(is_active=True)
        .order_by("kind", "area__code", "name")
        .values_list("pk", "name", "kind")
    ):
        groups.setdefault(kind, []).append((pk, name))
    labels = dict(DepartmentKind.choices)
    return [(labels.get(kind, kind), items) for kind, items in groups.items()]


class DepartmentField(forms.ModelChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Department.objects.filter(is_active=True), **kwargs)


class StepForm(LateChoicesForm):
    """Base: `user` and `case` give the choices; steps without fields use it as is."""

    def __init__(self, *args: Any, user: Any = None, case: Any = None, **kwargs: Any) -> None:
        self.user, self.case = user, case
        super().__init__(*args, **kwargs)


class _AssignFields(StepForm):
    deputy = forms.ModelChoiceField(label=_("Deputy"), queryset=Deputy.objects.none())
    station = forms.ModelChoiceField(
        label=_("Station"), queryset=Station.objects.none(), required=False
    )

    def setup(self) -> None:
        super().setup()
        deputies = Deputy.objects.visible_to(self.user).filter(status="serving")
        stations = Station.objects.visible_to(self.user).filter(is_active=True)
        self.fields["deputy"].queryset = deputies.order_by("name", "id")  # type: ignore[attr-defined]
        self.fields["station"].queryset = stations.order_by("name")  # type: ignore[attr-defined]
        # The picker offers the case's station's deputies first, then everyone by pinyin.
        station_id = getattr(self.case, "station_id", None)
        here = set(
            deputies.filter(stations__id=station_id).values_list("pk", flat=True)
            if station_id
            else ()
        )
        self.fields["deputy"].choices = ordered_choices(  # type: ignore[attr-defined]
            deputies.order_by("id"),
            str,
            likely=here,
            likely_label=_("Deputies of this station"),
            others_label=_("Other deputies"),
            blank=_("Choose a deputy"),
            person=True,
        )
        self.fields["station"].choices = ordered_choices(  # type: ignore[attr-defined]
            stations, str, blank=_("Choose a station")
        )


class AcceptForm(_AssignFields):
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int)
    note = forms.CharField(
        label=_("Note for the citizen"),
        help_text=PUBLIC_FIELD,
        required=False,
        max_length=500,
    )

    def setup(self) -> None:
        super().setup()
        if self.case is not None:  # pre-filled from the proposed routing
            self.initial.setdefault("deputy", self.case.deputy_id)
            self.initial.setdefault("station", self.case.station_id)
            self.initial.setdefault("category", self.case.category_id)
            self.fields["category"].help_text = CORRECT_CATEGORY_HELP
        self.fields["category"].choices = category_choices()  # type: ignore[attr-defined]

    def clean_category(self) -> Category | None:
        value = self.cleaned_data.get("category")
        if value in ("", None):
            return None
        category = Category.objects.filter(pk=value, is_active=True, level=2).first()
        if category is None:
            raise forms.ValidationError(_("Choose a category from the list."))
        return category


class ReassignForm(_AssignFields):
    pass


class RuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.legal_basis}）"


class DeclineForm(StepForm):
    rule = RuleChoiceField(
        label=_("Out-of-scope rule"), queryset=OutOfScopeRule.objects.filter(is_active=True)
    )
    note = forms.CharField(
        label=_("Internal note"),
        help_text=_("Staff only: never shown to the citizen."),
        required=False,
        max_length=500,
    )


class MergeForm(StepForm):
    into = forms.CharField(
        label=_("Tracking number of the case to merge into"), max_length=20, min_length=4
    )
    confirm = forms.BooleanField(
        label=_("I have compared the two: they are the same matter."),
        help_text=_(
            "This case closes as merged and its citizen is told to follow the other one. "
            "Committee staff can undo a merge."
        ),
        error_messages={"required": _("Tick to confirm that the two are the same matter.")},
    )

    def clean_into(self) -> Any:
        from lianxi.cases.models import Case

        number = self.cleaned_data["into"].strip()
        target = Case.objects.visible_to(self.user).filter(tracking_number=number).first()
        if target is None:
            raise forms.ValidationError(_("No case with this tracking number in your scope."))
        return target


class TextForm(StepForm):
    text = forms.CharField(
        label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


class TemplatePicker:
    """A step whose text may start from a reply template (B8): the picker offers the user's
    templates for the case, and the page fills the text field from the one chosen."""

    picks_template = True
    text_field = "text"

    def add_picker(self) -> None:
        form: Any = self
        form.fields["template"] = forms.ModelChoiceField(
            label=_("Reply template"),
            queryset=reply_templates.usable(form.user, form.case),
            required=False,
        )
        form.order_fields(["template", self.text_field])

    def text_bound(self) -> Any:
        return self[self.text_field]  # type: ignore[index]

    def other_fields(self) -> list[Any]:
        form: Any = self
        skip = {"template", self.text_field}
        return [f for f in form.visible_fields() if f.name not in skip]


class ReplyForm(TemplatePicker, TextForm):
    def setup(self) -> None:
        super().setup()
        self.fields["text"].label = _("Reply to the citizen")
        self.fields["text"].help_text = PUBLIC_FIELD
        self.add_picker()


class ReportBackForm(TemplatePicker, TextForm):
    def setup(self) -> None:
        super().setup()
        self.fields["text"].label = _("Report to the citizen")
        self.fields["text"].help_text = PUBLIC_FIELD
        self.add_picker()


class UnmergeForm(StepForm):
    reason = forms.CharField(
        label=_("Why the merge is undone"),
        help_text=PUBLIC_FIELD,
        min_length=4,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(TextForm):
    def setup(self) -> None:
        super().setup()
        self.fields["text"].label = _("Internal note (staff only)")
        self.fields["text"].widget.attrs["rows"] = 2


class _RouteFields(StepForm):
    lead = DepartmentField(label=_("Lead department"))
    co = forms.ModelMultipleChoiceField(
        label=_("Co-handling departments"),
        queryset=Department.objects.filter(is_active=True),
        required=False,
    )

    def setup(self) -> None:
        super().setup()
        grouped = department_choices()
        self.fields["lead"].choices = [("", _("Choose a department")), *grouped]  # type: ignore[attr-defined]
        self.fields["co"].choices = grouped  # type: ignore[attr-defined]
        self.fields["co"].widget.attrs["size"] = 5
        # Always searchable chips: a native multi-select needs Ctrl-click, impossible on a phone.
        self.fields["co"].widget.attrs["data-picker"] = "multi"
        self.fields["co"].widget.attrs["data-placeholder"] = _("Add departments")

    def suggest_first(self) -> None:
        """The suggested lead department (routing, or the fallback) heads its picker."""
        lead = self.initial.get("lead")
        if lead:
            blank, *groups = self.fields["lead"].choices  # type: ignore[attr-defined]
            self.fields["lead"].choices = [  # type: ignore[attr-defined]
                blank,
                *likely_first(groups, {lead}, _("Suggested")),
            ]


class ReferForm(_RouteFields):
    note = forms.CharField(
        label=_("Note for the department"),
        help_text=_("Staff only: the department's handlers see it; the citizen never does."),
        required=False,
        max_length=500,
    )
    disclose_contact = forms.BooleanField(
        label=_("Disclose the citizen's contact to the department"), required=False
    )

    def setup(self) -> None:
        super().setup()
        department_id, confidence = department_for_case(self.case)
        if department_id is not None:
            self.initial.setdefault("lead", department_id)
            self.fields["lead"].help_text = suggested_department_help(confidence)
            self.suggest_first()
            return
        category = getattr(self.case, "category", None)
        if category is not None and category.default_department_id:
            self.initial.setdefault("lead", category.default_department_id)
            self.fields["lead"].help_text = _("Suggested: the category's default department.")
            self.suggest_first()


class RerouteForm(_RouteFields):
    def setup(self) -> None:
        super().setup()
        fallback = district_government(self.case)
        if fallback is not None:
            self.initial.setdefault("lead", fallback.pk)
            self.fields["lead"].help_text = _("Fallback: the district government.")
            self.suggest_first()


def district_government(case: Any) -> Department | None:
    """The government department of the case's district (the fallback after a return)."""
    community = getattr(case, "community", None)
    if community is None:
        return None
    prefix = community.code[:6]
    return (
        Department.objects.filter(
            is_active=True,
            kind=DepartmentKind.GOVERNMENT,
            area__level=AreaLevel.DISTRICT,
            area__prefix=prefix,
        )
        .order_by("id")
        .first()
    )


class ReturnForm(StepForm):
    reason = forms.CharField(
        label=_("Reason for returning"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class HoldForm(StepForm):
    reason = forms.CharField(
        label=_("Why publication is held"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(TemplatePicker, StepForm):
    text_field = "answer"
    answer = forms.CharField(
        label=_("Answer"),
        help_text=_("Public: the citizen reads it on the tracking page, with its result."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    result_class = forms.ChoiceField(label=_("Result"), choices=ResultClass.choices)

    def setup(self) -> None:
        super().setup()
        self.add_picker()


class AppealForm(StepForm):
    reason = forms.CharField(
        label=_("Why the rating should be set aside"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Committee staff decide; an upheld appeal takes the rating out of your scores."
        ),
    )


class DecideAppealForm(StepForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("uphold", _("Uphold: set the rating aside")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (required to reject)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def setup(self) -> None:
        from lianxi.cases.appeals import pending_appeal

        appeal = pending_appeal(self.case) if self.case is not None else None
        if appeal is not None:
            self.fields["decision"].help_text = _("%(department)s appeals: %(reason)s") % {
                "department": appeal.department.name,
                "reason": appeal.reason,
            }

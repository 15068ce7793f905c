"""Forms of the liaison app (validation at the edge)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxi.core.choices import CongressLevel
from lianxi.core.forms import BootstrapMixin
from lianxi.directory.models import Area, Deputy
from lianxi.liaison.choices import Attendance, RequestKind, ShiftKind, VisitMethod
from lianxi.liaison.models import DutyPattern


class BookingForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=40)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20)
    topic = forms.CharField(label=_("Matter to raise (optional)"), max_length=200, required=False)


class PatternForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = DutyPattern
        fields = [
            "weekday",
            "start_time",
            "end_time",
            "deputies",
            "capacity",
            "valid_from",
            "valid_until",
            "skip_holidays",
        ]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
            "deputies": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, station: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = station.deputies.filter(status="serving")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("start_time")
            and data.get("end_time")
            and data["end_time"] <= data["start_time"]
        ):
            self.add_error("end_time", _("The end must come after the start."))
        return data


class GenerateForm(BootstrapMixin, forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))


class ShiftForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (ShiftKind.RECEPTION_DAY, ShiftKind.RECEPTION_DAY.label),
            (ShiftKind.ONE_OFF, ShiftKind.ONE_OFF.label),
        ],
    )
    title = forms.CharField(label=_("Title"), max_length=80, required=False)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500, initial=10)
    deputies = forms.ModelMultipleChoiceField(
        label=_("Deputies"), queryset=Deputy.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, station: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = station.deputies.filter(status="serving")  # type: ignore[attr-defined]


class RequestForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Request"), choices=RequestKind.choices)
    swap_with = forms.ModelChoiceField(
        label=_("Deputy taking my place"), queryset=Deputy.objects.none(), required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args: Any, station: Any, deputy: Deputy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["swap_with"].queryset = station.deputies.filter(  # type: ignore[attr-defined]
            status="serving"
        ).exclude(pk=deputy.pk)


class AttendanceForm(BootstrapMixin, forms.Form):
    attendance = forms.ChoiceField(
        label=_("Attendance"),
        choices=[
            (Attendance.ATTENDED, Attendance.ATTENDED.label),
            (Attendance.ABSENT, Attendance.ABSENT.label),
        ],
    )
    reason = forms.CharField(label=_("Reason for absence"), max_length=200, required=False)


class ReceptionForm(BootstrapMixin, forms.Form):
    people_received = forms.IntegerField(label=_("People received"), min_value=0, max_value=5000)
    matters = forms.CharField(
        label=_("Matters raised"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    minutes = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10000,
    )
    photos = forms.FileField(
        label=_("Photos"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )


class CaseForm(BootstrapMixin, forms.Form):
    """A matter raised at the desk or on a visit, filed as a case in one step."""

    title = forms.CharField(label=_("Title"), min_length=4, max_length=80)
    content = forms.CharField(
        label=_("What the citizen said"),
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact_name = forms.CharField(label=_("Citizen's name"), max_length=40, required=False)
    contact_phone = forms.CharField(label=_("Citizen's mobile"), max_length=20, required=False)


class VisitForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    community = forms.ModelChoiceField(label=_("Community"), queryset=Area.objects.none())
    method = forms.ChoiceField(label=_("Method"), choices=VisitMethod.choices)
    people_met = forms.IntegerField(label=_("People met"), min_value=1, max_value=5000)
    people_note = forms.CharField(label=_("Who was met"), max_length=200, required=False)
    matters = forms.CharField(
        label=_("Matters raised"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    co_deputies = forms.ModelMultipleChoiceField(
        label=_("Other deputies on this visit"), queryset=Deputy.objects.none(), required=False
    )
    photos = forms.FileField(
        label=_("Photos"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    def __init__(self, *args: Any, deputy: Deputy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        prefix = deputy.constituency.prefix[:6]
        self.fields["community"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            level=5, prefix__startswith=prefix
        ).order_by("code")
        self.fields["co_deputies"].queryset = Deputy.objects.filter(  # type: ignore[attr-defined]
            status="serving", level=deputy.level
        ).exclude(pk=deputy.pk)


class RuleForm(BootstrapMixin, forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=CongressLevel.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    min_visits = forms.IntegerField(label=_("Minimum visits"), min_value=0, max_value=1000)
    min_people_per_visit = forms.IntegerField(
        label=_("Minimum people per visit"), min_value=0, max_value=1000
    )
    min_shifts = forms.IntegerField(label=_("Minimum duty shifts"), min_value=0, max_value=1000)
    max_answer_workdays = forms.IntegerField(
        label=_("Maximum working days to a first answer"), min_value=0, max_value=1000
    )
    min_trainings = forms.IntegerField(label=_("Minimum trainings"), min_value=0, max_value=1000)

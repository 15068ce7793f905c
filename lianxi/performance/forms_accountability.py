"""Forms of commendation and accountability: opening a commendation, its rules and decision,
a talk and its closing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxi.core.forms import BootstrapMixin
from lianxi.performance.models_accountability import TalkKind


class OpenCommendationForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=120)


class CommendationForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    min_score = forms.DecimalField(
        label=_("Minimum score"), min_value=0, max_value=1000, decimal_places=2
    )
    excellent_only = forms.BooleanField(label=_("Graded excellent only"), required=False)
    no_absence = forms.BooleanField(
        label=_("No unexcused absence (no duty shift or accepted activity missed)"),
        required=False,
    )
    no_admonition = forms.BooleanField(label=_("No admonition talk in the year"), required=False)
    decision = forms.CharField(
        label=_("Commendation decision (published as written)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class TalkForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TalkKind.choices)
    day = forms.DateField(
        label=_("Date of the talk"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reasons = forms.CharField(
        label=_("Reasons"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_ups = forms.CharField(
        label=_("Follow-ups (what the deputy is to do, by when)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcome = forms.CharField(
        label=_("Outcome so far (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseTalkForm(BootstrapMixin, forms.Form):
    outcome = forms.CharField(
        label=_("Outcome (the deputy is told it)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

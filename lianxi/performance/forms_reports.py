"""Forms of the annual report pages: the report's text, and a batch of a year's reports."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxi.core.forms import BootstrapMixin
from lianxi.performance.models_reports import DocumentFormat


class ReportForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=80)
    intro = forms.CharField(
        label=_("About the deputy"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    highlights = forms.CharField(
        label=_("Main work and results"),
        required=False,
        max_length=10000,
        help_text=_(
            "Blank lines separate paragraphs. The figures, charts and lists are added from the year's records."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    plans = forms.CharField(
        label=_("Shortcomings and next year's plans"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class BatchForm(BootstrapMixin, forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=DocumentFormat.choices)

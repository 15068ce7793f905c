"""Forms of the publicity pages: they collect input; the actions check and refuse it."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxi.core.forms import BootstrapMixin
from lianxi.publicity.actions import Details
from lianxi.publicity.models import PhotoKind

NUMBERS = re.compile(r"[\s,，、;；]+")


def _ids(values: Any) -> list[int]:
    return [int(v) for v in values or [] if str(v).isdigit()]


class StoryForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=80)
    summary = forms.CharField(
        label=pgettext_lazy("abstract", "Summary"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences: shown in lists, feeds and when the page is shared."),
    )
    body = forms.CharField(
        label=_("Story"),
        max_length=30000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Blank lines separate paragraphs. Simple formatting is kept (bold, lists, links, "
            "headings); scripts and styles are removed."
        ),
    )
    case_numbers = forms.CharField(
        label=_("Resolved cases (tracking numbers)"),
        required=False,
        max_length=1000,
        help_text=_("One or more tracking numbers, separated by spaces or commas."),
    )
    deputies = forms.TypedMultipleChoiceField(
        label=_("Deputies involved"), required=False, coerce=int
    )
    proposals = forms.TypedMultipleChoiceField(label=_("Suggestions"), required=False, coerce=int)
    visits = forms.TypedMultipleChoiceField(label=_("Visits"), required=False, coerce=int)
    activities = forms.TypedMultipleChoiceField(label=_("Activities"), required=False, coerce=int)

    def __init__(self, *args: Any, choices: dict[str, list[tuple[int, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, options in choices.items():
            self.fields[name].choices = options  # type: ignore[attr-defined]
        self.style_widgets()

    def details(self) -> Details:
        data = self.cleaned_data
        return Details(
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            case_numbers=[n for n in NUMBERS.split(data.get("case_numbers") or "") if n],
            deputy_ids=_ids(data.get("deputies")),
            proposal_ids=_ids(data.get("proposals")),
            visit_ids=_ids(data.get("visits")),
            activity_ids=_ids(data.get("activities")),
        )


class PhotoForm(BootstrapMixin, forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP up to 10 MB; it is resized and its location data removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    kind = forms.ChoiceField(label=_("What it shows"), choices=PhotoKind.choices)
    caption = forms.CharField(label=_("Caption"), max_length=80, required=False)


class SubmitForm(BootstrapMixin, forms.Form):
    reviewer = forms.TypedChoiceField(label=_("Reviewer"), coerce=int)

    def __init__(self, *args: Any, reviewers: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = [("", _("Choose…")), *reviewers]  # type: ignore[attr-defined]


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReportForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=80)
    foreword = forms.CharField(
        label=_("Foreword"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    highlights = forms.CharField(
        label=_("Main work and results"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Blank lines separate paragraphs. The figures, charts and lists are added from the year's records."
        ),
    )
    plans = forms.CharField(
        label=_("Next year's work"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class NewReportForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

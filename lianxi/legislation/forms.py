"""Forms of the legislation pages: they collect input; the actions check and refuse it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxi.core.forms import BootstrapMixin
from lianxi.legislation.actions import Details
from lianxi.legislation.models import Disposition


def set_choices(field: forms.Field, choices: list[tuple[Any, Any]]) -> None:
    field.choices = choices  # type: ignore[attr-defined]


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConsultationForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title of the draft"), max_length=120)
    explanation = forms.CharField(
        label=_("Explanation of the draft (起草说明)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    opens_on = forms.DateField(label=_("Open from"), widget=DATE)
    closes_on = forms.DateField(label=_("Open until"), widget=DATE)
    for_public = forms.BooleanField(label=_("Anyone may comment"), required=False, initial=True)
    for_citizens = forms.BooleanField(
        label=_("Signed-in citizens may comment"), required=False, initial=True
    )
    for_deputies = forms.BooleanField(label=_("Deputies may comment"), required=False, initial=True)
    for_contact_points = forms.BooleanField(
        label=_("Contact points may submit opinions"), required=False, initial=True
    )
    max_length = forms.IntegerField(label=_("Longest comment (characters)"), initial=2000)
    text = forms.CharField(
        label=_("Text of the draft"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Paste the draft: one line per chapter (第一章), section (第一节), article (第一条), "
            "paragraph or item (（一）). Or upload a Word file instead."
        ),
    )
    file = forms.FileField(label=_("Or a Word file (.docx)"), required=False)

    def details(self) -> Details:
        data = self.cleaned_data
        return Details(
            title=data["title"],
            explanation=data["explanation"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            for_public=data["for_public"],
            for_citizens=data["for_citizens"],
            for_deputies=data["for_deputies"],
            for_contact_points=data["for_contact_points"],
            max_length=data["max_length"],
        )


class VersionForm(BootstrapMixin, forms.Form):
    label = forms.CharField(label=_("Label"), max_length=40, initial="二审稿")
    note = forms.CharField(label=_("Note"), max_length=400, required=False)
    text = forms.CharField(
        label=_("Text of the draft"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    file = forms.FileField(label=_("Or a Word file (.docx)"), required=False)


class CommentForm(BootstrapMixin, forms.Form):
    provision = forms.TypedChoiceField(label=_("On"), coerce=int, required=False, empty_value=None)
    body = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    named = forms.BooleanField(label=_("Show my name with the comment"), required=False)
    signature = forms.CharField(label=_("Name to show"), max_length=40, required=False)

    def __init__(self, *args: Any, choices: list[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["provision"], [("", _("The whole draft")), *choices])


class OfflineForm(BootstrapMixin, forms.Form):
    contact_point = forms.TypedChoiceField(label=_("Contact point"), coerce=int)
    provision = forms.TypedChoiceField(label=_("On"), coerce=int, required=False, empty_value=None)
    body = forms.CharField(
        label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000
    )
    participants = forms.IntegerField(label=_("People taking part"), min_value=1, max_value=10000)
    place = forms.CharField(label=_("Where it was collected"), max_length=100)
    held_on = forms.DateField(label=_("Collected on"), widget=DATE)

    def __init__(
        self,
        *args: Any,
        points: list[tuple[int, str]],
        choices: list[tuple[Any, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["contact_point"], points)
        set_choices(self.fields["provision"], [("", _("The whole draft")), *choices])


class SheetForm(BootstrapMixin, forms.Form):
    contact_point = forms.TypedChoiceField(label=_("Contact point"), coerce=int)
    file = forms.FileField(label=_("Excel file of opinions"))

    def __init__(self, *args: Any, points: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["contact_point"], points)


class DisposeForm(BootstrapMixin, forms.Form):
    comments = forms.CharField(widget=forms.HiddenInput, required=False)
    disposition = forms.ChoiceField(label=_("Disposition"), choices=Disposition.choices)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    covered_by = forms.TypedChoiceField(
        label=_("Covered by"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, articles: list[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["covered_by"], [("", "—"), *articles])


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class MergeForm(BootstrapMixin, forms.Form):
    into = forms.IntegerField(label=_("Merge into comment no."), min_value=1)


class FeedbackForm(BootstrapMixin, forms.Form):
    summary = forms.CharField(
        label=_("Summary of the feedback"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

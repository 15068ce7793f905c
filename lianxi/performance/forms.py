"""Forms of the performance pages: the deputy's own entry, review, the published summary,
the year's scoring scheme."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxi.core.forms import BootstrapMixin
from lianxi.performance.choices import MANUAL_KINDS, LineKind


class EntryForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[(k.value, k.label) for k in MANUAL_KINDS])
    title = forms.CharField(label=_("What you did"), max_length=120)
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attachment = forms.FileField(
        label=_("Attachment (photo or PDF that shows it)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}
        ),
    )


class RejectForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting (the deputy is told it)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PublishForm(BootstrapMixin, forms.Form):
    summary = forms.CharField(
        label=_("Summary shown on the deputy's public page"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    published = forms.BooleanField(label=_("Publish the summary and grade"), required=False)


def points_field(name: str) -> str:
    return f"points_{name}"


def cap_field(name: str) -> str:
    return f"cap_{name}"


class SchemeForm(BootstrapMixin, forms.Form):
    base = forms.DecimalField(label=_("Base points"), min_value=0, max_value=100, decimal_places=2)
    excellent_from = forms.DecimalField(
        label=_("Excellent from"), min_value=0, max_value=1000, decimal_places=2
    )
    competent_from = forms.DecimalField(
        label=_("Competent from"), min_value=0, max_value=1000, decimal_places=2
    )
    basic_from = forms.DecimalField(
        label=_("Basically competent from"), min_value=0, max_value=1000, decimal_places=2
    )
    note = forms.CharField(label=_("What changed (optional)"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in LineKind:
            self.fields[points_field(kind.value)] = forms.DecimalField(
                label=_("Points per unit: %(kind)s") % {"kind": kind.label},
                required=False,
                min_value=-100,
                max_value=100,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"step": "0.01"}),
            )
            self.fields[cap_field(kind.value)] = forms.DecimalField(
                label=_("Cap: %(kind)s") % {"kind": kind.label},
                required=False,
                min_value=0,
                max_value=1000,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"step": "0.01"}),
            )
        self.style_widgets()

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (kind, self[points_field(kind.value)], self[cap_field(kind.value)]) for kind in LineKind
        ]

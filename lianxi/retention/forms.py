from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxi.core.forms import BootstrapMixin


class RequestForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ApproveForm(BootstrapMixin, forms.Form):
    answer = forms.CharField(
        label=_("Note to the citizen (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RefuseForm(BootstrapMixin, forms.Form):
    answer = forms.CharField(
        label=_("Reason for refusing (the citizen is told it)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

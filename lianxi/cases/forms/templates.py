"""The reply template form: title, category, text, with whom it is shared."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxi.cases.models import ReplyTemplate
from lianxi.cases.querysets import template_units
from lianxi.cases.reply_templates import TemplateInput
from lianxi.core.forms import BootstrapMixin
from lianxi.directory.models import Area, Category, Department, Station

KINDS = {"station": Station, "department": Department, "area": Area}


def unit_key(unit: Any) -> str:
    kind = next(k for k, model in KINDS.items() if isinstance(unit, model))
    return f"{kind}:{unit.pk}"


class TemplateForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=60)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.filter(is_active=True).order_by("code"),
        required=False,
        empty_label=_("Any category"),
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Placeholders filled for each case: {tracking_number}, {title}, {deputy}, {department}."
        ),
    )
    share = forms.ChoiceField(label=_("Shared with"), required=False)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args: Any, user: Any, template: ReplyTemplate | None = None, **kw: Any):
        if template is not None:
            unit = template.shared_with
            kw.setdefault(
                "initial",
                {
                    "title": template.title,
                    "category": template.category_id,
                    "body": template.body,
                    "share": unit_key(unit) if unit else "",
                    "is_active": template.is_active,
                },
            )
        super().__init__(*args, **kw)
        self.units = {unit_key(u): u for u in template_units(user)}
        self.fields["share"].choices = [("", _("Only me"))] + [  # type: ignore[attr-defined]
            (key, str(unit)) for key, unit in self.units.items()
        ]
        self.style_widgets()

    def data_in(self) -> TemplateInput:
        d = self.cleaned_data
        return TemplateInput(
            title=d["title"],
            body=d["body"],
            category=d["category"],
            share=self.units.get(d["share"] or ""),
            is_active=d["is_active"],
        )

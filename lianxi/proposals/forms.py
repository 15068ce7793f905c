"""The forms of the suggestion and bill pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxi.cases.models import Case
from lianxi.core.forms import BootstrapMixin
from lianxi.directory.models import Category, Department, Deputy
from lianxi.proposals.choices import ContactMethod, Kind, Rating, Result
from lianxi.proposals.models import Proposal


class DraftForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Kind.choices)
    title = forms.CharField(label=_("title"), max_length=120)
    body = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 6}))
    reasons = forms.CharField(
        label=_("reasons"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    measures = forms.CharField(
        label=_("what is proposed"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    category = forms.ModelChoiceField(
        label=_("category"), queryset=Category.objects.all(), required=False
    )
    cases = forms.ModelMultipleChoiceField(
        label=_("linked cases"),
        queryset=Case.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The citizens behind these cases hear the outcome."),
    )
    hot_issue = forms.IntegerField(required=False, widget=forms.HiddenInput)
    topic = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["cases"]
        field.queryset = Case.objects.visible_to(user).order_by("-id")


class InviteForm(BootstrapMixin, forms.Form):
    deputies = forms.ModelMultipleChoiceField(label=_("co-signers"), queryset=Deputy.objects.none())

    def __init__(self, *args: Any, author: Deputy | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if author is not None:
            field: Any = self.fields["deputies"]
            field.queryset = Deputy.objects.filter(
                level=author.level, term=author.term, status="serving"
            ).exclude(pk=author.pk)


class ReviewForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[
            ("accept", _("Accept")),
            ("convert", _("Turn the bill into a suggestion")),
            ("decline", _("Do not accept")),
        ],
    )
    reason = forms.CharField(label=_("reason"), required=False, max_length=500)


class AssignForm(BootstrapMixin, forms.Form):
    lead = forms.ModelChoiceField(label=_("lead unit"), queryset=Department.objects.all())
    co_units = forms.ModelMultipleChoiceField(
        label=_("co-handling units"), queryset=Department.objects.all(), required=False
    )
    complex_item = forms.BooleanField(label=_("complex (6 months)"), required=False)
    key_supervision = forms.BooleanField(label=_("key supervision"), required=False)


class ReturnForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("reason for return"), max_length=500)


class ContactForm(BootstrapMixin, forms.Form):
    method = forms.ChoiceField(label=_("contact method"), choices=ContactMethod.choices)
    on = forms.DateField(label=_("contacted on"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=_("what was agreed"), widget=forms.Textarea(attrs={"rows": 3}))


class CoOpinionForm(BootstrapMixin, forms.Form):
    text = forms.CharField(
        label=_("your unit's opinion"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Seen by the lead unit, the deputy's committee staff and the deputy."),
    )


class ReplyForm(BootstrapMixin, forms.Form):
    result = forms.ChoiceField(label=_("result class"), choices=Result.choices)
    text = forms.CharField(label=_("reply"), widget=forms.Textarea(attrs={"rows": 6}))
    confidential = forms.BooleanField(label=_("confidential"), required=False)
    confidential_reason = forms.CharField(
        label=_("why confidential"), required=False, max_length=300
    )


class RateForm(BootstrapMixin, forms.Form):
    rating = forms.ChoiceField(label=_("rating"), choices=Rating.choices)
    comment = forms.CharField(label=_("rating comment"), required=False, max_length=500)


class CorrectForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("title"), max_length=120)
    body = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 6}))
    reasons = forms.CharField(
        label=_("reasons"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    measures = forms.CharField(
        label=_("what is proposed"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(
        label=_("what was corrected"),
        max_length=300,
        help_text=_("The earlier text is kept as a version; staff and units see this note."),
    )


class MergeForm(BootstrapMixin, forms.Form):
    into = forms.ModelChoiceField(label=_("merge into"), queryset=Proposal.objects.none())
    reason = forms.CharField(label=_("reason"), required=False, max_length=500)

    def __init__(self, *args: Any, choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if choices is not None:
            field: Any = self.fields["into"]
            field.queryset = choices


class UnmergeForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("why the merge is undone"), max_length=500)

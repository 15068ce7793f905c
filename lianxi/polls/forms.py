"""The forms of the poll pages."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxi.core.choices import Role
from lianxi.core.forms import BootstrapMixin
from lianxi.directory.models import Area, Station
from lianxi.polls.choices import Audience, Kind
from lianxi.proposals.models import Proposal

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BRANCH_RE = re.compile(
    r"^\s*(\d+)\s*(?:->|→|＞|>|:|：|跳到|跳至|转到)\s*第?\s*(\d+|结束|end)\s*题?\s*$"
)


class PollForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("title"), max_length=120)
    intro = forms.CharField(
        label=_("introduction"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    area = forms.ModelChoiceField(label=_("organising area"), queryset=Area.objects.none())
    audience = forms.ChoiceField(label=_("who may answer"), choices=Audience.choices)
    areas = forms.ModelMultipleChoiceField(
        label=_("areas asked"),
        queryset=Area.objects.none(),
        required=False,
        help_text=_("For a poll of chosen areas: citizens living in these areas."),
    )
    station = forms.ModelChoiceField(
        label=_("station"),
        queryset=Station.objects.none(),
        required=False,
        help_text=_("For a poll of a station's visitors."),
    )
    opens_on = forms.DateField(label=_("open from"), widget=DATE)
    closes_on = forms.DateField(label=_("open until"), widget=DATE)
    results_public = forms.BooleanField(label=_("results shown to the public"), required=False)
    ask_area = forms.BooleanField(label=_("ask where the person lives"), required=False)
    ask_age = forms.BooleanField(label=_("ask the person's age band"), required=False)

    def __init__(self, *args: Any, user: Any = None, deputy: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if deputy is not None:
            root = deputy.constituency
        elif user is not None and user.role == Role.COMMITTEE and user.jurisdiction:
            root = user.jurisdiction
        else:
            root = None
        inside = Area.objects.filter(level__lte=4).order_by("code")
        if root is not None:
            inside = inside.filter(prefix__startswith=root.prefix)
        area: Any = self.fields["area"]
        area.queryset = inside
        areas: Any = self.fields["areas"]
        areas.queryset = inside.filter(level__gte=3)
        station: Any = self.fields["station"]
        station.queryset = Station.objects.filter(is_active=True).order_by("name")
        if root is not None:
            station.queryset = station.queryset.filter(area__prefix__startswith=root.prefix)
        if deputy is not None:
            del self.fields["area"]


class QuestionForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=pgettext_lazy("poll question", "kind"), choices=Kind.choices)
    text = forms.CharField(label=_("question"), max_length=200)
    help = forms.CharField(label=_("explanation"), max_length=200, required=False)
    required = forms.BooleanField(label=_("answer required"), required=False, initial=True)
    options = forms.CharField(
        label=_("options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One option per line (single choice, multiple choice, ranking)."),
    )
    branches = forms.CharField(
        label=_("branching"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "One rule per line: “2 -> 5” skips to question 5 when the answer is option 2 (or "
            "scale value 2); “3 -> 0” ends the poll."
        ),
    )

    def clean_options(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]

    def clean_branches(self) -> list[tuple[int, int]]:
        rules: list[tuple[int, int]] = []
        for line in self.cleaned_data["branches"].splitlines():
            if not line.strip():
                continue
            found = BRANCH_RE.match(line)
            if found is None:
                raise forms.ValidationError(
                    _("Write each rule as “answer -> question number”, e.g. 2 -> 5.")
                )
            goto = found.group(2)
            rules.append((int(found.group(1)), 0 if goto in {"结束", "end"} else int(goto)))
        return rules


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)


class PaperForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("sheet of paper answers (.xlsx)"))


class CaseForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("title"), max_length=80)
    content = forms.CharField(label=_("content"), widget=forms.Textarea(attrs={"rows": 5}))
    community = forms.ModelChoiceField(
        label=_("community"), queryset=Area.objects.none(), required=False
    )

    def __init__(self, *args: Any, area: Area | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if area is not None:
            field: Any = self.fields["community"]
            field.queryset = Area.objects.filter(level=5, prefix__startswith=area.prefix)


class ProposalLinkForm(BootstrapMixin, forms.Form):
    proposal = forms.ModelChoiceField(label=_("suggestion"), queryset=Proposal.objects.none())
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["proposal"]
        field.queryset = Proposal.objects.visible_to(user).order_by("-pk")

"""Forms of the committee pages: validation at the edge, then the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxi.committee.actions import (
    ActivityInput,
    AudienceSpec,
    CourseInput,
    MaterialInput,
    NoticeInput,
    SessionInput,
)
from lianxi.committee.models.activities import ActivityKind, ContributionKind, Recurrence
from lianxi.committee.models.notices import MaterialKind, NoticeKind
from lianxi.committee.models.trainings import CourseKind
from lianxi.core.choices import CongressLevel
from lianxi.core.forms import BootstrapMixin
from lianxi.directory.choices import Sector
from lianxi.directory.models import Area, Deputy, Expertise


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [d for d in data if d]
        return [data] if data else []


class AudienceForm(BootstrapMixin, forms.Form):
    """Any combination of level, delegation, area, sector, expertise, or named deputies."""

    everyone = forms.BooleanField(label=_("All deputies"), required=False)
    levels = forms.MultipleChoiceField(
        label=_("Levels"),
        choices=CongressLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    expertise = forms.ModelMultipleChoiceField(
        label=_("Fields of expertise"),
        queryset=Expertise.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Constituencies within"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    delegations = forms.CharField(
        label=_("Delegations"),
        required=False,
        max_length=400,
        help_text=_("Separate several with spaces."),
    )
    deputies = forms.ModelMultipleChoiceField(
        label=_("Named deputies"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = Area.objects.filter(level__in=[2, 3])
        if user is not None and user.jurisdiction_id:
            areas = areas.filter(prefix__startswith=user.jurisdiction.prefix)
        self.fields["areas"].queryset = areas  # type: ignore[attr-defined]
        self.fields["deputies"].queryset = (  # type: ignore[attr-defined]
            Deputy.objects.visible_to(user).filter(status="serving").only("name")
        )

    def spec(self) -> AudienceSpec:
        d = self.cleaned_data
        return AudienceSpec(
            everyone=d["everyone"],
            levels=list(d["levels"]),
            sectors=list(d["sectors"]),
            delegations=d["delegations"].split(),
            area_ids=[a.pk for a in d["areas"]],
            expertise_ids=[e.pk for e in d["expertise"]],
            deputy_ids=[x.pk for x in d["deputies"]],
        )

    @staticmethod
    def initial_of(audience: Any) -> dict[str, Any]:
        return {
            "everyone": audience.everyone,
            "levels": audience.level_list,
            "sectors": audience.sector_list,
            "delegations": " ".join(audience.delegation_list),
            "areas": list(audience.areas.all()),
            "expertise": list(audience.expertise.all()),
            "deputies": list(audience.deputies.all()),
        }


class NoticeForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NoticeKind.choices)
    title = forms.CharField(label=_("Title"), min_length=4, max_length=120)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=100_000,
        help_text=_(
            "Paragraphs, bold, lists, tables and links are kept; anything else is removed."
        ),
    )
    must_confirm = forms.BooleanField(label=_("Deputies must confirm reading"), required=False)
    closes_at = forms.DateTimeField(
        label=pgettext_lazy("notice", "Open until"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Deputies added later still receive it until then. Empty: no end."),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Up to 5 PDF or image files, 10 MB each."),
    )

    def data_obj(self, audience: AudienceSpec) -> NoticeInput:
        d = self.cleaned_data
        return NoticeInput(
            kind=d["kind"],
            title=d["title"],
            body=d["body"],
            must_confirm=d["must_confirm"],
            closes_at=d["closes_at"],
            audience=audience,
        )


class PublishForm(BootstrapMixin, forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Empty: publish now."),
    )
    # Publishing reaches every deputy in the audience at once: it is confirmed first.
    confirm = forms.BooleanField(
        label=_("I have checked the text and who receives it."),
        error_messages={"required": _("Tick to confirm before publishing to the deputies.")},
    )


class MaterialForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    title = forms.CharField(label=_("Title"), min_length=2, max_length=120)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=200,
        help_text=_("Separate several with spaces."),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"}),
    )
    link = forms.URLField(label=_("Or a link"), required=False, assume_scheme="https")

    def data_obj(self, audience: AudienceSpec) -> MaterialInput:
        d = self.cleaned_data
        return MaterialInput(
            kind=d["kind"],
            title=d["title"],
            description=d["description"],
            tags=d["tags"],
            link=d["link"],
            audience=audience,
        )


class CourseForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CourseKind.choices)
    title = forms.CharField(label=_("Title"), min_length=4, max_length=120)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    required = forms.BooleanField(
        label=_("Attendance required"),
        required=False,
        help_text=_("Required: everyone in the audience is enrolled. Optional: deputies enrol."),
    )

    def data_obj(self, audience: AudienceSpec) -> CourseInput:
        d = self.cleaned_data
        return CourseInput(
            kind=d["kind"],
            title=d["title"],
            description=d["description"],
            required=d["required"],
            audience=audience,
        )


class SessionForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), min_length=2, max_length=120)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), required=False, max_length=120)
    online_link = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    lecturer = forms.CharField(label=_("Lecturer"), required=False, max_length=60)

    def data_obj(self) -> SessionInput:
        d = self.cleaned_data
        return SessionInput(
            title=d["title"],
            starts_at=d["starts_at"],
            ends_at=d["ends_at"],
            place=d["place"],
            online_link=d["online_link"],
            lecturer=d["lecturer"],
        )


class FeedbackForm(BootstrapMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was this session?"),
        coerce=int,
        choices=[(5, "5"), (4, "4"), (3, "3"), (2, "2"), (1, "1")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ActivityForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), min_length=4, max_length=120)
    topic = forms.CharField(label=_("Topic"), min_length=2, max_length=200)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), min_length=2, max_length=120)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=500, initial=20)
    expertise = forms.ModelMultipleChoiceField(
        label=_("Fields of expertise sought"),
        queryset=Expertise.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors sought"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    level = forms.ChoiceField(
        label=_("Level sought"),
        required=False,
        choices=[("", _("Any level")), *CongressLevel.choices],
    )
    recurrence = forms.ChoiceField(
        label=_("Repeat"),
        required=False,
        choices=[("", _("Once")), *Recurrence.choices],
    )
    count = forms.IntegerField(
        label=_("Number of times"),
        required=False,
        min_value=2,
        max_value=12,
        help_text=_("For a series, e.g. 4 quarterly symposiums."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "recurrence" in self.fields and data.get("recurrence") and not data.get("count"):
            self.add_error("count", _("Say how many times."))
        return data

    def data_obj(self) -> ActivityInput:
        d = self.cleaned_data
        return ActivityInput(
            kind=d["kind"],
            title=d["title"],
            topic=d["topic"],
            agenda=d["agenda"],
            starts_at=d["starts_at"],
            ends_at=d["ends_at"],
            place=d["place"],
            capacity=d["capacity"],
            expertise_ids=[e.pk for e in d["expertise"]],
            sectors=list(d["sectors"]),
            level=d["level"],
        )


class AnswerForm(BootstrapMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("I will attend")), ("decline", _("I cannot attend"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason (needed to decline)"), required=False, max_length=300)


class MinutesForm(BootstrapMixin, forms.Form):
    minutes = forms.CharField(
        label=pgettext_lazy("meeting", "Minutes"),
        min_length=10,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    held = forms.BooleanField(label=_("Mark the activity as held"), required=False, initial=True)


class ContributionForm(BootstrapMixin, forms.Form):
    deputy = forms.TypedChoiceField(label=_("Deputy"), coerce=int, choices=[])
    kind = forms.ChoiceField(label=_("Kind"), choices=ContributionKind.choices)
    text = forms.CharField(
        label=pgettext_lazy("abstract", "Summary"),
        min_length=5,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OutcomeForm(BootstrapMixin, forms.Form):
    text = forms.CharField(
        label=pgettext_lazy("activity", "Outcome"),
        min_length=4,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    case_number = forms.CharField(
        label=_("Linked case (tracking number)"), required=False, max_length=40
    )

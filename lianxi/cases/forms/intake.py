"""Forms of the public side: online intake, tracking, the citizen's steps, walk-in entry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianxi.cases.attachments import check_files
from lianxi.cases.choices import Kind, Satisfaction
from lianxi.core.errors import InvalidInput
from lianxi.core.forms import BootstrapMixin
from lianxi.directory.choices import AreaLevel
from lianxi.directory.models import Area, Category, Deputy, Station

ANONYMOUS_KINDS = frozenset({Kind.OPINION, Kind.SUGGESTION})
CONTACT_PHONE, CONTACT_ANONYMOUS = "phone", "anonymous"


def category_choices() -> list[tuple[Any, Any]]:
    """Second-level categories in use, grouped under their first level."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for pk, name, parent in (
        Category.objects.filter(is_active=True, level=2, parent__is_active=True)
        .order_by("parent__sort_order", "parent__code", "sort_order", "code")
        .values_list("pk", "name", "parent__name")
    ):
        groups.setdefault(parent, []).append((pk, name))
    blank: list[tuple[Any, Any]] = [("", _("Not sure: suggest one for me"))]
    return blank + list(groups.items())


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp,.pdf"}),
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [f for f in files if f]


# BootstrapMixin validates a bound form inside its __init__ (to mark invalid fields), so it must
# come first in each concrete form: the bases below set their choices before that happens.
class _CaseFields(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(
        label=_("Title"),
        min_length=4,
        max_length=80,
        error_messages={
            "required": _("Enter a title of 4 to 80 characters."),
            "min_length": _("The title needs 4 to 80 characters."),
            "max_length": _("The title needs 4 to 80 characters."),
        },
    )
    content = forms.CharField(
        label=_("What is the matter?"),
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "data-count": "5000"}),
        error_messages={
            "required": _("Describe the matter in 10 to 5,000 characters."),
            "min_length": _("The content needs 10 to 5,000 characters."),
            "max_length": _("The content needs 10 to 5,000 characters."),
        },
    )
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()  # type: ignore[attr-defined]
        self.fields["category"].help_text = _("If you leave it empty, we suggest one.")

    def clean_category(self) -> Category | None:
        value = self.cleaned_data.get("category")
        if value in ("", None):
            return None
        category = Category.objects.filter(pk=value, is_active=True, level=2).first()
        if category is None:
            raise forms.ValidationError(_("Choose a category from the list."))
        return category


class _IntakeFields(_CaseFields):
    community = forms.ModelChoiceField(
        label=_("Community"),
        queryset=Area.objects.communities(),
        required=False,
        error_messages={"invalid_choice": _("Choose a community from the list.")},
    )
    address = forms.CharField(label=_("Address (optional)"), required=False, max_length=200)
    target_deputy = forms.IntegerField(required=False, widget=forms.HiddenInput)
    target_station = forms.IntegerField(required=False, widget=forms.HiddenInput)
    keep_target = forms.BooleanField(required=False, initial=True)
    attachments = MultipleFileField(
        label=_("Photos or PDF (optional)"),
        required=False,
        help_text=_("Up to 5 files: JPEG, PNG or WebP images, or PDF, 10 MB each."),
    )
    consent_to_publish = forms.BooleanField(
        label=_("The matter may be published (without my name) once it is closed."),
        required=False,
    )
    contact = forms.ChoiceField(
        label=_("How can we reach you?"),
        choices=(
            (CONTACT_PHONE, _("My mobile phone, verified by a code")),
            (CONTACT_ANONYMOUS, _("Anonymously (opinions and suggestions only)")),
        ),
        initial=CONTACT_PHONE,
        widget=forms.RadioSelect,
        required=False,
    )
    phone = forms.CharField(label=_("Mobile phone"), required=False, max_length=20)
    code = forms.CharField(label=_("Code from the SMS"), required=False, max_length=6)
    contact_name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=40)

    def __init__(self, *args: Any, citizen: Any = None, **kwargs: Any) -> None:
        """`citizen`: the signed-in citizen (their account is the contact), else None."""
        self.citizen = citizen
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update(
            {"inputmode": "tel", "autocomplete": "tel", "maxlength": "11"}
        )
        self.fields["code"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": "6"}
        )
        if citizen is not None:
            for name in ("contact", "phone", "code"):
                del self.fields[name]

    # The chosen deputy or station (from ?deputy= / ?station=).
    def target(self) -> Deputy | Station | None:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return data.get("target_deputy_obj") or data.get("target_station_obj")

    @staticmethod
    def resolve_target(deputy_id: Any, station_id: Any) -> tuple[Deputy | None, Station | None]:
        deputy = station = None
        if str(deputy_id or "").isdigit():
            deputy = Deputy.objects.public().filter(pk=int(deputy_id)).first()
        if str(station_id or "").isdigit():
            station = Station.objects.public().filter(pk=int(station_id)).first()
        return deputy, station

    def clean_attachments(self) -> list[Any]:
        files = self.cleaned_data.get("attachments") or []
        try:
            check_files(files)
        except InvalidInput as exc:
            raise forms.ValidationError(exc.message) from None
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        deputy, station = (None, None)
        if data.get("keep_target"):
            deputy, station = self.resolve_target(
                data.get("target_deputy"), data.get("target_station")
            )
        data["target_deputy_obj"], data["target_station_obj"] = deputy, station
        if data.get("community") is None and deputy is None and station is None:
            self.add_error("community", _("Choose your community, so we know who serves it."))
        if self.citizen is None:
            contact = data.get("contact") or CONTACT_PHONE
            data["contact"] = contact
            if contact == CONTACT_ANONYMOUS:
                if data.get("kind") and data["kind"] not in ANONYMOUS_KINDS:
                    self.add_error(
                        "kind",
                        _(
                            "Without contact details only opinions and suggestions can be "
                            "sent. Give a phone number for complaints, requests and inquiries."
                        ),
                    )
            else:
                if not (data.get("phone") or "").strip():
                    self.add_error("phone", _("Enter your mobile phone number."))
                if not (data.get("code") or "").strip():
                    self.add_error("code", _("Enter the 6-digit code we sent to your phone."))
        return data


class IntakeForm(BootstrapMixin, _IntakeFields):
    pass


class TrackForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label=_("Tracking number"), max_length=20)
    code = forms.CharField(label=_("Query code"), max_length=12)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters"}
        )


class RateForm(BootstrapMixin, forms.Form):
    deputy_rating = forms.ChoiceField(
        label=_("The deputy's handling"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    department_rating = forms.ChoiceField(
        label=_("The department's result"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, with_department: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_department:
            del self.fields["department_rating"]


class ReopenForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why are you not satisfied?"),
        min_length=5,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class _WalkInFields(_CaseFields):
    station = forms.ModelChoiceField(label=_("Station"), queryset=Station.objects.none())
    community = forms.ModelChoiceField(label=_("Community"), queryset=Area.objects.none())
    contact_name = forms.CharField(label=_("Citizen's name"), max_length=40)
    contact_phone = forms.CharField(label=_("Citizen's mobile phone"), max_length=20)

    field_order = ["station", "kind", "title", "content", "category", "community"]

    def __init__(
        self, *args: Any, stations: Any, deputy: Deputy | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        station_field = self.fields["station"]
        station_field.queryset = stations  # type: ignore[attr-defined]
        station_field.error_messages["invalid_choice"] = _("Choose one of your stations.")
        if deputy is not None:
            station_field.required = False
            station_field.label = _("Station (optional)")
        area_filter = Q(served_by__in=stations)
        if deputy is not None:
            area_filter |= Q(prefix__startswith=deputy.constituency.prefix)
        self.fields["community"].queryset = (  # type: ignore[attr-defined]
            Area.objects.filter(area_filter, level=AreaLevel.COMMUNITY).distinct().order_by("code")
        )
        self.fields["contact_phone"].widget.attrs.update({"inputmode": "tel", "maxlength": "11"})
        first = stations.first()
        if first is not None:
            self.initial.setdefault("station", first.pk)
            community = first.communities.order_by("code").first()
            if community is not None:
                self.initial.setdefault("community", community.pk)


class WalkInForm(BootstrapMixin, _WalkInFields):
    """What station staff or a deputy note down for a citizen in front of them."""

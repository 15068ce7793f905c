"""Forms of the directory pages and admin."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from lianxi.core.forms import BootstrapMixin
from lianxi.directory.models import Deputy
from lianxi.lib.phones import normalise_mobile


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.FileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.MAX_IMPORT_BYTES
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB."), params={"size": limit // (1024 * 1024)}
            )
        return upload

    def read(self) -> bytes:
        """The uploaded bytes (at most one byte over the limit, so the action refuses it)."""
        upload: UploadedFile = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read(settings.MAX_IMPORT_BYTES + 1)


class DeputyAdminForm(forms.ModelForm):
    """Deputy in the admin: phone and email are checked like on import."""

    class Meta:
        model = Deputy
        fields = [
            "name",
            "gender",
            "birth_year",
            "user",
            "level",
            "term",
            "constituency",
            "delegation",
            "sector",
            "status",
            "occupation",
            "expertise",
            "bio",
            "photo",
            "phone",
            "email",
        ]
        widgets = {
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def clean_phone(self) -> str:
        raw = (self.cleaned_data.get("phone") or "").strip()
        if not raw:
            return ""
        number = normalise_mobile(raw)
        if number is None:
            raise forms.ValidationError(_("Enter an 11-digit mainland mobile number."))
        return number

    def clean_email(self) -> str:
        value = (self.cleaned_data.get("email") or "").strip()
        if value:
            forms.EmailField().clean(value)
        return value

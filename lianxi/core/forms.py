from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

DASHES = "---------"  # Django's blank choice: it says nothing to the person choosing


class BootstrapMixin:
    """Give every widget Bootstrap's classes, and mark invalid fields once validated (never
    validate in __init__: subclasses may still be setting querysets and choices)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.style_widgets()

    def style_widgets(self) -> None:
        """Bootstrap's class for each widget (call again after adding fields)."""
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(
                widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)
            ):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
                # static/js/picker.js makes it searchable once it is longer than ~15 items.
                widget.attrs.setdefault("data-picker", "auto")
                self._name_the_blank(field)
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    @staticmethod
    def _name_the_blank(field: Any) -> None:
        """ "请选择" instead of "---------" (checked without running a choice query)."""
        if getattr(field, "empty_label", None) == DASHES:
            field.empty_label = _("Choose…")
        choices = getattr(field, "_choices", None)
        if isinstance(choices, list) and choices and choices[0] == ("", DASHES):
            field.choices = [("", _("Choose…")), *choices[1:]]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._mark_invalid()

    def add_error(self, field: Any, error: Any) -> None:
        """Errors added after cleaning (an action's refusal) mark their field too."""
        super().add_error(field, error)  # type: ignore[misc]
        self._mark_invalid()

    def _mark_invalid(self) -> None:
        for name in getattr(self, "_errors", None) or {}:
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"

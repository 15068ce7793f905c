"""The preferences form: one checkbox per kind and channel the person may change, quiet
hours, and the digest (only for someone with an e-mail address)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxi.notifications.models import Channel, Family
from lianxi.notifications.preferences import Grid


class PreferencesForm(forms.Form):
    quiet_hours = forms.BooleanField(
        label=_("Quiet hours"),
        required=False,
        help_text=_(
            "Text messages written between 22:00 and 08:00 wait until 08:00. "
            "Sign-in codes are never held."
        ),
    )
    email_digest = forms.BooleanField(
        label=_("Daily e-mail digest"),
        required=False,
        help_text=_(
            "One e-mail each morning listing the day's notifications, instead of one per event."
        ),
    )

    def __init__(self, data: Any = None, *, grid: Grid) -> None:
        initial: dict[str, Any] = {
            "quiet_hours": grid.quiet_hours,
            "email_digest": grid.email_digest,
        }
        for row in grid.rows:
            for cell in row.cells:
                initial[cell.field] = cell.enabled
        super().__init__(data, initial=initial)
        self.grid = grid
        for row in grid.rows:
            for cell in row.cells:
                label = _("%(kind)s by %(channel)s") % {
                    "kind": Family(cell.family).label,
                    "channel": Channel(cell.channel).label,
                }
                self.fields[cell.field] = forms.BooleanField(
                    label=label, required=False, disabled=not cell.editable
                )
                self.fields[cell.field].widget.attrs.update(
                    {"class": "form-check-input", "aria-label": str(label)}
                )
        if not grid.has_email:
            self.fields["email_digest"].disabled = True
        for name in ("quiet_hours", "email_digest"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    @property
    def table(self) -> list[tuple[Any, list[tuple[Any, Any]]]]:
        """Each row of the grid with its cells and their bound checkboxes."""
        return [(row, [(cell, self[cell.field]) for cell in row.cells]) for row in self.grid.rows]

    def choices(self) -> dict[tuple[str, str], bool]:
        """(kind, channel) → on, for the cells the person may change."""
        return {
            (cell.family, cell.channel): bool(self.cleaned_data[cell.field])
            for cell in self.grid.editable
        }

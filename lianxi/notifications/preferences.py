"""What a person receives, as the preferences page and the API show it: for each kind their
role hears of, each channel on or off (defaults from `send.default_on`, then the person's own
choices), and whether they may change it (the committee's policy, a phone or an address)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lianxi.notifications.models import Channel, Family, Preference, Settings
from lianxi.notifications.policies import (
    CHOOSABLE,
    REASONS,
    allowed_channels,
    blocked_by,
    email_of,
    families_for,
    user_phone,
)
from lianxi.notifications.send import default_on


@dataclass(frozen=True)
class Cell:
    family: str
    channel: str
    enabled: bool
    editable: bool
    note: str = ""  # why it cannot be changed
    blocked: str = ""  # "policy", "phone", "email" or ""

    @property
    def field(self) -> str:
        return f"{self.family}__{self.channel}"


@dataclass(frozen=True)
class Row:
    family: str
    label: str
    cells: tuple[Cell, ...]  # in-app first, then CHOOSABLE


@dataclass(frozen=True)
class Grid:
    rows: tuple[Row, ...]
    quiet_hours: bool
    email_digest: bool
    has_phone: bool
    has_email: bool

    def cell(self, family: str, channel: str) -> Cell | None:
        for row in self.rows:
            for cell in row.cells:
                if cell.family == family and cell.channel == channel:
                    return cell
        return None

    @property
    def editable(self) -> list[Cell]:
        return [c for row in self.rows for c in row.cells if c.editable]


def settings_of(user: Any) -> Settings:
    """The person's settings, or the defaults (unsaved) when they never chose."""
    found = Settings.objects.filter(user=user).first()
    return found if found is not None else Settings(user=user)


def grid(user: Any) -> Grid:
    allowed = allowed_channels()
    chosen = {
        (p.family, p.channel): p.enabled
        for p in Preference.objects.filter(user=user, channel__in=CHOOSABLE)
    }
    phone = user_phone(user)
    rows = []
    for family in families_for(user):
        cells = [Cell(family, Channel.INAPP, enabled=True, editable=False)]
        for channel in CHOOSABLE:
            blocked = blocked_by(user, family, channel, allowed, phone)
            on = chosen.get((family, channel))
            if on is None:
                on = default_on(user.role, family, channel)
            cells.append(
                Cell(
                    family,
                    channel,
                    enabled=on and not blocked,
                    editable=not blocked,
                    note=str(REASONS[blocked]) if blocked else "",
                    blocked=blocked,
                )
            )
        rows.append(Row(family, str(Family(family).label), tuple(cells)))
    mine = settings_of(user)
    has_email = bool(email_of(user))
    return Grid(
        rows=tuple(rows),
        quiet_hours=mine.quiet_hours,
        email_digest=mine.email_digest and has_email,
        has_phone=bool(phone),
        has_email=has_email,
    )

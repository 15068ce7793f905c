"""iCalendar feeds (RFC 5545) of a deputy's shifts and a station's rota, written by hand:
CRLF line ends, escaped text, lines folded at 75 octets."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from lianxi.core.calendar import CalendarItem
from lianxi.lib.crypto import keyed_hash


def deputy_token(deputy_id: int) -> str:
    """The private token in a deputy's feed address (keyed: not guessable from the id)."""
    return keyed_hash(str(deputy_id), "liaison-ical")[:32]


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    out: list[str] = []
    current = b""
    for ch in line:
        encoded = ch.encode()
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def feed(name: str, items: Iterable[CalendarItem], base_url: str = "") -> str:
    now = _stamp(datetime.now(UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//lianxi//liaison//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for item in items:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item.uid}",
            f"DTSTAMP:{now}",
            f"DTSTART:{_stamp(item.start)}",
            f"DTEND:{_stamp(item.end)}",
            f"SUMMARY:{_escape(item.title)}",
        ]
        if item.place:
            lines.append(f"LOCATION:{_escape(item.place)}")
        if item.url and base_url:
            lines.append(f"URL:{base_url}{item.url}")
        lines.append("STATUS:CANCELLED" if item.status == "cancelled" else "STATUS:CONFIRMED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)

"""Cell values in and out: clean text from what a reader gives, and values a writer may put
in a cell without a spreadsheet ever running them as a formula."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

YES, NO = "是", "否"
# What makes Excel, LibreOffice or WPS read a text cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 32_767  # Excel's limit; longer text is cut rather than making a broken file
LIST_SPLIT_RE = re.compile(r"[、，,；;\r\n]+")
INVISIBLE = str.maketrans({"\u00a0": " ", "\u3000": " ", "\u200b": None, "\ufeff": None})


def cell_text(value: Any) -> str:
    """A cell as clean text: numbers without a trailing .0, booleans as 是/否, dates in ISO
    form, invisible spaces removed; the quote our exports put before =, +, -, @ is taken off
    again, so an exported file imports back unchanged."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).translate(INVISIBLE)
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS:
        text = text[1:]
    return text.strip()


def normalise_header(value: Any) -> str:
    """A header cell as text, without the * that marks a required column."""
    return cell_text(value).rstrip("*＊").strip()


def show(value: str, limit: int = 30) -> str:
    """A value quoted in an error message, cut short."""
    return value if len(value) <= limit else value[:limit] + "…"


def split_list(value: str) -> list[str]:
    """The items of a list cell (separated by 、 ， , ； ; or new lines), each once."""
    seen: dict[str, None] = {}
    for part in LIST_SPLIT_RE.split(value):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return list(seen)


def safe_value(value: Any) -> Any:
    """A value as an export writes it: text that a spreadsheet would run as a formula gets a
    leading quote (OWASP's advice), characters an xlsx file cannot hold are dropped, and
    numbers stay numbers, negative ones too."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)  # xlsx has no time zones
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value[:1] in FORMULA_STARTS:
        value = "'" + value
    return value[:MAX_CELL_CHARS]

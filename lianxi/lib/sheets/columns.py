"""Columns of an import file and the parsers that turn a cell's text into a value.

A parser gets the cell's non-empty, cleaned text and returns the value, or raises
`CellError` with the message(s) to show for that row and column (fixed Chinese: the file is
exchanged with offices that work in Chinese, whatever the interface language)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.functional import Promise

from lianxi.lib.phones import normalise_mobile
from lianxi.lib.sheets.cells import NO, YES, show, split_list

Parser = Callable[[str], Any]

INT_RE = re.compile(r"^[+-]?\d+$")
PHONE_RE = re.compile(r"^[0-9+()（）\-\s转/、,，]{3,40}$")
DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+0{1,2}:00(?::00)?)?$"
)
YES_WORDS = frozenset({"是", "开放", "启用", "y", "yes", "true", "1", "√"})
NO_WORDS = frozenset({"否", "关闭", "停用", "n", "no", "false", "0", "×"})


class CellError(ValueError):
    """The text of a cell is wrong; each message becomes one problem of its row and column."""

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = messages


@dataclass(frozen=True)
class Column:
    """One column of an import (and export) file.

    `header` is the text of the header cell; `aliases` are other spellings accepted on
    import. `key` names the parsed value (default: the header). A `required` column must be
    in the file and every cell of it filled; `header_required` asks only for the column.
    `parse` turns non-empty text into a value (default: the text); an empty cell of an
    optional column gives `blank`. `width`, `choices` and `note` describe the column in the
    template workbook and on the how-to page.
    """

    header: str
    required: bool = False
    width: int = 14
    choices: tuple[str, ...] = ()
    note: str | Promise = ""
    key: str = ""
    parse: Parser | None = None
    blank: Any = ""
    aliases: tuple[str, ...] = ()
    header_required: bool = False

    @property
    def name(self) -> str:
        return self.key or self.header

    @property
    def needed(self) -> bool:
        """Whether a file without this column is refused."""
        return self.required or self.header_required


# ---------------------------------------------------------------------------------------
# Parsers (factories return one; each message is the one the directory has always shown)


def text(max_length: int) -> Parser:
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise CellError(f"超过 {max_length} 个字的上限")
        return value

    return parse


def integer(low: int, high: int, pattern: re.Pattern[str] = INT_RE) -> Parser:
    """A whole number in [low, high]; `pattern`'s first group (or whole match) is the number,
    so 第17届 can mean 17."""

    def parse(value: str) -> int:
        match = pattern.match(value)
        if not match:
            raise CellError(f"“{show(value)}”不是整数")
        number = int(match.group(1) if match.groups() else match.group(0))
        if not low <= number <= high:
            raise CellError(f"“{show(value)}”应在 {low} 到 {high} 之间")
        return number

    return parse


def decimal(low: int, high: int, places: int = 6) -> Parser:
    quantum = Decimal(1).scaleb(-places)

    def parse(value: str) -> Decimal:
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            raise CellError(f"“{show(value)}”不是数字")
        if not low <= number <= high:
            raise CellError(f"“{show(value)}”应在 {low} 到 {high} 之间")
        return number.quantize(quantum, rounding=ROUND_HALF_UP)

    return parse


def choice(
    labels: Mapping[str, str], noun: str, aliases: Mapping[str, str] | None = None
) -> Parser:
    """One of `labels` (stored value → Chinese label); the label, an alias or the stored
    value itself is accepted, and the stored value returned."""
    lookup = {label: key for key, label in labels.items()} | dict(aliases or {})
    lookup |= {str(key): str(key) for key in labels}
    allowed = "、".join(labels.values())

    def parse(value: str) -> str:
        if value in lookup:
            return str(lookup[value])
        raise CellError(f"“{show(value)}”不是有效的{noun}，应为 {allowed} 之一")

    return parse


def boolean() -> Parser:
    """是/否 and their common spellings; give the column `blank=True` or `blank=False`."""

    def parse(value: str) -> bool:
        lowered = value.lower()
        if lowered in YES_WORDS:
            return True
        if lowered in NO_WORDS:
            return False
        raise CellError(f"“{show(lowered)}”应为 {YES} 或 {NO}")

    return parse


def day() -> Parser:
    """A date written 2026-03-01, 2026/3/1, 2026.3.1 or 2026年3月1日 (a date cell of the
    sheet reads as 2026-03-01 00:00:00, which is accepted too)."""

    def parse(value: str) -> date:
        match = DATE_RE.match(value)
        try:
            if match:
                return date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
        raise CellError(f"“{show(value)}”不是有效的日期，应写成 2026-03-01 这样的格式")

    return parse


def mobile() -> Parser:
    """An 11-digit mainland mobile number, normalised."""

    def parse(value: str) -> str:
        number = normalise_mobile(value)
        if number is None:
            raise CellError("不是有效的手机号码（应为 11 位中国大陆手机号）")
        return number

    return parse


def email() -> Parser:
    def parse(value: str) -> str:
        try:
            if len(value) > 254:
                raise ValidationError("too long")
            validate_email(value)
        except ValidationError:
            raise CellError("不是有效的邮箱地址") from None
        return value

    return parse


def phone() -> Parser:
    """An office telephone number as people write it (extensions, several numbers)."""

    def parse(value: str) -> str:
        if not PHONE_RE.match(value):
            raise CellError(f"“{show(value)}”不是有效的电话号码")
        return value

    return parse


def choice_column(
    header: str,
    labels: Mapping[str, str],
    *,
    key: str,
    required: bool = False,
    width: int = 14,
    accept: Mapping[str, str] | None = None,
    blank: Any = "",
    note: str | Promise = "",
) -> Column:
    """A column of one of `labels` (stored value → Chinese label), with a drop-down in the
    template; `accept` are other spellings of the values."""
    parse = choice(labels, header, accept)
    return Column(header, required, width, tuple(labels.values()), note, key, parse, blank)


def yes_no_column(
    header: str, *, key: str, blank: bool = True, width: int = 10, note: str | Promise = ""
) -> Column:
    """A 是/否 column; an empty cell means `blank`."""
    return Column(header, False, width, (YES, NO), note, key, boolean(), blank)


def listing(item: Parser | None = None) -> Parser:
    """A list cell (items separated by 、); `item` checks each one, and every bad item is
    reported. Give the column `blank=[]`."""

    def parse(value: str) -> list[Any]:
        items = split_list(value)
        if item is None:
            return items
        values: list[Any] = []
        problems: list[str] = []
        for entry in items:
            try:
                values.append(item(entry))
            except CellError as exc:
                problems.extend(exc.messages)
        if problems:
            raise CellError(*problems)
        return values

    return parse

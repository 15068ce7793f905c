"""Writing xlsx files: every export of the platform goes through `write_workbook`, which puts
each value through `safe_value` (no cell a spreadsheet would run as a formula)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.utils.functional import Promise
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lianxi.lib.sheets.cells import YES, safe_value
from lianxi.lib.sheets.columns import Column

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHOICE_ROWS = 20_000  # how far down a template's drop-down lists reach
BAD_TITLE_RE = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Sheet:
    """One sheet to write: a bold header row (if any), then `rows`. `widths` and `choices` (drop-down
    values) go column by column; `written` counts the rows once the sheet is written."""

    title: str | Promise
    header: Sequence[str | Promise]
    rows: Iterable[Sequence[Any]] = ()
    widths: Sequence[int] = ()
    choices: Sequence[Sequence[str]] = ()
    written: int = field(default=0, init=False)


def columns_sheet(title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> Sheet:
    """A sheet laid out like an import format: its headers, widths and drop-downs."""
    return Sheet(
        title,
        [c.header for c in columns],
        rows,
        widths=[c.width for c in columns],
        choices=[c.choices for c in columns],
    )


def write_workbook(sheets: Iterable[Sheet], *, creator: str = "") -> bytes:
    """A streamed (write-only) workbook of the sheets."""
    workbook = openpyxl.Workbook(write_only=True)
    workbook.properties.creator = creator or "lianxi"
    for spec in sheets:
        _write_sheet(workbook, spec)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(workbook: Any, spec: Sheet) -> None:
    title = BAD_TITLE_RE.sub(" ", str(spec.title))[:31].strip() or "Sheet"
    sheet = workbook.create_sheet(title)
    if spec.header:
        sheet.freeze_panes = "A2"
    for index, width in enumerate(spec.widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for index, choices in enumerate(spec.choices, start=1):
        if choices:
            letter = get_column_letter(index)
            validation = DataValidation(
                type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True
            )
            validation.add(f"{letter}2:{letter}{CHOICE_ROWS + 1}")
            sheet.data_validations.append(validation)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFE8E8E8")
    header: list[Any] = []
    for value in spec.header:
        cell = WriteOnlyCell(sheet, value=safe_value(value))
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center")
        header.append(cell)
    if header:
        sheet.append(header)
    for row in spec.rows:
        sheet.append([safe_value(value) for value in row])
        spec.written += 1


def template_workbook(
    title: str, columns: Sequence[Column], example: Sequence[Any], lines: Sequence[str]
) -> bytes:
    """An import template: the format's headers with drop-downs and one example row, and a
    sheet 填写说明 listing every column (required or not, its note and allowed values) and
    then `lines` of advice."""
    notes: list[list[Any]] = []
    for column in columns:
        allowed = ("可选值：" + "、".join(column.choices)) if column.choices else ""
        text = " ".join(part for part in (str(column.note), allowed) if part)
        notes.append([column.header, YES if column.required else "", text])
    notes.append([])
    notes.extend([line] for line in lines)
    return write_workbook(
        [
            columns_sheet(title, columns, [example]),
            Sheet("填写说明", ["列", "必填", "说明"], notes, widths=[16, 14, 80]),
        ]
    )

"""Excel (xlsx) export and import of deputies, liaison stations and departments.

The file format is Chinese: column headers, enumeration labels and row error messages are
fixed Chinese strings (the file is exchanged with offices that work in Chinese), whatever the
interface language. Explanatory notes for the how-to page are translatable. Reading the file,
the row and column messages and the all-or-nothing writing are `lianxi.lib.sheets`'s; here
are only the directory's columns (formats), what the rows name (lookups), the checks across
rows (checks), the writing (saving) and the export and templates (export).

Import is all-or-nothing: every row is parsed and validated first; any error means nothing
is written. Call `import_workbook` through `lianxi.directory.actions.import_directory`, which
checks permission, holds the transaction and writes the audit event.

Conventions of the format:
- Lists inside one cell are separated by 、 (also accepted: ， , ； ;).
- Areas are given by their 12-digit administrative code.
- A deputy attached to a station is written as 姓名(选区代码), e.g. 李明华(990101000000);
  the bracket may be left out when the name alone is unambiguous.
- A masked phone or email (containing *) means "leave the stored value unchanged", so a
  file exported without contact details can be edited and imported again safely.
- A column left out of the file leaves that field unchanged on existing records.
"""

from __future__ import annotations

from lianxi.directory.excel import checks, saving
from lianxi.directory.excel.export import export_workbook, template_workbook
from lianxi.directory.excel.formats import (
    COLUMNS,
    DEPARTMENTS,
    DEPUTIES,
    KINDS,
    SHEET_TITLES,
    STATIONS,
    example_row,
)
from lianxi.directory.excel.lookups import deputy_may_serve, in_scope
from lianxi.directory.models import Area
from lianxi.lib.sheets import XLSX_CONTENT_TYPE, XLSX_MAGIC, ImportResult, RowError, SheetFormat
from lianxi.lib.sheets import import_table as _import_table

MAX_ROWS = 20_000
MAX_ERRORS = 500  # listed; further errors are only counted

_CHECKS = {
    DEPUTIES: checks.check_deputies,
    STATIONS: checks.check_stations,
    DEPARTMENTS: checks.check_departments,
}
_WRITERS = {
    DEPUTIES: saving.write_deputies,
    STATIONS: saving.write_stations,
    DEPARTMENTS: saving.write_departments,
}

__all__ = [
    "COLUMNS",
    "DEPARTMENTS",
    "DEPUTIES",
    "KINDS",
    "MAX_ERRORS",
    "MAX_ROWS",
    "SHEET_TITLES",
    "STATIONS",
    "XLSX_CONTENT_TYPE",
    "XLSX_MAGIC",
    "ImportResult",
    "RowError",
    "deputy_may_serve",
    "example_row",
    "export_workbook",
    "import_workbook",
    "in_scope",
    "template_workbook",
]


def import_workbook(kind: str, data: bytes, *, scope: Area | None) -> ImportResult:
    """Validate every row; if all are valid, create or update the records in one transaction.

    `scope` is the importer's jurisdiction (None for administrators): rows whose area lies
    outside it are errors. Call through `actions.import_directory`.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    fmt = SheetFormat(COLUMNS[kind], max_rows=MAX_ROWS, max_errors=MAX_ERRORS)
    return _import_table(data, fmt, lambda table: _CHECKS[kind](table, scope), _WRITERS[kind])

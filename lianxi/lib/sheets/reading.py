"""Reading an import file safely: size limit, .xlsx magic bytes, zip-bomb guard, row limit;
CSV (UTF-8 or GBK) where the format allows it. Every failure is a problem in Chinese, never
an exception: the reader raises nothing but its callers' own errors."""

from __future__ import annotations

import copy
import csv
import io
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.conf import settings

from lianxi.lib.sheets.cells import cell_text, normalise_header
from lianxi.lib.sheets.columns import CellError, Column
from lianxi.lib.sheets.errors import Problems

MAX_UNZIPPED_BYTES = 256 * 1024 * 1024  # refuses zip bombs before openpyxl inflates them
XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class SheetFormat:
    """What an import accepts. `max_bytes` None means settings.MAX_IMPORT_BYTES; `csv` also
    accepts .csv files (told apart by the file name); `messages` words problems of the file
    the format's own way (by code, see errors.MESSAGES); `allow_empty` accepts a file with a
    header and no data rows."""

    columns: tuple[Column, ...]
    max_rows: int = 5_000
    max_bytes: int | None = None
    max_errors: int = 500
    csv: bool = False
    allow_empty: bool = False
    messages: Mapping[str, str] = field(default_factory=dict)

    def problems(self) -> Problems:
        return Problems(self.columns, self.messages, self.max_errors)


class Row:
    """One data row: the text of each cell of a known column (`text`), the parsed values of
    the cells that parsed (`values`), and `fail()` to add a problem of this row."""

    def __init__(self, number: int, texts: dict[str, str], problems: Problems) -> None:
        self.number = number
        self.texts = texts
        self.values: dict[str, Any] = {}
        self.problems = problems
        self.failed = False

    def has(self, key: str) -> bool:
        """Whether the file has this column (a column left out often means "unchanged")."""
        return key in self.texts

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def text(self, key: str) -> str:
        return self.texts.get(key, "")

    def fields(self, *leave_out: str) -> dict[str, Any]:
        """The parsed values, without the keys named."""
        return {k: v for k, v in self.values.items() if k not in leave_out}

    def fail(self, key: str | None, detail: str) -> None:
        self.failed = True
        self.problems.add(detail, self.number, key)

    def parse(self, columns: Sequence[Column]) -> None:
        for column in columns:
            key = column.name
            if key not in self.texts:
                continue
            value = self.texts[key]
            if not value:
                if column.required:
                    self.fail(key, self.problems.word("blank"))
                else:
                    self.values[key] = copy.copy(column.blank)
                continue
            try:
                self.values[key] = column.parse(value) if column.parse else value
            except CellError as exc:
                for message in exc.messages:
                    self.fail(key, message)


@dataclass
class Table:
    """The data rows of a file that passed the checks of the file and of its header."""

    rows: list[Row]
    present: set[str]
    problems: Problems


def read_table(
    data: bytes, fmt: SheetFormat, problems: Problems, filename: str = ""
) -> Table | None:
    """Check the file and parse its rows, or return None after adding the file's problems."""
    limit = settings.MAX_IMPORT_BYTES if fmt.max_bytes is None else fmt.max_bytes
    if len(data) > limit:
        problems.refuse("too_large", mb=limit // (1024 * 1024))
        return None
    name = filename.lower()
    if fmt.csv and name.endswith(".csv"):
        table = _read_csv(data, fmt, problems)
    elif fmt.csv and not name.endswith(".xlsx"):
        problems.refuse("wrong_type")
        return None
    else:
        table = _read_xlsx(data, fmt, problems)
    if table is not None:
        for row in table.rows:
            row.parse(fmt.columns)
    return table


def _archive_problem(data: bytes) -> str | None:
    """Why these bytes cannot be opened as an xlsx file at all (None: they may)."""
    if not data.startswith(XLSX_MAGIC):
        return "not_xlsx"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError):
        return "not_xlsx"
    return "unzipped_too_large" if inflated > MAX_UNZIPPED_BYTES else None


def _read_xlsx(data: bytes, fmt: SheetFormat, problems: Problems) -> Table | None:
    code = _archive_problem(data)
    if code is not None:
        problems.refuse(code)
        return None
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on malformed files
        problems.refuse("not_xlsx")
        return None
    try:
        rows = workbook.worksheets[0].iter_rows(min_row=1, values_only=True)  # none: IndexError
        return _table(enumerate(rows, start=1), fmt, problems)
    except Exception:  # a damaged sheet part only fails while being read
        problems.refuse("not_xlsx")
        return None
    finally:
        workbook.close()


def _read_csv(data: bytes, fmt: SheetFormat, problems: Problems) -> Table | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            content = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        try:
            return _table(enumerate(csv.reader(io.StringIO(content, newline="")), 1), fmt, problems)
        except csv.Error:  # a NUL byte, a field over the csv module's size limit
            problems.refuse("not_csv")
            return None
    problems.refuse("not_text")
    return None


def _table(
    rows: Iterator[tuple[int, Sequence[Any]]], fmt: SheetFormat, problems: Problems
) -> Table | None:
    header_number, header = next(
        ((n, values) for n, values in rows if any(cell_text(v) for v in values)), (None, ())
    )
    positions = _positions(header, header_number or 1, fmt.columns, problems)
    missing = [c.header for c in fmt.columns if c.needed and c.name not in positions]
    if missing:
        problems.refuse(
            "empty" if header_number is None else "missing_columns", names="、".join(missing)
        )
    if problems:
        return None
    found: list[Row] = []
    for number, values in rows:
        texts = [cell_text(v) for v in values]
        if not any(texts):
            continue
        if len(found) >= fmt.max_rows:
            problems.refuse("too_many_rows", limit=fmt.max_rows)
            return None
        row = Row(
            number, {k: texts[i] if i < len(texts) else "" for k, i in positions.items()}, problems
        )
        found.append(row)
    if not found and not fmt.allow_empty:
        problems.refuse("no_rows")
        return None
    return Table(found, set(positions), problems)


def _positions(
    header: Sequence[Any], number: int, columns: Sequence[Column], problems: Problems
) -> dict[str, int]:
    """Where each known column stands; a column given twice is a problem."""
    known: dict[str, str] = {}
    for column in columns:
        for spelling in (column.header, *column.aliases):
            known.setdefault(normalise_header(spelling), column.name)
    positions: dict[str, int] = {}
    for index, value in enumerate(header):
        key = known.get(normalise_header(value))
        if key is None:
            continue
        if key in positions:
            header_text = next(c.header for c in columns if c.name == key)
            problems.refuse("duplicate_column", number, column=header_text)
        positions.setdefault(key, index)
    return positions

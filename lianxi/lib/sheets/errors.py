"""Problems of an import file: each names its row (as the spreadsheet numbers it) and column."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lianxi.lib.sheets.columns import Column

# The wording of problems that no parser words; a format may word them its own way.
MESSAGES: dict[str, str] = {
    "too_large": "文件大小超过 %(mb)d MB 的上限，请分成多个文件导入",
    "not_xlsx": "文件不是有效的 Excel（.xlsx）文件，请用模板填写后另存为 .xlsx 格式",
    "unzipped_too_large": "文件解压后过大，请分成多个文件导入",
    "wrong_type": "请上传 .xlsx 或 .csv 文件",
    "not_text": "文件编码既不是 UTF-8 也不是 GBK",
    "not_csv": "文件不是有效的 CSV 文件",
    "empty": "缺少必需的列：%(names)s",  # a file without even a header row
    "missing_columns": "缺少必需的列：%(names)s",
    "duplicate_column": "「%(column)s」列出现了不止一次",
    "too_many_rows": "数据超过 %(limit)d 行的上限，请分成多个文件导入",
    "no_rows": "文件中没有数据行（第1行是表头，数据从第2行开始）",
    "blank": "不能为空",
    "conflict": "导入时有其他人同时修改了这些记录，未导入任何数据，请重新上传文件",
    "more": "另有 %(count)d 处错误未列出，请先改正以上错误",
}


@dataclass(frozen=True)
class RowError:
    """One problem; `row` is the row number as the spreadsheet shows it (None: the file),
    `column` the header of the column. `code` names the kind of a file-level problem."""

    detail: str
    row: int | None = None
    column: str | None = None
    code: str = ""

    def __str__(self) -> str:
        if self.row is None:
            return self.detail
        if self.column is None:
            return f"第{self.row}行：{self.detail}"
        return f"第{self.row}行「{self.column}」：{self.detail}"


class RowInvalid(Exception):
    """Raised by a row handler or a save step to refuse a row: nothing is imported.
    `column` is a column's key or header."""

    def __init__(self, detail: str, *, row: int | None = None, column: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.row = row
        self.column = column


class Problems:
    """Collects problems; lists the first `limit` and counts the rest."""

    def __init__(
        self,
        columns: Sequence[Column],
        messages: Mapping[str, str] | None = None,
        limit: int = 500,
    ) -> None:
        self.columns = columns
        self.messages = messages or {}
        self.limit = limit
        self.items: list[RowError] = []
        self.hidden = 0
        self._headers = {c.name: c.header for c in columns}

    def word(self, code: str, **params: Any) -> str:
        """The message of a problem of kind `code`, in the format's own wording if it has one."""
        return str(self.messages.get(code) or MESSAGES[code]) % params

    def add(
        self, detail: str, row: int | None = None, column: str | None = None, code: str = ""
    ) -> None:
        if len(self.items) < self.limit:
            header = self._headers.get(column, column) if column is not None else None
            self.items.append(RowError(detail, row, header, code))
        else:
            self.hidden += 1

    def refuse(self, code: str, row: int | None = None, **params: Any) -> None:
        """A problem of the file as a whole (or of its header row)."""
        self.add(self.word(code, **params), row, code=code)

    def __bool__(self) -> bool:
        return bool(self.items)

    def final(self) -> list[RowError]:
        """In row order, and within a row in the order of the columns."""
        position = {column.header: index for index, column in enumerate(self.columns)}
        items = sorted(self.items, key=lambda e: (e.row or 0, position.get(e.column or "", -1)))
        if self.hidden:
            items.append(RowError(self.word("more", count=self.hidden), code="more"))
        return items

"""Spreadsheet import and export, shared by every app that exchanges xlsx (or CSV) files.

Import, in three steps (see docs/architecture.md, "Spreadsheet import and export"):

    COLUMNS = (
        Column("代表姓名", required=True, key="name", parse=text(40)),
        Column("意见", required=True, key="opinion", parse=text(2000)),
        Column("日期", key="day", parse=day(), blank=None, aliases=("提交日期",)),
    )
    FORMAT = SheetFormat(COLUMNS, max_rows=2_000)

    def handle(row: Row) -> Opinion | None:        # one parsed row → an object
        deputy = deputies.get(row.get("name"))
        if deputy is None:
            row.fail("name", "找不到这位代表")          # or raise RowInvalid(...)
        return Opinion(deputy=deputy, text=row.get("opinion"), ...)

    result = import_rows(data, FORMAT, handle)     # inside the app's @action
    result.ok, result.created, result.messages     # 第3行「意见」：超过 2000 个字的上限

Nothing is written unless every row is fine; the messages name the row as the spreadsheet
numbers it and the column by its header. Apps that check rows against each other or fetch
what the rows name in a few queries use `import_table(data, FORMAT, check, save)`.

Export: `write_workbook([Sheet(title, header, rows)])` (or `columns_sheet` for a file laid out
like an import format) and `template_workbook(...)` for the import template. Every value
goes through `safe_value`, so no cell is ever run as a formula.
"""

from lianxi.lib.sheets.cells import cell_text, safe_value, show, split_list
from lianxi.lib.sheets.columns import (
    CellError,
    Column,
    Parser,
    boolean,
    choice,
    choice_column,
    day,
    decimal,
    email,
    integer,
    listing,
    mobile,
    phone,
    text,
    yes_no_column,
)
from lianxi.lib.sheets.errors import MESSAGES, Problems, RowError, RowInvalid
from lianxi.lib.sheets.importing import (
    Counts,
    ImportResult,
    import_rows,
    import_table,
    repeats,
    save_instances,
)
from lianxi.lib.sheets.reading import XLSX_MAGIC, Row, SheetFormat, Table, read_table
from lianxi.lib.sheets.writing import (
    XLSX_CONTENT_TYPE,
    Sheet,
    columns_sheet,
    template_workbook,
    write_workbook,
)

__all__ = [
    "MESSAGES",
    "XLSX_CONTENT_TYPE",
    "XLSX_MAGIC",
    "CellError",
    "Column",
    "Counts",
    "ImportResult",
    "Parser",
    "Problems",
    "Row",
    "RowError",
    "RowInvalid",
    "Sheet",
    "SheetFormat",
    "Table",
    "boolean",
    "cell_text",
    "choice",
    "choice_column",
    "columns_sheet",
    "day",
    "decimal",
    "email",
    "import_rows",
    "import_table",
    "integer",
    "listing",
    "mobile",
    "phone",
    "read_table",
    "repeats",
    "safe_value",
    "save_instances",
    "show",
    "split_list",
    "template_workbook",
    "text",
    "write_workbook",
    "yes_no_column",
]

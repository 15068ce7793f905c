"""lianxi.lib.sheets, export side: no exported cell is ever a formula, numbers stay numbers,
what is exported imports back unchanged, and every export of the platform uses the writer."""

from __future__ import annotations

import ast
import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from lianxi.lib import sheets
from lianxi.lib.sheets import Column, Sheet, SheetFormat, safe_value, write_workbook

DANGEROUS = [
    "=1+2",
    "+1",
    "-1",
    "@SUM(A1)",
    '=HYPERLINK("http://evil.example","x")',
    "\t=1",
    "\r=1",
]


def cells_of(content: bytes, index: int = 0) -> list[list[Any]]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[index]
    return [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows()]


def sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(
            archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml")
        )


def test_text_that_a_spreadsheet_would_run_is_written_as_quoted_text() -> None:
    content = write_workbook([Sheet("表", ["=标题"], [[value] for value in DANGEROUS])])
    rows = cells_of(content)
    assert rows[0] == [("'=标题", "s")]
    assert rows[1:] == [[("'" + value, "s")] for value in DANGEROUS]
    assert "<f>" not in sheet_xml(content) and "<f " not in sheet_xml(content)


def test_numbers_stay_numbers_negative_ones_too() -> None:
    content = write_workbook([Sheet("表", ["数"], [[-5, -1.5, Decimal("-2.25"), 0, "-"]])])
    assert cells_of(content)[1] == [(-5, "n"), (-1.5, "n"), (-2.25, "n"), (0, "n"), ("'-", "s")]


def test_characters_an_xlsx_cannot_hold_and_overlong_text() -> None:
    assert safe_value("a\x00b\x1fc") == "abc"
    assert len(safe_value("长" * 40_000)) == sheets.cells.MAX_CELL_CHARS
    content = write_workbook([Sheet("a/b:c?", ["x"], [["a\x00b"]])])
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["a b c"]
    assert workbook.worksheets[0]["A2"].value == "ab"


TEXT = st.text(max_size=60) | st.tuples(st.sampled_from("=+-@'\t\r"), st.text(max_size=20)).map(
    "".join
)


@given(st.lists(TEXT, min_size=1, max_size=5))
@settings(max_examples=100, deadline=None)
def test_what_is_exported_imports_back_unchanged(values: list[str]) -> None:
    fmt = SheetFormat((Column("值", key="value"),), allow_empty=True)
    content = write_workbook([Sheet("表", ["值"], [[v] for v in values])])
    problems = fmt.problems()
    table = sheets.read_table(content, fmt, problems)
    assert table is not None, problems.final()
    # Unchanged but for the control characters that an xlsx file cannot hold.
    kept = [sheets.cell_text(ILLEGAL_CHARACTERS_RE.sub("", v)) for v in values]
    expected = [v for v in kept if v]
    assert [row.text("value") for row in table.rows] == expected


def test_template_has_headers_drop_downs_example_and_notes() -> None:
    columns = (
        Column("名称", True, 20, note="按名称匹配"),
        Column("类型", False, 10, ("甲类", "乙类")),
    )
    content = sheets.template_workbook("示例", columns, ["=例子", "甲类"], ["第一条说明"])
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["示例", "填写说明"]
    data, notes = workbook.worksheets
    assert [[c.value for c in row] for row in data.iter_rows()] == [
        ["名称", "类型"],
        ["'=例子", "甲类"],
    ]
    assert [v.sqref for v in data.data_validations.dataValidation] == ["B2:B20001"]
    assert [[c.value for c in row] for row in notes.iter_rows()] == [
        ["列", "必填", "说明"],
        ["名称", "是", "按名称匹配"],
        ["类型", None, "可选值：甲类、乙类"],
        [None, None, None],
        ["第一条说明", None, None],
    ]


# ---------------------------------------------------------------------------------------
# Every export of the platform


def test_only_the_shared_module_touches_openpyxl() -> None:
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.rglob("*.py"):
        rel = path.relative_to(root)
        if "tests" in rel.parts or rel.parts[:2] == ("lib", "sheets"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            if any(name.split(".")[0] == "openpyxl" for name in names):
                offenders.append(str(rel))
    assert offenders == [], "write xlsx through lianxi.lib.sheets"


def test_liaison_and_stats_exports_quote_formulas() -> None:
    from lianxi.liaison import exports as liaison
    from lianxi.stats import exports as stats

    content = liaison.workbook("走访", ["社区"], [["=1+2", -3]])
    assert cells_of(content)[1] == [("'=1+2", "s"), (-3, "n")]
    item = dict.fromkeys(
        ["cases", "declined", "merged", "answered", "in_time_share", "mean_days"], -1
    )
    item |= dict.fromkeys(["closed", "solved", "deputy_satisfaction", "dept_satisfaction"], 0)
    content = stats.workbook("统计", [("@区", "+东湖区")], [item | {"name": "@张三"}])
    assert cells_of(content)[1][:2] == [("'@张三", "s"), (-1, "n")]
    assert cells_of(content, 1) == [[("'@区", "s"), ("'+东湖区", "s")]]

"""lianxi.lib.sheets, import side: a tiny fake format, the checks of the file and its header,
one message per bad row and column, the limits, all-or-nothing writing, and a reader that
never raises on whatever bytes it is given."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from typing import Any

import openpyxl
import pytest
from django.db import IntegrityError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lianxi.directory.models import Expertise
from lianxi.lib import sheets
from lianxi.lib.sheets import (
    CellError,
    Column,
    Counts,
    Row,
    RowInvalid,
    SheetFormat,
    boolean,
    day,
    import_rows,
    integer,
    listing,
    reading,
    text,
)

COLUMNS = (
    Column("名称", True, key="name", parse=text(10)),
    Column("数量", True, key="count", parse=integer(0, 100)),
    Column("日期", key="day", parse=day(), blank=None, aliases=("提交日期",)),
    Column("是否有效", key="valid", parse=boolean(), blank=True),
    Column("标签", key="tags", parse=listing(text(4)), blank=[]),
)
FORMAT = SheetFormat(COLUMNS, max_rows=5, max_bytes=1024 * 1024)
HEADER = ["名称", "数量", "日期", "是否有效", "标签"]


def xlsx(*rows: list[Any]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read(data: bytes, fmt: SheetFormat = FORMAT, filename: str = "") -> tuple[Any, list[str]]:
    problems = fmt.problems()
    table = sheets.read_table(data, fmt, problems, filename)
    return table, [str(e) for e in problems.final()]


def messages(data: bytes, fmt: SheetFormat = FORMAT, filename: str = "") -> list[str]:
    return read(data, fmt, filename)[1]


# ---------------------------------------------------------------------------------------
# Reading good files


def test_rows_are_parsed_by_their_columns() -> None:
    data = xlsx(
        ["备注", "名称*", "数量", "提交日期", "标签"],  # unknown column, marked header, alias
        ["不管", "甲", 3, datetime(2026, 3, 1), "红、绿，红"],
        [None, None, None, None, None],
        ["", " 乙\u3000", "4", "2026年3月2日", ""],
    )
    table, problems = read(data)
    assert problems == []
    assert table.present == {"name", "count", "day", "tags"}
    first, second = table.rows
    assert (first.number, second.number) == (2, 4)  # as the spreadsheet numbers them
    assert first.values == {"name": "甲", "count": 3, "day": date(2026, 3, 1), "tags": ["红", "绿"]}
    assert second.values == {"name": "乙", "count": 4, "day": date(2026, 3, 2), "tags": []}
    assert not first.has("valid") and first.get("valid") is None


def test_header_may_follow_blank_rows() -> None:
    table, problems = read(xlsx([None], ["名称", "数量"], ["甲", 1]))
    assert problems == [] and table.rows[0].number == 3


def test_csv_in_utf8_and_gbk_when_the_format_allows_it() -> None:
    fmt = SheetFormat(COLUMNS, csv=True)
    for encoding in ("utf-8-sig", "gb18030"):
        data = "名称,数量\n甲,7\n".encode(encoding)
        table, problems = read(data, fmt, "a.CSV")
        assert problems == [] and table.rows[0].values == {"name": "甲", "count": 7}
    assert messages(xlsx(["名称", "数量"], ["甲", 1]), fmt, "a.xlsx") == []
    assert messages(b"x", fmt, "a.pdf") == ["请上传 .xlsx 或 .csv 文件"]
    assert messages(b"\xff\xfe\x81\x30\x81", fmt, "a.csv") == ["文件编码既不是 UTF-8 也不是 GBK"]
    assert messages("名称,数量\n甲,1\n".encode(), FORMAT, "a.csv") == [
        "文件不是有效的 Excel（.xlsx）文件，请用模板填写后另存为 .xlsx 格式"
    ]


# ---------------------------------------------------------------------------------------
# Problems: one message per bad row and column, in row and column order


def test_one_message_per_bad_row_and_column() -> None:
    data = xlsx(
        HEADER,
        ["甲", 5, "2026-02-30", "也许", "好、太长的标签、很长很长的"],
        ["", "x", None, None, None],
        ["名字超过了十个字的上限啊", 101, "3/1/2026", "否", None],
    )
    assert messages(data) == [
        "第2行「日期」：“2026-02-30”不是有效的日期，应写成 2026-03-01 这样的格式",
        "第2行「是否有效」：“也许”应为 是 或 否",
        "第2行「标签」：超过 4 个字的上限",
        "第2行「标签」：超过 4 个字的上限",
        "第3行「名称」：不能为空",
        "第3行「数量」：“x”不是整数",
        "第4行「名称」：超过 10 个字的上限",
        "第4行「数量」：“101”应在 0 到 100 之间",
        "第4行「日期」：“3/1/2026”不是有效的日期，应写成 2026-03-01 这样的格式",
    ]


def test_bad_headers() -> None:
    assert messages(xlsx(["名称", "备注"], ["甲", "x"])) == ["缺少必需的列：数量"]
    assert messages(xlsx(["名称", "数量", "日期", "提交日期"], ["甲", 1, None, None])) == [
        "第1行：「日期」列出现了不止一次"
    ]
    assert messages(xlsx()) == ["缺少必需的列：名称、数量"]
    assert messages(xlsx(HEADER)) == ["文件中没有数据行（第1行是表头，数据从第2行开始）"]
    table, problems = read(xlsx(HEADER), SheetFormat(COLUMNS, allow_empty=True))
    assert problems == [] and table.rows == []


def test_a_format_may_word_problems_its_own_way() -> None:
    fmt = SheetFormat(
        COLUMNS, messages={"missing_columns": "Missing: %(names)s", "blank": "empty cell"}
    )
    assert messages(xlsx(["名称"], ["甲"]), fmt) == ["Missing: 数量"]
    assert messages(xlsx(["名称", "数量"], ["", 1]), fmt) == ["第2行「名称」：empty cell"]


def test_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [["甲", 1]] * 6
    assert messages(xlsx(["名称", "数量"], *rows)) == ["数据超过 5 行的上限，请分成多个文件导入"]
    big = sheets.XLSX_MAGIC + b"0" * (1024 * 1024)
    assert messages(big) == ["文件大小超过 1 MB 的上限，请分成多个文件导入"]
    monkeypatch.setattr(reading, "MAX_UNZIPPED_BYTES", 1000)
    assert messages(xlsx(["名称", "数量"], *rows[:5])) == ["文件解压后过大，请分成多个文件导入"]


def test_errors_beyond_the_limit_are_counted() -> None:
    fmt = SheetFormat(COLUMNS, max_errors=2)
    assert messages(xlsx(["名称", "数量"], *[["", "x"]] * 3), fmt) == [
        "第2行「名称」：不能为空",
        "第2行「数量」：“x”不是整数",
        "另有 4 处错误未列出，请先改正以上错误",
    ]


@pytest.mark.parametrize(
    "data",
    [b"", b"name,count\n", b"PK\x03\x04 truncated", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 xls"],
)
def test_files_that_are_not_xlsx(data: bytes) -> None:
    assert messages(data) == ["文件不是有效的 Excel（.xlsx）文件，请用模板填写后另存为 .xlsx 格式"]


def test_a_bug_in_a_parser_is_not_mistaken_for_a_bad_file() -> None:
    def broken(value: str) -> str:
        raise KeyError(value)

    fmt = SheetFormat((Column("名称", True, key="name", parse=broken),))
    with pytest.raises(KeyError):
        read(xlsx(["名称"], ["甲"]), fmt)


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@given(st.binary(max_size=2000) | st.binary(max_size=2000).map(sheets.XLSX_MAGIC.__add__))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_reader_never_raises_on_random_bytes(data: bytes) -> None:
    for fmt, name in ((FORMAT, ""), (SheetFormat(COLUMNS, csv=True), "a.csv")):
        table, problems = read(data, fmt, name)
        assert (table is None) == bool(problems)


PARTS = st.sampled_from(
    ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]
)


@given(st.dictionaries(PARTS, st.binary(max_size=300) | st.just(b"<?xml version='1.0'?><a/>")))
@settings(max_examples=100, deadline=None)
def test_reader_never_raises_on_random_zips(members: dict[str, bytes]) -> None:
    table, problems = read(zip_of(members))
    assert table is None and problems


# ---------------------------------------------------------------------------------------
# All or nothing (on whichever database the suite runs)


def handle(row: Row) -> Expertise | None:
    if row.get("count") == 13:
        raise RowInvalid("不吉利", column="count")
    return Expertise(name=row.get("name"))


def test_import_rows_creates_and_counts(db: Any) -> None:
    Expertise.objects.create(name="旧")
    data = xlsx(["名称", "数量"], ["甲", 1], ["乙", 2])
    result = import_rows(data, FORMAT, handle)
    assert result.ok and (result.rows, result.created, result.updated) == (2, 2, 0)
    assert sorted(Expertise.objects.values_list("name", flat=True)) == ["乙", "旧", "甲"]


def test_any_bad_row_imports_nothing(db: Any) -> None:
    data = xlsx(["名称", "数量"], ["甲", 1], ["乙", 13], ["丙", "x"])
    result = import_rows(data, FORMAT, handle)
    assert result.messages == ["第3行「数量」：不吉利", "第4行「数量」：“x”不是整数"]
    assert (result.created, result.updated) == (0, 0)
    assert not Expertise.objects.exists()


def save_then_refuse(items: list[Expertise]) -> Counts:
    for item in items:
        item.save()
    raise RowInvalid("写入时出错", row=3, column="name")


def save_a_clash(items: list[Expertise]) -> Counts:
    for item in items:
        item.save()
    raise IntegrityError("duplicate key")


@pytest.mark.parametrize(
    ("save", "message"),
    [
        (save_then_refuse, "第3行「名称」：写入时出错"),
        (save_a_clash, "导入时有其他人同时修改了这些记录，未导入任何数据，请重新上传文件"),
    ],
)
def test_a_failure_while_saving_rolls_everything_back(save: Any, message: str, db: Any) -> None:
    data = xlsx(["名称", "数量"], ["甲", 1], ["乙", 2])
    result = import_rows(data, FORMAT, handle, save)
    assert result.messages == [message] and result.created == 0
    assert not Expertise.objects.exists()
    Expertise.objects.create(name="之后")  # the surrounding transaction is still usable
    assert Expertise.objects.count() == 1


def test_a_real_unique_clash_rolls_back_in_a_committed_transaction(transactional_db: Any) -> None:
    Expertise.objects.create(name="乙")
    data = xlsx(["名称", "数量"], ["甲", 1], ["乙", 2])
    result = import_rows(data, FORMAT, handle)
    assert result.messages == ["导入时有其他人同时修改了这些记录，未导入任何数据，请重新上传文件"]
    assert list(Expertise.objects.values_list("name", flat=True)) == ["乙"]


def test_updated_instances_are_counted_as_updated(db: Any) -> None:
    stored = Expertise.objects.create(name="甲")

    def rename(row: Row) -> Expertise:
        stored.name = row["name"]
        return stored

    result = import_rows(xlsx(["名称", "数量"], ["甲二", 1]), FORMAT, rename)
    assert (result.created, result.updated) == (0, 1)
    assert Expertise.objects.get().name == "甲二"


# ---------------------------------------------------------------------------------------
# Cells and parsers


def test_cell_text() -> None:
    assert sheets.cell_text(17.0) == "17" and sheets.cell_text(1.5) == "1.5"
    assert sheets.cell_text(True) == "是" and sheets.cell_text(None) == ""
    assert sheets.cell_text(datetime(2026, 3, 1, 9, 30)) == "2026-03-01 09:30:00"
    assert sheets.cell_text("\ufeff 甲\u200b\u00a0") == "甲"
    assert sheets.cell_text("'=1+2") == "=1+2"  # the quote our exports add comes off
    assert sheets.cell_text("'引号") == "'引号"


def test_repeats() -> None:
    found = sheets.repeats([(2, "a"), (3, "b"), (4, "a"), (5, "a")])
    assert list(found) == [(4, 2), (5, 2)]


def test_listing_reports_every_bad_item() -> None:
    with pytest.raises(CellError) as refused:
        listing(integer(1, 9))("1、x、20")
    assert refused.value.messages == ("“x”不是整数", "“20”应在 1 到 9 之间")

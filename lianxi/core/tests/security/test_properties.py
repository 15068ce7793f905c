"""Properties (quality.md test 23): masking is idempotent and shows at most 7 digits of a phone
number; the notice sanitiser lets no script or event handler through; the sheet importers and
the .docx draft parser raise nothing but their own validation errors, whatever the bytes.

A few examples per property in CI; `make fuzz` runs 1000 (LIANXI_PROPERTY_EXAMPLES)."""

from __future__ import annotations

import io
import os
import re
import zipfile
from typing import Any

import html5lib
import openpyxl
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from lianxi.cases.hotline import PRESETS
from lianxi.cases.hotline import sheet_format as hotline_format
from lianxi.committee.text import sanitise
from lianxi.core.errors import InvalidInput
from lianxi.directory.excel.formats import COLUMNS as DIRECTORY_COLUMNS
from lianxi.legislation.actions.comments import sheet_format as comments_format
from lianxi.legislation.drafts import docx_text, parse
from lianxi.lib.masking import IDNO_RE, PHONE_RE, mask_phone, mask_text
from lianxi.lib.sheets import SheetFormat, read_table

EXAMPLES = int(os.environ.get("LIANXI_PROPERTY_EXAMPLES", "60"))
SEED = int(os.environ.get("LIANXI_FUZZ_SEED", "27"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
DIGITS = re.compile(r"\d")

phone_like = st.from_regex(r"1[3-9]\d{9}", fullmatch=True)
id_like = st.from_regex(r"\d{17}[\dXx]", fullmatch=True)
noise = st.text(alphabet="0123456789*Xx -+()（）电话手机号码：:,，\n", max_size=30)
text_with_numbers = st.lists(st.one_of(phone_like, id_like, noise, st.text(max_size=10))).map(
    "".join
)


@seed(SEED)
@SETTINGS
@given(st.one_of(phone_like, noise, st.text(max_size=30)))
def test_mask_phone_is_idempotent_and_shows_at_most_7_digits(phone: str) -> None:
    once = mask_phone(phone)
    assert mask_phone(once) == once
    assert len(DIGITS.findall(once)) <= 7


def test_mask_phone_counts_decimal_digits_only() -> None:
    """Found by atheris (make fuzz-atheris): "³" is a digit to str.isdigit(), so "3…1…³8"
    masked to "****³8" and again to "****": not idempotent, and a superscript shown."""
    once = mask_phone("3\ufffd|1\x19kJ³8")
    assert once == "****" and mask_phone(once) == once
    assert mask_phone("１３８１２３４５６７８") == "１３８****５６７８"  # full-width: still a phone


@seed(SEED)
@SETTINGS
@given(text_with_numbers)
def test_mask_text_is_idempotent_and_leaves_no_number(text: str) -> None:
    once = mask_text(text)
    assert mask_text(once) == once
    assert not PHONE_RE.search(once) and not IDNO_RE.search(once)
    for number in PHONE_RE.findall(text):
        assert "".join(number) not in once


attack = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "<svg onload=alert(1)>",
        '<p onclick="x()">',
        "<iframe src=//evil>",
        "<style>@import 'x'</style>",
        '<a href="jav&#x09;ascript:alert(1)">',
        "<math><mi xlink:href=javascript:alert(1)>",
        "<scr<script>ipt>alert(1)</script>",
        "<table background=javascript:alert(1)>",
        '<a href=" javascript:alert(1)" onmouseover=x>y</a>',
        "<!--<script>-->",
        "<![CDATA[<script>]]>",
    ]
)
markup = st.lists(
    st.one_of(attack, st.text(alphabet="<>/=\"' abcdehilmnoprstvx:;&#()", max_size=20))
).map("".join)


@seed(SEED)
@SETTINGS
@given(markup)
def test_the_sanitiser_lets_no_script_through(body: str) -> None:
    clean = sanitise(body)
    tree = html5lib.parse(clean, treebuilder="etree", namespaceHTMLElements=False)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in ("script", "style", "iframe", "svg", "math", "object", "embed")
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), clean
            squeezed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            assert not squeezed.startswith(("javascript:", "data:", "vbscript:")), clean


# ---- the importers -------------------------------------------------------------------------

FORMATS: list[tuple[str, SheetFormat]] = [
    *((f"directory {kind}", SheetFormat(columns)) for kind, columns in DIRECTORY_COLUMNS.items()),
    ("hotline", hotline_format(PRESETS["12345"])),
    ("offline comments", comments_format()),
]


def headers(fmt: SheetFormat) -> list[str]:
    return [column.header for column in fmt.columns]


cell = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["2026-02-30", "13812345678", "=1+1", "是", "否", "0", "", "\x00", "1e999"]),
    st.booleans(),
    st.none(),
)


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """What a spreadsheet or Word file can hold (the writers refuse control characters)."""
    return CONTROL.sub("", text)


def xlsx(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append([xml_safe(value) if isinstance(value, str) else value for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@st.composite
def sheet_file(draw: Any) -> tuple[int, str, bytes]:
    which = draw(st.integers(min_value=0, max_value=len(FORMATS) - 1))
    fmt = FORMATS[which][1]
    header = draw(st.one_of(st.just(headers(fmt)), st.lists(st.text(max_size=8), max_size=6)))
    rows = [header, *draw(st.lists(st.lists(cell, max_size=len(header) + 2), max_size=6))]
    kind = draw(st.sampled_from(["xlsx", "csv", "mutated", "zip", "bytes"]))
    if kind == "csv":
        text = "\n".join(",".join(str(v) for v in row) for row in rows)
        encoding = draw(st.sampled_from(["utf-8", "gb18030", "utf-16"]))
        return which, "sheet.csv", text.encode(encoding, errors="replace")
    if kind == "bytes":
        return which, draw(st.sampled_from(["a.xlsx", "a.csv", "a"])), draw(st.binary(max_size=300))
    if kind == "zip":
        names = st.sampled_from(
            ["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "_rels/.rels"]
        )
        members = draw(st.dictionaries(names, st.binary(max_size=200), max_size=4))
        return which, "a.xlsx", zipped(members)
    data = bytearray(xlsx(rows))
    if kind == "mutated":
        for _ in range(draw(st.integers(min_value=1, max_value=8))):
            at = draw(st.integers(min_value=0, max_value=len(data) - 1))
            data[at] = draw(st.integers(min_value=0, max_value=255))
    return which, "sheet.xlsx", bytes(data)


@seed(SEED)
@SETTINGS
@given(sheet_file())
def test_sheet_importers_raise_nothing_of_their_own(file: tuple[int, str, bytes]) -> None:
    """read_table answers a table or problems in Chinese, never an exception."""
    which, name, data = file
    fmt = FORMATS[which][1]
    problems = fmt.problems()
    table = read_table(data, fmt, problems, name)
    assert table is not None or problems
    for problem in problems.final():
        assert isinstance(problem.detail, str) and problem.detail


def docx(paragraphs: list[str]) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(xml_safe(text))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


draft_line = st.one_of(
    st.from_regex(r"第[一二三四五六七八九十百零〇两]{1,4}[章节条]\s?.{0,12}", fullmatch=True),
    st.from_regex(r"[（(][一二三四五六七八九十]{1,3}[)）].{0,10}", fullmatch=True),
    st.text(max_size=40),
)


@st.composite
def word_file(draw: Any) -> bytes:
    kind = draw(st.sampled_from(["docx", "mutated", "zip", "bytes"]))
    if kind == "bytes":
        return bytes(draw(st.binary(max_size=300)))
    if kind == "zip":
        names = st.sampled_from(
            ["[Content_Types].xml", "word/document.xml", "_rels/.rels", "docProps/core.xml"]
        )
        return zipped(draw(st.dictionaries(names, st.binary(max_size=200), max_size=4)))
    data = bytearray(docx(draw(st.lists(draft_line, max_size=8))))
    if kind == "mutated":
        for _ in range(draw(st.integers(min_value=1, max_value=8))):
            at = draw(st.integers(min_value=0, max_value=len(data) - 1))
            data[at] = draw(st.integers(min_value=0, max_value=255))
    return bytes(data)


@seed(SEED)
@SETTINGS
@given(word_file())
def test_the_draft_parser_raises_only_its_validation_error(data: bytes) -> None:
    try:
        parse(docx_text(data))
    except InvalidInput as refused:
        assert str(refused) and refused.field in ("file", "text")


@seed(SEED)
@SETTINGS
@given(st.lists(draft_line, max_size=30).map("\n".join))
def test_pasted_drafts_raise_only_the_validation_error(text: str) -> None:
    try:
        draft = parse(text)
    except InvalidInput as refused:
        assert str(refused) and refused.field == "text"
    else:
        assert draft is not None


def _newer_zip(names: list[str]) -> bytes:
    """A zip whose central directory asks for a version Python cannot extract (11.6)."""
    data = bytearray(zipped(dict.fromkeys(names, b"<x/>")))
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        data[at + 6 : at + 8] = (116).to_bytes(2, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def test_a_zip_of_a_newer_version_is_refused_not_raised() -> None:
    """Found by atheris (make fuzz-atheris): zipfile raises NotImplementedError("zip file
    version 11.6") for such a file, which the .docx and .xlsx readers let through (a 500)."""
    try:
        docx_text(_newer_zip(["word/document.xml", "[Content_Types].xml"]))
    except InvalidInput as refused:
        assert refused.field == "file"
    else:
        raise AssertionError("accepted")
    fmt = FORMATS[0][1]
    problems = fmt.problems()
    data = _newer_zip(["xl/workbook.xml", "[Content_Types].xml"])
    assert read_table(data, fmt, problems, "sheet.xlsx") is None
    assert [p.detail for p in problems.final()]

"""Coverage-guided fuzzing of the project's parsers with atheris (quality.md row 23: "atheris on
CSV import and parsers … 0 crashes in 10 min"). One target per process, as libFuzzer wants:

    scripts/fuzz_atheris.py sheet    # the sheet importers (xlsx, csv: directory, hotline, comments)
    scripts/fuzz_atheris.py docx     # the .docx draft reader and the draft parser
    scripts/fuzz_atheris.py sanitise # the notice sanitiser: no script, style, on* or javascript:
    scripts/fuzz_atheris.py mask     # mask_phone / mask_text: idempotent, no full number left

Further arguments go to libFuzzer (`-max_total_time=60`, `-runs=…`). Each run starts from a
corpus of valid files made here (a well-formed sheet per format, a draft in Word), so the
mutations begin inside the formats. A finding is an exception the parser does not own (a
sheet importer raises nothing; the draft parser only InvalidInput) or a broken property; the
input is saved as `crash-…` in the working directory and the exit status is non-zero.
`make fuzz-atheris` runs each target for ATHERIS_SECONDS (60; 600 for the 10-minute criterion)."""

from __future__ import annotations

import io
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianxi.settings")
os.environ.setdefault("LIANXI_TESTING", "1")

import atheris
import django

# Coverage feedback from the project and the file libraries it parses with (instrumented as
# they load; instrumenting everything already loaded would take minutes).
with atheris.instrument_imports(include=["lianxi", "openpyxl", "docx"]):
    django.setup()

    from lianxi.cases.hotline import PRESETS
    from lianxi.cases.hotline import sheet_format as hotline_format
    from lianxi.committee.text import sanitise
    from lianxi.core.errors import InvalidInput
    from lianxi.directory.excel.formats import COLUMNS as DIRECTORY_COLUMNS
    from lianxi.legislation.actions.comments import sheet_format as comments_format
    from lianxi.legislation.drafts import docx_text, parse
    from lianxi.lib.masking import IDNO_RE, PHONE_RE, mask_phone, mask_text
    from lianxi.lib.sheets import SheetFormat, read_table

FORMATS = [
    *(SheetFormat(columns) for columns in DIRECTORY_COLUMNS.values()),
    hotline_format(PRESETS["12345"]),
    comments_format(),
]
NAMES = ["sheet.xlsx", "sheet.csv", "sheet"]
DIGITS = re.compile(r"\d")
BANNED_TAGS = ("script", "style", "iframe", "svg", "math", "object", "embed")


# ---- targets -------------------------------------------------------------------------------


def sheet(data: bytes) -> None:
    if len(data) < 2:
        return
    fmt = FORMATS[data[0] % len(FORMATS)]
    name = NAMES[data[1] % len(NAMES)]
    problems = fmt.problems()
    table = read_table(data[2:], fmt, problems, name)
    if table is None and not problems:
        raise AssertionError("no table and no problem")
    for problem in problems.final():
        if not (isinstance(problem.detail, str) and problem.detail):
            raise AssertionError(f"a problem without a message: {problem!r}")


def docx(data: bytes) -> None:
    try:
        parse(docx_text(data))
    except InvalidInput as refused:
        if not str(refused) or refused.field not in ("file", "text"):
            raise AssertionError(f"refusal without a message or field: {refused!r}") from None


def sanitised(data: bytes) -> None:
    import html5lib

    clean = sanitise(data.decode("utf-8", errors="replace"))
    tree = html5lib.parse(clean, treebuilder="etree", namespaceHTMLElements=False)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in BANNED_TAGS:
            raise AssertionError(f"<{element.tag}> through the sanitiser: {clean!r}")
        for attr, value in element.attrib.items():
            if attr.lower().startswith("on"):
                raise AssertionError(f"{attr} through the sanitiser: {clean!r}")
            squeezed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if squeezed.startswith(("javascript:", "data:", "vbscript:")):
                raise AssertionError(f"{squeezed[:20]} through the sanitiser: {clean!r}")


def mask(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    once = mask_phone(text)
    if mask_phone(once) != once or len(DIGITS.findall(once)) > 7:
        raise AssertionError(f"mask_phone({text!r}) = {once!r}")
    masked = mask_text(text)
    if mask_text(masked) != masked:
        raise AssertionError(f"mask_text not idempotent on {text!r}")
    if PHONE_RE.search(masked) or IDNO_RE.search(masked):
        raise AssertionError(f"a number left by mask_text: {masked!r}")


TARGETS = {"sheet": sheet, "docx": docx, "sanitise": sanitised, "mask": mask}


# ---- the starting corpus -------------------------------------------------------------------


def _xlsx(rows: list[list[object]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _docx(paragraphs: list[str]) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def seeds(target: str) -> list[bytes]:
    if target == "sheet":
        found = []
        for i, fmt in enumerate(FORMATS):
            header = [column.header for column in fmt.columns]
            row = ["13812345678" if "电话" in h else "示例" for h in header]
            found.append(bytes([i, 0]) + _xlsx([header, row]))
            csv = "\n".join(",".join(r) for r in (header, row)).encode("utf-8")
            found.append(bytes([i, 1]) + csv)
        return found
    if target == "docx":
        return [
            _docx(["第一章 总则", "第一条 为了规范管理，制定本条例。", "（一）适用范围；"]),
            _docx(["第一条 本办法自公布之日起施行。"]),
        ]
    if target == "sanitise":
        return [
            b"<p>\xe9\x80\x9a\xe7\x9f\xa5<a href='/x'>\xe9\x99\x84\xe4\xbb\xb6</a></p>",
            b"<img src=x onerror=alert(1)><script>alert(1)</script>",
            b'<a href="jav&#x09;ascript:alert(1)">x</a><svg onload=x>',
        ]
    return [
        "电话13812345678，身份证330106198807154213".encode(),
        b"138 1234 5678",
        b"+86-13812345678",
    ]


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(TARGETS)}}} [libFuzzer options]")
    target = sys.argv[1]
    corpus = Path(tempfile.mkdtemp(prefix=f"atheris-{target}-"))
    for i, data in enumerate(seeds(target)):
        (corpus / f"seed-{i}").write_bytes(data)
    for data in seeds(target):  # the seeds themselves must pass before any mutation
        TARGETS[target](data)
    args = [sys.argv[0], *sys.argv[2:], str(corpus)]
    atheris.Setup(args, TARGETS[target])
    atheris.Fuzz()


if __name__ == "__main__":
    main()

"""The document model every report fills once: a title page and a list of blocks, rendered to
Word (word.render_docx) and to PDF (pdf.render_pdf) alike."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar, Literal

from django.utils.translation import gettext as _

Cell = str | int | float | None
ChartKind = Literal["bar", "barh", "line", "pie"]
Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Heading:
    """Levels 1–3; numbered 一、 （一） 1. when the report numbers its headings."""

    text: str
    level: int = 1
    kind: ClassVar[str] = "heading"

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3):
            raise ValueError(f"heading level must be 1, 2 or 3, not {self.level}")


@dataclass(frozen=True)
class Paragraph:
    """Body text: justified with a first-line indent of two characters unless told otherwise
    (a signature or a date line is `align="right", indent=False`)."""

    text: str
    align: Literal["justify", "left", "center", "right"] = "justify"
    indent: bool = True
    bold: bool = False
    kind: ClassVar[str] = "paragraph"


@dataclass(frozen=True)
class BulletList:
    items: Sequence[str]
    numbered: bool = False
    kind: ClassVar[str] = "list"


@dataclass(frozen=True)
class Table:
    """One header row (repeated on every page) and rows of cells. `widths` are relative
    column widths (any unit); `align` one per column, else numbers and shares go right and
    text left. None shows as a dash."""

    header: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    caption: str = ""
    widths: Sequence[float] | None = None
    align: Sequence[Align] | None = None
    note: str = ""
    kind: ClassVar[str] = "table"

    def __post_init__(self) -> None:
        columns = len(self.header)
        if columns == 0:
            raise ValueError("a table needs at least one column")
        for number, row in enumerate(self.rows, start=1):
            if len(row) != columns:
                raise ValueError(f"table row {number} has {len(row)} cells, not {columns}")
        for name, values in (("widths", self.widths), ("align", self.align)):
            if values is not None and len(values) != columns:
                raise ValueError(f"table {name} has {len(values)} entries, not {columns}")
        if self.widths is not None and any(w <= 0 for w in self.widths):
            raise ValueError("table widths must be positive")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Chart:
    """A chart drawn from data: grouped bars (`bar`, `barh` for long labels), lines, or a pie
    (one series). `percent` means the values are shares (0–1) and the axis shows %."""

    chart: ChartKind
    title: str
    labels: Sequence[str]
    series: Sequence[Series]
    percent: bool = False
    unit: str = ""
    kind: ClassVar[str] = "chart"

    def __post_init__(self) -> None:
        if not self.series:
            raise ValueError("a chart needs at least one series")
        for one in self.series:
            if len(one.values) != len(self.labels):
                raise ValueError(
                    f"series {one.name!r} has {len(one.values)} values for {len(self.labels)} labels"
                )
        if self.chart == "pie" and len(self.series) != 1:
            raise ValueError("a pie chart has exactly one series")


@dataclass(frozen=True)
class PageBreak:
    kind: ClassVar[str] = "pagebreak"


Block = Heading | Paragraph | BulletList | Table | Chart | PageBreak


@dataclass(frozen=True)
class Report:
    """`marking` is printed at the top of the title page (e.g. 内部资料); `page_numbers` is
    "dash" (— 3 —, as official documents) or "total" (第 3 页 共 9 页). The title page has no
    number; numbering starts at 1 on the page after it."""

    title: str
    blocks: Sequence[Block]
    subtitle: str = ""
    organisation: str = ""
    author: str = ""
    date: date | None = None
    marking: str = ""
    toc: bool = False
    numbered_headings: bool = True
    page_numbers: Literal["dash", "total"] = "dash"
    filename: str = "report"
    notes: Sequence[str] = field(default_factory=tuple)  # small print on the title page

    def headings(self) -> list[tuple[int, Heading, str]]:
        """(index in blocks, heading, its number) for every heading, in order."""
        counters = [0, 0, 0]
        found = []
        for index, block in enumerate(self.blocks):
            if isinstance(block, Heading):
                counters[block.level - 1] += 1
                for deeper in range(block.level, 3):
                    counters[deeper] = 0
                number = (
                    heading_number(block.level, counters[block.level - 1])
                    if self.numbered_headings
                    else ""
                )
                found.append((index, block, number))
        return found


DIGITS = "零一二三四五六七八九"


def chinese_number(value: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (1–99, as headings need)."""
    if not 1 <= value <= 99:
        return str(value)
    tens, ones = divmod(value, 10)
    text = ("" if tens == 1 else DIGITS[tens]) + "十" if tens else ""
    return text + (DIGITS[ones] if ones else "")


def heading_number(level: int, value: int) -> str:
    """The numbering of Chinese official documents: 一、 （一） 1."""
    if level == 1:
        return chinese_number(value) + "、"
    if level == 2:
        return f"（{chinese_number(value)}）"
    return f"{value}."


def cell_text(value: Cell) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def is_numeric(value: Cell) -> bool:
    if value is None or isinstance(value, int | float):
        return True
    text = value.strip().rstrip("%").replace(",", "")
    if text in ("", "–", "-"):
        return True
    try:
        float(text)
    except ValueError:
        return False
    return True


def column_align(table: Table) -> list[Align]:
    if table.align is not None:
        return list(table.align)
    aligns: list[Align] = []
    for column in range(len(table.header)):
        values = [row[column] for row in table.rows]
        numeric = bool(values) and all(is_numeric(v) for v in values)
        aligns.append("right" if numeric else "left")
    return aligns


def column_shares(table: Table) -> list[float]:
    """Relative widths as shares of the text width (equal when not given)."""
    widths = list(table.widths) if table.widths else [1.0] * len(table.header)
    total = sum(widths)
    return [w / total for w in widths]


def captions(report: Report) -> dict[int, str]:
    """Block index → its caption with a number: 表1 … for tables, 图1 … for charts."""
    out: dict[int, str] = {}
    tables = charts = 0
    for index, block in enumerate(report.blocks):
        if isinstance(block, Table) and block.caption:
            tables += 1
            out[index] = _("Table %(number)d") % {"number": tables} + "　" + block.caption
        elif isinstance(block, Chart) and block.title:
            charts += 1
            out[index] = _("Figure %(number)d") % {"number": charts} + "　" + block.title
    return out

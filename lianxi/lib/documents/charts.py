"""Charts drawn on the server with matplotlib (no display): SVG for the PDF, PNG for Word.
Text in the CJK sans font Debian ships (fonts-noto-cjk), else WenQuanYi Micro Hei."""

from __future__ import annotations

import io
import threading
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from lianxi.lib.documents.model import Chart

if TYPE_CHECKING:
    from matplotlib.axes import Axes

SANS = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "DejaVu Sans"]
# Muted colours that print well in grey too.
COLOURS = [
    "#2f5597",
    "#c55a11",
    "#7f7f7f",
    "#bf9000",
    "#548235",
    "#7030a0",
    "#c00000",
    "#1f9e9e",
    "#8faadc",
    "#f4b183",
    "#a9d18e",
    "#ffd966",
]
_LOCK = threading.Lock()  # rc_context changes matplotlib's global settings: one chart at a time
WIDTH_IN = 6.3  # the text width of an A4 page with official margins (≈ 16 cm)
STYLE: Any = {
    "font.family": "sans-serif",
    "font.sans-serif": SANS,
    "font.size": 9,
    "axes.unicode_minus": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#555555",
    "axes.axisbelow": True,
    # SVG text stays text: WeasyPrint sets it in the same fonts, and it can be found in the PDF.
    "svg.fonttype": "none",
    "svg.hashsalt": "lianxi",  # stable ids: the same data gives the same file
    "legend.frameon": False,
}


def render_chart(chart: Chart, fmt: Literal["svg", "png"], dpi: int = 200) -> bytes:
    # A Figure made without pyplot draws through Agg (PNG) or the SVG backend: no display.
    import matplotlib
    from matplotlib.figure import Figure

    with _LOCK, matplotlib.rc_context({**STYLE, "font.sans-serif": [_sans_font()]}):
        figure = Figure(figsize=(WIDTH_IN, _height(chart)), layout="constrained")
        axes = figure.add_subplot()
        DRAW[chart.chart](axes, chart)
        buffer = io.BytesIO()
        metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()


@cache
def _sans_font() -> str:
    """The first CJK sans that is installed, alone: a list of fallbacks makes matplotlib lay out
    every label in each of them (three times slower)."""
    from matplotlib import font_manager

    for family in SANS:
        try:
            font_manager.findfont(family, fallback_to_default=False)
        except ValueError:
            continue
        return family
    return SANS[-1]


def _height(chart: Chart) -> float:
    if chart.chart == "barh":
        return min(8.5, 0.8 + 0.3 * max(len(chart.labels), 2) * max(1, len(chart.series) * 0.6))
    if chart.chart == "pie":
        return 3.2
    return 3.0


def _values(values: Any) -> list[float]:
    return [0.0 if v is None else float(v) for v in values]


def _value_axis(axes: Axes, chart: Chart, horizontal: bool = False) -> None:
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    axis = axes.xaxis if horizontal else axes.yaxis
    if chart.percent:
        axis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    else:
        axis.set_major_locator(MaxNLocator(integer=True))
    if chart.unit:
        (axes.set_xlabel if horizontal else axes.set_ylabel)(chart.unit)
    axes.grid(axis="x" if horizontal else "y", color="#dddddd", linewidth=0.6)


def _category_axis(axes: Axes, chart: Chart, positions: list[int]) -> None:
    """Labels slant when they would not fit side by side (about 60 characters of 9 pt)."""
    axes.set_xticks(positions, list(chart.labels))
    if sum(len(label) + 2 for label in chart.labels) > 60:
        axes.tick_params(axis="x", labelrotation=35)
        for tick in axes.get_xticklabels():
            tick.set_horizontalalignment("right")
            tick.set_rotation_mode("anchor")


def _legend(axes: Axes, chart: Chart) -> None:
    if len(chart.series) > 1:
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)


def _label_bars(axes: Axes, bars: Any, chart: Chart) -> None:
    if len(chart.labels) * len(chart.series) <= 16:  # more would crowd: the table has them
        fmt = (lambda v: f"{v * 100:.0f}%") if chart.percent else (lambda v: f"{v:g}")
        axes.bar_label(bars, labels=[fmt(v) for v in bars.datavalues], padding=2, fontsize=7)


def _bar(axes: Axes, chart: Chart) -> None:
    count = len(chart.series)
    width = 0.8 / count
    positions = list(range(len(chart.labels)))
    for number, series in enumerate(chart.series):
        offset = (number - (count - 1) / 2) * width
        bars = axes.bar(
            [p + offset for p in positions],
            _values(series.values),
            width=width,
            label=series.name,
            color=COLOURS[number % len(COLOURS)],
        )
        _label_bars(axes, bars, chart)
    _category_axis(axes, chart, positions)
    _value_axis(axes, chart)
    _legend(axes, chart)


def _barh(axes: Axes, chart: Chart) -> None:
    count = len(chart.series)
    height = 0.8 / count
    positions = list(range(len(chart.labels)))
    for number, series in enumerate(chart.series):
        offset = (number - (count - 1) / 2) * height
        bars = axes.barh(
            [p + offset for p in positions],
            _values(series.values),
            height=height,
            label=series.name,
            color=COLOURS[number % len(COLOURS)],
        )
        _label_bars(axes, bars, chart)
    axes.set_yticks(positions, list(chart.labels))
    axes.invert_yaxis()  # the first label on top
    _value_axis(axes, chart, horizontal=True)
    _legend(axes, chart)


def _line(axes: Axes, chart: Chart) -> None:
    positions = list(range(len(chart.labels)))
    for number, series in enumerate(chart.series):
        values = [float("nan") if v is None else float(v) for v in series.values]
        axes.plot(
            positions,
            values,
            marker="o",
            markersize=3.5,
            linewidth=1.6,
            label=series.name,
            color=COLOURS[number % len(COLOURS)],
        )
    _category_axis(axes, chart, positions)
    axes.set_ylim(bottom=0, top=1.05 if chart.percent else None)
    _value_axis(axes, chart)
    _legend(axes, chart)


def _pie(axes: Axes, chart: Chart) -> None:
    values = _values(chart.series[0].values)
    total = sum(values)
    if total <= 0:
        axes.text(0.5, 0.5, "–", ha="center", va="center", transform=axes.transAxes)
        axes.set_axis_off()
        return
    shown = [(label, v) for label, v in zip(chart.labels, values, strict=True) if v > 0]
    wedges, _texts, _autotexts = axes.pie(
        [v for _label, v in shown],
        colors=[COLOURS[i % len(COLOURS)] for i in range(len(shown))],
        autopct=lambda share: f"{share:.1f}%" if share >= 4 else "",
        pctdistance=0.78,
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.45, "edgecolor": "white", "linewidth": 1},
        textprops={"fontsize": 7, "color": "white"},
    )
    axes.legend(
        wedges,
        [f"{label}  {v:g}" for label, v in shown],
        loc="center left",
        bbox_to_anchor=(1.0, 0.5),
        fontsize=9,
    )
    axes.set_aspect("equal")


DRAW = {"bar": _bar, "barh": _barh, "line": _line, "pie": _pie}

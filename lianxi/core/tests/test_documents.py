"""lianxi.lib.documents: one report with every kind of block, rendered to Word (opened again with
python-docx) and to PDF (read back with poppler's pdftotext, pdfinfo and pdffonts)."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn

from lianxi.lib.documents import (
    BulletList,
    Chart,
    Heading,
    PageBreak,
    Paragraph,
    Report,
    Series,
    Table,
    render_docx,
    render_html,
    render_pdf,
)
from lianxi.lib.documents.charts import render_chart
from lianxi.lib.documents.model import chinese_number, column_align, heading_number
from lianxi.lib.documents.pdf import footer_content

MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]
STATIONS = [f"第{n}联络站" for n in range(1, 61)]  # a table over three pages


def full_report(**overrides: object) -> Report:
    blocks = [
        Heading("总体情况"),
        Paragraph(
            "今年全市各级人大代表联络站共受理群众诉求一千二百三十四件，按期答复率百分之九十二。"
        ),
        BulletList(["楼道灯坏了，已联系物业维修", "小区停车难问题已提交街道研究"]),
        BulletList(["第一项措施", "第二项措施"], numbered=True),
        Heading("分月情况", 2),
        Chart(
            "bar",
            "每月诉求件数",
            MONTHS,
            [Series("诉求数", list(range(10, 130, 10))), Series("已答复", list(range(8, 128, 10)))],
        ),
        Chart(
            "line", "按期答复率", MONTHS, [Series("按期答复率", [0.9] * 11 + [None])], percent=True
        ),
        PageBreak(),
        Heading("分类情况", 2),
        Chart(
            "barh",
            "按类别",
            ["城乡建设", "物业管理", "市场监管"],
            [Series("诉求数", [120, 90, 40])],
        ),
        Chart("pie", "按渠道", ["网上", "联络站", "热线"], [Series("诉求数", [50, 30, 20])]),
        PageBreak(),
        Heading("各联络站情况", 3),
        Table(
            ["名称", "诉求数", "按期答复率"],
            [[name, n * 3, f"{90 + n % 10}.0%"] for n, name in enumerate(STATIONS, start=1)],
            caption="各联络站办理情况",
            widths=[3, 1, 1.2],
            note="注：按期答复率＝按期答复件数÷应答复件数。",
        ),
        Heading("结语"),
        Paragraph("示范市人大常委会代表工作委员会", align="right", indent=False),
    ]
    values: dict[str, object] = {
        "title": "二〇二六年度群众诉求办理情况统计报告",
        "subtitle": "2026年1月—2026年12月",
        "organisation": "示范市人大常委会",
        "author": "代表工作委员会",
        "date": date(2026, 12, 31),
        "marking": "内部资料",
        "toc": True,
        "page_numbers": "total",
        "blocks": blocks,
    } | overrides
    return Report(**values)  # type: ignore[arg-type]


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("documents") / "report.pdf"
    with translation.override("zh-hans"):
        path.write_bytes(render_pdf(full_report()))
    return path


def page_text(path: Path, page: int) -> str:
    """The page's text in drawing order (-raw: slanted chart labels do not mix into the lines)."""
    return re.sub(
        r"\s+", "", run("pdftotext", "-raw", "-f", str(page), "-l", str(page), str(path), "-")
    )


def test_pdf_pages_text_and_numbers(pdf_file: Path) -> None:
    assert pdf_file.read_bytes().startswith(b"%PDF-")
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(pdf_file)))[1])  # type: ignore[index]
    # title page, contents, text with the bar chart, the line chart (it does not fit below),
    # the two breakdown charts, then the table of 60 rows over three pages with the closing
    # words after it.
    assert pages == 8
    cover = page_text(pdf_file, 1)
    assert "二〇二六年度群众诉求办理情况统计报告" in cover and "内部资料" in cover
    assert "2026年12月31日" in cover and "第" not in cover  # no number on the title page
    contents = page_text(pdf_file, 2)
    assert "目录" in contents and "（二）分类情况" in contents and "第1页共7页" in contents
    body = page_text(pdf_file, 3)
    assert "一、总体情况" in body and "楼道灯坏了" in body and "图1每月诉求件数" in body
    assert "第2页共7页" in body
    charts = page_text(pdf_file, 5)
    assert "城乡建设" in charts and "联络站" in charts  # chart labels stay text
    whole = re.sub(r"\s+", "", run("pdftotext", "-raw", str(pdf_file), "-"))
    assert "表1各联络站办理情况" in whole and "第60联络站" in whole and "二、结语" in whole
    assert page_text(pdf_file, pages).endswith(f"第{pages - 1}页共{pages - 1}页")


def test_pdf_embeds_the_cjk_fonts(pdf_file: Path) -> None:
    fonts = run("pdffonts", str(pdf_file)).splitlines()[2:]
    cjk = [line for line in fonts if "CJK" in line]
    assert any("Serif-CJK-SC" in line for line in cjk)  # text
    assert any("Sans-CJK-SC" in line for line in cjk)  # headings
    assert all(line.split()[-5] == "yes" for line in cjk)  # embedded


def test_contents_list_the_page_of_each_heading(pdf_file: Path) -> None:
    contents = run("pdftotext", "-layout", "-f", "2", "-l", "2", str(pdf_file), "-")
    entries = dict(re.findall(r"(\S+?)\s*\.{3,}\s*(\d+)", contents))
    assert entries["一、总体情况"] == "2" and entries["（二）分类情况"] == "4"


def test_docx_reads_back() -> None:
    with translation.override("zh-hans"):
        body = render_docx(full_report())
    document = Document(io.BytesIO(body))
    texts = [p.text for p in document.paragraphs]
    assert "二〇二六年度群众诉求办理情况统计报告" in texts[:6]
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "一、总体情况"),
        ("Heading 2", "（一）分月情况"),
        ("Heading 2", "（二）分类情况"),
        ("Heading 3", "1.各联络站情况"),
        ("Heading 1", "二、结语"),
    ]
    assert "• 楼道灯坏了，已联系物业维修" in texts and "2. 第二项措施" in texts
    assert "图4　按渠道" in texts and "表1　各联络站办理情况" in texts
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == ["名称", "诉求数", "按期答复率"]
    assert [c.text for c in table.rows[60].cells] == ["第60联络站", "180", "90.0%"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page
    assert len(document.inline_shapes) == 4  # the charts, as pictures
    cover, main = document.sections
    assert main.page_height == cover.page_height and round(main.page_width.cm, 1) == 21.0
    footer = main.footer._element.xml
    assert "PAGE" in footer and "SECTIONPAGES" in footer and "第 " in footer
    assert main._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert 'TOC \\o "1-3"' in document.element.xml
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋"


def test_text_is_escaped_and_nothing_is_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for the report")
    report = Report(
        title="<b>标题</b>",
        blocks=[Paragraph(f'<img src="file://{secret}">正文')],
    )
    html = render_html(report)
    assert "&lt;b&gt;标题&lt;/b&gt;" in html and "<img src=&quot;file" not in html
    assert f"&lt;img src=&quot;file://{secret}" in html
    path = tmp_path / "escaped.pdf"
    path.write_bytes(render_pdf(report))
    assert "<img" in run("pdftotext", str(path), "-")


def test_charts_render_in_both_formats() -> None:
    chart = Chart("barh", "按类别", ["城乡建设", "物业管理"], [Series("诉求数", [3, 1])])
    assert render_chart(chart, "png").startswith(b"\x89PNG")
    svg = render_chart(chart, "svg").decode()
    assert "城乡建设" in svg and "Noto Sans CJK SC" in svg
    assert render_chart(chart, "svg") == render_chart(chart, "svg")  # the same bytes each time


def test_blocks_check_their_shape() -> None:
    with pytest.raises(ValueError, match="row 2 has 1 cells"):
        Table(["甲", "乙"], [["1", "2"], ["3"]])
    with pytest.raises(ValueError, match="widths"):
        Table(["甲", "乙"], [], widths=[1])
    with pytest.raises(ValueError, match="3 labels"):
        Chart("bar", "图", ["a", "b", "c"], [Series("s", [1, 2])])
    with pytest.raises(ValueError, match="pie"):
        Chart("pie", "图", ["a"], [Series("s", [1]), Series("t", [2])])
    with pytest.raises(ValueError, match="level"):
        Heading("标题", 4)


def test_numbers_and_alignment() -> None:
    assert [chinese_number(n) for n in (1, 10, 12, 20, 25, 99)] == [
        "一",
        "十",
        "十二",
        "二十",
        "二十五",
        "九十九",
    ]
    assert [heading_number(level, 3) for level in (1, 2, 3)] == ["三、", "（三）", "3."]
    table = Table(
        ["名称", "件数", "比例", "备注"], [["甲", 3, "87.5%", "无"], ["乙", None, "–", "x"]]
    )
    assert column_align(table) == ["left", "right", "right", "left"]


def test_page_numbers_follow_the_language() -> None:
    report = full_report()
    with translation.override("en"):
        assert footer_content(report).startswith('"Page " counter(page) " of "')
    with translation.override("zh-hans"):
        assert footer_content(report).startswith('"第 " counter(page) " 页 共 "')
    assert footer_content(full_report(page_numbers="dash")) == '"— " counter(page) " —"'


def test_a_short_report_without_headings(tmp_path: Path) -> None:
    report = Report(
        title="关于楼道照明的简报",
        blocks=[Paragraph("楼道灯已修好。")],
        toc=True,
        page_numbers="dash",
    )
    path = tmp_path / "short.pdf"
    path.write_bytes(render_pdf(report))
    assert "Pages:           2" in run("pdfinfo", str(path))
    assert page_text(path, 2) == "楼道灯已修好。—1—"
    document = Document(io.BytesIO(render_docx(report)))
    assert [p.text for p in document.paragraphs][-1] == "楼道灯已修好。"
    assert "TOC" not in document.element.xml and "— " in document.sections[1].footer._element.xml

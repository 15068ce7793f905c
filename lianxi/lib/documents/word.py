"""A Report as a Word document (python-docx): A4 with the margins of official documents, a
title page without a number, then the body numbered from 1 in the footer; 仿宋 for text, 黑体
for headings (the fonts of the reader's Word, named as Chinese offices have them); headings in
Word's Heading 1–3 styles, so the navigation pane and the table of contents find them."""

from __future__ import annotations

import io
import re
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from lianxi.lib.documents.charts import render_chart
from lianxi.lib.documents.model import (
    BulletList,
    Chart,
    Heading,
    PageBreak,
    Paragraph,
    Report,
    Table,
    captions,
    cell_text,
    column_align,
    column_shares,
)

BODY_FONT, HEADING_FONT, TITLE_FONT, LATIN_FONT = "仿宋", "黑体", "宋体", "Times New Roman"
BODY_PT, TABLE_PT = 14, 10
TEXT_WIDTH_CM = 21.0 - 2.8 - 2.6
HEADING_PT = {1: 16, 2: 14, 3: 14}
ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
# Children of w:sectPr that must come after w:pgNumType (the schema fixes the order).
AFTER_PGNUMTYPE = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:docGrid")


def _fonts(element: Any, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set the fonts of a style or a run, dropping the theme fonts that would win over them."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attribute}"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _setup(document: Any) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _fonts(normal.element, BODY_FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.5
    for level, size in HEADING_PT.items():
        style = styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.font.bold = level == 3
        style.font.italic = False
        style.font.color.rgb = None
        _fonts(style.element, BODY_FONT if level == 3 else HEADING_FONT)
        style.paragraph_format.space_before = Pt(12 if level == 1 else 6)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(2.8)


def _run(paragraph: Any, text: str, size: float, east_asia: str, bold: bool = False) -> Any:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    _fonts(run._r, east_asia)
    return run


def _centred(
    document: Any, text: str, size: float, font: str, before: float, bold: bool = False
) -> Any:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(before)
    if text:
        _run(paragraph, text, size, font, bold)
    return paragraph


def _cover(document: Any, report: Report) -> None:
    """Spaced to fill one A4 page of body margins (22.5 cm) with room for two title lines and
    a few notes."""
    marking = document.add_paragraph()
    if report.marking:
        _run(marking, report.marking, 14, HEADING_FONT)
    _centred(document, report.organisation, 18, BODY_FONT, before=60)
    _centred(document, report.title, 26, TITLE_FONT, before=30, bold=True)
    if report.subtitle:
        _centred(document, report.subtitle, 16, BODY_FONT, before=16)
    _centred(document, report.author, 15, BODY_FONT, before=110)
    if report.date:
        _centred(document, date_format(report.date, "DATE_FORMAT"), 15, BODY_FONT, before=4)
    for number, note in enumerate(report.notes):
        paragraph = _centred(document, note, 10.5, BODY_FONT, before=16 if number == 0 else 0)
        paragraph.paragraph_format.line_spacing = 1.15


def _field(paragraph: Any, instruction: str, placeholder: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_numbers(section: Any, report: Report) -> None:
    """The body's own footer and numbering from 1; the title page keeps an empty footer."""
    number_type = OxmlElement("w:pgNumType")
    number_type.set(qn("w:start"), "1")
    sect_pr = section._sectPr
    successor = next((c for c in sect_pr if c.tag in {qn(t) for t in AFTER_PGNUMTYPE}), None)
    if successor is not None:
        successor.addprevious(number_type)
    else:
        sect_pr.append(number_type)
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pattern = "— {page} —" if report.page_numbers == "dash" else _("Page {page} of {pages}")
    for piece in re.split(r"(\{page\}|\{pages\})", pattern):
        if piece == "{page}":
            _field(paragraph, "PAGE", "1")
        elif piece == "{pages}":
            _field(paragraph, "SECTIONPAGES", "1")
        elif piece:
            _run(paragraph, piece, 12, TITLE_FONT)


def _toc(document: Any, report: Report) -> None:
    """A TOC field (Word fills in the page numbers when it updates the fields on opening);
    until then it shows the headings themselves."""
    _centred(document, _("Contents"), 18, HEADING_FONT, before=0)
    headings = report.headings()
    for position, (_index, heading, number) in enumerate(headings):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Pt(28 * (heading.level - 1))
        if position == 0:
            _field_char(paragraph, "begin")
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = ' TOC \\o "1-3" \\h \\z \\u '
            run = OxmlElement("w:r")
            run.append(instruction)
            paragraph._p.append(run)
            _field_char(paragraph, "separate")
        paragraph.add_run(number + heading.text)
        if position == len(headings) - 1:
            _field_char(paragraph, "end")
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)
    document.add_page_break()


def _field_char(paragraph: Any, kind: str) -> None:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    paragraph._p.append(run)


def _caption(document: Any, text: str) -> None:
    paragraph = _centred(document, text, 11, HEADING_FONT, before=6)
    paragraph.paragraph_format.keep_with_next = True


def _shade(cell: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _table(document: Any, block: Table, caption: str) -> None:
    if caption:
        _caption(document, caption)
    aligns = column_align(block)
    widths = [Cm(TEXT_WIDTH_CM * share) for share in column_shares(block)]
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    header_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeated at the top of every page
    header_pr.append(repeat)
    for cell, text, width in zip(header.cells, block.header, widths, strict=True):
        cell.width = width
        _shade(cell, "E8E8E8")
        _cell(cell, text, "center", HEADING_FONT)
    for values in block.rows:
        cells = table.add_row().cells
        for cell, value, align, width in zip(cells, values, aligns, widths, strict=True):
            cell.width = width
            _cell(cell, cell_text(value), align, BODY_FONT)
    if block.note:
        note = document.add_paragraph()
        _run(note, block.note, 10, BODY_FONT)
    document.add_paragraph()


def _cell(cell: Any, text: str, align: str, font: str) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = ALIGN[align]
    paragraph.paragraph_format.line_spacing = 1.0
    _run(paragraph, text, TABLE_PT, font)


def _chart(document: Any, block: Chart, caption: str) -> None:
    png = render_chart(block, "png")
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(TEXT_WIDTH_CM))
    if caption:
        _caption(document, caption)


def _paragraph(document: Any, block: Paragraph) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = ALIGN[block.align]
    if block.indent:
        paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    run = paragraph.add_run(block.text)
    run.font.bold = block.bold or None


def _list(document: Any, block: BulletList) -> None:
    for number, item in enumerate(block.items, start=1):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Pt(BODY_PT * 3)
        paragraph.paragraph_format.first_line_indent = Pt(-BODY_PT)
        paragraph.add_run(f"{number}. " if block.numbered else "• ")
        paragraph.add_run(item)


def render_docx(report: Report) -> bytes:
    document = Document()
    _setup(document)
    properties = document.core_properties
    properties.title, properties.subject = report.title, report.subtitle
    properties.author = report.author or report.organisation
    _cover(document, report)
    body = document.add_section(WD_SECTION.NEW_PAGE)
    _page_numbers(body, report)
    if report.toc and report.headings():
        _toc(document, report)
    numbers = {index: number for index, _heading, number in report.headings()}
    names = captions(report)
    for index, block in enumerate(report.blocks):
        if isinstance(block, Heading):
            document.add_heading(numbers.get(index, "") + block.text, level=block.level)
        elif isinstance(block, Paragraph):
            _paragraph(document, block)
        elif isinstance(block, BulletList):
            _list(document, block)
        elif isinstance(block, Table):
            _table(document, block, names.get(index, ""))
        elif isinstance(block, Chart):
            _chart(document, block, names.get(index, ""))
        elif isinstance(block, PageBreak):
            document.add_page_break()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

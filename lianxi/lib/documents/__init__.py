"""Word and PDF reports from one document model (see docs/architecture.md, "Word and PDF
documents"): build a `Report` of blocks once, then `render_docx(report)` or
`render_pdf(report)`."""

from lianxi.lib.documents.model import (
    Block,
    BulletList,
    Cell,
    Chart,
    Heading,
    PageBreak,
    Paragraph,
    Report,
    Series,
    Table,
)
from lianxi.lib.documents.pdf import render_html, render_pdf

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"


def render_docx(report: Report) -> bytes:
    # python-docx (lxml) takes 0.3 s to import: only the processes that write Word pay it.
    from lianxi.lib.documents.word import render_docx as render

    return render(report)


__all__ = [
    "DOCX_TYPE",
    "PDF_TYPE",
    "Block",
    "BulletList",
    "Cell",
    "Chart",
    "Heading",
    "PageBreak",
    "Paragraph",
    "Report",
    "Series",
    "Table",
    "render_docx",
    "render_html",
    "render_pdf",
]

"""Reading a draft's structure from pasted text or a .docx: chapters (章), sections (节),
articles (条), paragraphs (款) and items (项), numbered in Chinese as drafts are.

A line that does not fit refuses the whole draft with a message naming the line, so nothing
is half-created."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lianxi.core.errors import InvalidInput
from lianxi.legislation.numerals import from_chinese, to_chinese

NUM = r"([零一二三四五六七八九十百千两0-9]+)"
CHAPTER_RE = re.compile(rf"^第{NUM}章\s*(.*)$")
SECTION_RE = re.compile(rf"^第{NUM}节\s*(.*)$")
ARTICLE_RE = re.compile(rf"^第{NUM}条\s*(.*)$")
ITEM_RE = re.compile(r"^[（(]([零一二三四五六七八九十]+)[)）]\s*(.*)$")
MAX_LINE = 2000
MAX_ARTICLES = 1000
MAX_PREAMBLE = 3


@dataclass
class Node:
    kind: str  # chapter, section, article, paragraph, item
    number: int
    text: str
    line: int
    children: list[Node] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.kind == "chapter":
            return f"第{to_chinese(self.number)}章"
        if self.kind == "section":
            return f"第{to_chinese(self.number)}节"
        if self.kind == "article":
            return f"第{to_chinese(self.number)}条"
        if self.kind == "paragraph":
            return f"第{to_chinese(self.number)}款"
        return f"（{to_chinese(self.number)}）"


@dataclass
class Draft:
    preamble: list[str]
    nodes: list[Node]  # chapters, or articles when the draft has no chapters

    def articles(self) -> list[Node]:
        found: list[Node] = []

        def walk(nodes: list[Node]) -> None:
            for node in nodes:
                if node.kind == "article":
                    found.append(node)
                else:
                    walk(node.children)

        walk(self.nodes)
        return found


MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # a draft's text is a few MB at most; more is a zip bomb


def refuse(line: int, message: str) -> InvalidInput:
    return InvalidInput(
        _("Line %(line)d: %(problem)s") % {"line": line, "problem": message}, field="text"
    )


def clean(line: str) -> str:
    return line.replace("\u3000", " ").replace("\xa0", " ").strip()


def parse(text: str) -> Draft:
    """The draft's tree, or InvalidInput naming the first line that does not fit."""
    preamble: list[str] = []
    top: list[Node] = []
    chapter = section = article = paragraph = None
    articles = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = clean(raw)
        if not line:
            continue
        if len(line) > MAX_LINE:
            raise refuse(number, _("a line has at most %(n)d characters.") % {"n": MAX_LINE})
        if m := CHAPTER_RE.match(line):
            n = from_chinese(m[1])
            expected = (chapter.number + 1) if chapter else 1
            if n != expected or (article is not None and chapter is None):
                raise refuse(
                    number,
                    _("expected chapter %(label)s here.")
                    % {"label": f"第{to_chinese(expected)}章"},
                )
            chapter = Node("chapter", n, m[2].strip(), number)
            top.append(chapter)
            section = article = paragraph = None
        elif m := SECTION_RE.match(line):
            n = from_chinese(m[1])
            if chapter is None:
                raise refuse(number, _("a section must be inside a chapter."))
            expected = (chapter.children[-1].number + 1) if _has_sections(chapter) else 1
            if n != expected or (chapter.children and not _has_sections(chapter)):
                raise refuse(
                    number,
                    _("expected section %(label)s here.")
                    % {"label": f"第{to_chinese(expected)}节"},
                )
            section = Node("section", n, m[2].strip(), number)
            chapter.children.append(section)
            article = paragraph = None
        elif m := ARTICLE_RE.match(line):
            n = from_chinese(m[1])
            if n != articles + 1:
                raise refuse(
                    number,
                    _("expected article %(label)s here (articles are numbered in order).")
                    % {"label": f"第{to_chinese(articles + 1)}条"},
                )
            if chapter is not None and _has_sections(chapter) and section is None:
                raise refuse(number, _("this chapter is divided into sections."))
            articles = n
            if articles > MAX_ARTICLES:
                raise refuse(number, _("a draft has at most %(n)d articles.") % {"n": MAX_ARTICLES})
            if article is not None and not article.children:
                raise refuse(article.line, _("this article has no text."))
            article = Node("article", n, "", number)
            holder = section or chapter
            (holder.children if holder is not None else top).append(article)
            paragraph = None
            if m[2].strip():
                paragraph = Node("paragraph", 1, m[2].strip(), number)
                article.children.append(paragraph)
        elif m := ITEM_RE.match(line):
            if paragraph is None:
                raise refuse(number, _("an item must follow the paragraph it belongs to."))
            n = from_chinese(m[1])
            expected = len(paragraph.children) + 1
            if n != expected:
                raise refuse(
                    number,
                    _("expected item %(label)s here.") % {"label": f"（{to_chinese(expected)}）"},
                )
            if not m[2].strip():
                raise refuse(number, _("this item has no text."))
            paragraph.children.append(Node("item", n, m[2].strip(), number))
        elif article is not None:
            paragraph = Node("paragraph", len(article.children) + 1, line, number)
            article.children.append(paragraph)
        elif chapter is not None:
            raise refuse(
                number,
                _("text after a chapter or section heading must start with an article (第X条)."),
            )
        else:
            preamble.append(line)
            if len(preamble) > MAX_PREAMBLE:
                raise refuse(
                    number,
                    _("the draft must start with a chapter (第一章) or an article (第一条)."),
                )
    if article is None:
        raise InvalidInput(_("No article (第一条 …) was found in the draft."), field="text")
    if not article.children:
        raise refuse(article.line, _("this article has no text."))
    return Draft(preamble, top)


def _has_sections(chapter: Node) -> bool:
    return bool(chapter.children) and chapter.children[0].kind == "section"


def docx_text(data: bytes) -> str:
    """The paragraphs of a Word file as lines, or InvalidInput when it is not one (a damaged
    file or a zip bomb included: nothing else is raised)."""
    from docx import Document

    if not data.startswith(b"PK"):
        raise InvalidInput(_("This is not a Word document (.docx)."), field="file")
    unreadable = InvalidInput(_("This Word document cannot be opened."), field="file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError):
        raise unreadable from None
    if inflated > MAX_UNZIPPED_BYTES:
        raise unreadable
    try:
        document = Document(io.BytesIO(data))
        return "\n".join(p.text for p in document.paragraphs)
    except Exception:  # python-docx and lxml raise many kinds of errors on damaged parts
        raise unreadable from None

"""Reading a draft's structure from text and Word; Chinese numerals."""

from __future__ import annotations

import io

import pytest
from docx import Document

from lianxi.core.errors import InvalidInput
from lianxi.legislation.drafts import docx_text, parse
from lianxi.legislation.numerals import from_chinese, to_chinese
from lianxi.legislation.tests.conftest import draft_text


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1001, "一千零一"),
    ],
)
def test_numerals_round_trip(n: int, text: str) -> None:
    assert to_chinese(n) == text
    assert from_chinese(text) == n


def test_numerals_refuse_non_numbers() -> None:
    assert from_chinese("十零") is None
    assert from_chinese("总则") is None


def test_structure_of_a_draft() -> None:
    draft = parse(draft_text(14))
    assert draft.preamble == ["示范市养犬管理条例（草案）"]
    assert [c.label for c in draft.nodes] == ["第一章", "第二章", "第三章"]
    articles = draft.articles()
    assert [a.number for a in articles] == list(range(1, 15))
    second = articles[1]
    assert [p.label for p in second.children] == ["第一款", "第二款"]
    assert [i.label for i in second.children[1].children] == ["（一）", "（二）"]


def test_sections_inside_chapters() -> None:
    draft = parse("第一章 总则\n第一节 一般规定\n第一条 甲。\n第二节 特别规定\n第二条 乙。")
    assert [s.label for s in draft.nodes[0].children] == ["第一节", "第二节"]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("第一条 甲。\n第三条 乙。", 2, "第二条"),
        ("第一章 总则\n本章说明。\n第一条 甲。", 2, "第X条"),
        ("第一条\n第二条 乙。", 1, "no text"),
        ("（一）甲；", 1, "item"),
        ("第一条 甲。\n（二）乙；", 2, "（一）"),
        ("第二章 总则\n第一条 甲。", 1, "第一章"),
        ("标题\n说明\n再说明\n还有说明", 4, "must start"),
    ],
)
def test_a_malformed_draft_names_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        parse(text)
    assert exc.value.message.startswith(f"第{line}行") or f"Line {line}" in exc.value.message
    assert exc.value.field == "text"


def test_a_draft_without_articles_is_refused() -> None:
    with pytest.raises(InvalidInput):
        parse("示范市养犬管理条例\n起草说明")


def word_file(text: str) -> bytes:
    document = Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_paragraphs_become_lines() -> None:
    text = draft_text(5)
    assert parse(docx_text(word_file(text))).articles()[-1].number == 5


def test_not_a_word_file_is_refused() -> None:
    with pytest.raises(InvalidInput) as exc:
        docx_text(b"%PDF-1.4 not word")
    assert exc.value.field == "file"
    with pytest.raises(InvalidInput):
        docx_text(b"PK\x03\x04 broken zip")


def test_a_zip_bomb_or_damaged_word_file_is_refused() -> None:
    """quality.md test 15: the Word reader refuses, with its own error, a file that inflates past
    the limit and one whose parts are damaged (found by test_properties: it raised lxml's)."""
    import zipfile

    from lianxi.legislation import drafts

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (drafts.MAX_UNZIPPED_BYTES + 1))
    assert len(bomb.getvalue()) < 1024 * 1024  # small on the wire
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("[Content_Types].xml", b"")
    for data in (bomb.getvalue(), damaged.getvalue()):
        with pytest.raises(InvalidInput) as exc:
            docx_text(data)
        assert exc.value.field == "file"

"""docs/notifications.md shows the table of who is told what, as the code has it."""

from __future__ import annotations

from pathlib import Path

from lianxi.notifications.docs import markdown

DOC = Path(__file__).resolve().parents[3] / "docs" / "notifications.md"


def test_docs_table_is_current() -> None:
    expected = markdown()
    assert expected in DOC.read_text(encoding="utf-8"), (
        "docs/notifications.md is out of date; paste:\n" + expected
    )

"""Snippets are escaped first, then the hits marked."""

from __future__ import annotations

import html5lib

from lianxi.search.snippets import highlight


def test_hits_are_marked_and_everything_else_escaped() -> None:
    text = "<script>alert(1)</script>电梯坏了 <img src=x onerror=alert(1)> 电梯"
    out = str(highlight(text, ["电梯"]))
    assert out.count("<mark>电梯</mark>") == 2
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;" in out
    tree = html5lib.parse(f"<p>{out}</p>", namespaceHTMLElements=False)
    assert [e.tag for e in tree.iter() if e.tag not in {"html", "head", "body", "p"}] == [
        "mark",
        "mark",
    ]


def test_a_mark_that_looks_like_html_is_only_searched_for() -> None:
    out = str(highlight("a <b> c", ["<b>"]))
    assert out == "a <mark>&lt;b&gt;</mark> c"


def test_window_around_the_first_hit() -> None:
    text = "前" * 300 + "电梯" + "后" * 300
    out = str(highlight(text, ["电梯"], 50))
    assert out.startswith("…") and out.endswith("…")
    assert "<mark>电梯</mark>" in out
    assert len(out) < 100

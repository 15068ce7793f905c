"""Issue 22: the routing model's confidence is said in words staff use (高/中/低 with the
reason); the figure stays behind a details toggle."""

from __future__ import annotations

from django.utils import translation

from lianxi.insight.labels import confidence_words, suggested_department_help


def test_confidence_in_words() -> None:
    assert [confidence_words(p)[0] for p in (0.95, 0.7, 0.55, 0.4, 0.2)] == [
        "high",
        "high",
        "medium",
        "medium",
        "low",
    ]


def test_suggested_department_help_says_it_in_chinese_with_the_figure_folded() -> None:
    with translation.override("zh-hans"):
        html = str(suggested_department_help(0.74))
    assert "把握程度高" in html and "几乎都交给了该部门" in html
    words, details = html.split("<details", 1)
    assert "74%" not in words and "%" not in words
    assert "<summary>详情</summary>" in details and "模型置信度 74%" in details

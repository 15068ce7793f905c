"""Tokens for the index and the parsing of queries."""

from __future__ import annotations

from lianxi.search.text import parse, query_tokens, token_string, tokens


def test_two_character_words_are_tokens() -> None:
    assert "电梯" in tokens("小区电梯长期故障，维修无人管")
    assert "维修" in token_string("小区电梯长期故障，维修无人管").split()


def test_punctuation_is_dropped_and_latin_lowercased() -> None:
    assert tokens("WiFi，。！ 电梯") == ["wifi", "电梯"]


def test_query_uses_the_finest_pieces_of_long_words() -> None:
    assert query_tokens("中华人民共和国") == ["中华", "华人", "人民", "共和"]
    assert query_tokens("电梯坏了") == ["电梯"]  # single characters only when nothing longer
    assert query_tokens("水") == ["水"]


def test_quotes_make_a_phrase() -> None:
    q = parse('“加装电梯” 噪音  "小区 门口"')
    assert q.phrases == ["加装电梯", "小区 门口"]
    assert q.terms == ["噪音"]
    assert set(q.tokens) == {"加装", "电梯", "噪音", "小区", "门口"}


def test_empty_and_overlong_queries() -> None:
    assert parse("  ，。 ").empty
    assert len(parse("电梯" * 500).text) <= 100

"""The issue-23 figures on the real messages (附件3 of the 2020 Teddy Cup), when the file is
on this machine; skipped otherwise (the project never carries that data)."""

from __future__ import annotations

import pytest

from bench.hot_issues_tipdm import data_file, evaluate

pytestmark = pytest.mark.skipif(data_file() is None, reason="real messages not on this machine")


@pytest.fixture(scope="module")
def result() -> dict:
    path = data_file()
    assert path is not None
    return evaluate(path)


def test_the_two_campaigns_are_whole_and_clean(result: dict) -> None:
    first, second = result["top"][:2]
    for row in (first, second):
        assert row["size"] >= 45 and row["off_topic"] <= 2, row
    assert {first["problem"], second["problem"]} == {
        "丽发新城 mixing plant",
        "伊景园滨河苑 bundled parking",
    }


def test_58_car_loans_is_one_group_and_the_top_ten_are_ten_problems(result: dict) -> None:
    assert result["problems"]["58车贷"]["groups"] == 1
    assert result["distinct_labels_in_top"] == 10


def test_duplicates_at_the_same_place_are_precise(result: dict) -> None:
    at = result["duplicates"]["same_place@0.3"]
    assert at["precision"] >= 0.9 and at["recall"] >= 0.6, at

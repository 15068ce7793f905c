from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lianxi.insight.routing.evaluate import folds, scores


def test_scores() -> None:
    result = scores(["a", "a", "b", "b"], ["a", "b", "b", "b"])
    assert result["accuracy"] == 0.75
    assert result["per_class"]["a"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert result["per_class"]["b"]["precision"] == pytest.approx(0.6667, abs=1e-4)
    assert result["macro_f1"] == pytest.approx((0.6667 + 0.8) / 2, abs=1e-3)


def test_folds_are_stratified_and_disjoint() -> None:
    labels = ["a"] * 10 + ["b"] * 5
    parts = folds(labels, 5)
    assert sorted(i for p in parts for i in p) == list(range(15))
    assert all(sum(labels[i] == "b" for i in p) == 1 for p in parts)


def test_command_kfold_prints_json(labelled_csv: Path) -> None:
    out = StringIO()
    call_command(
        "routing_evaluate",
        "--train",
        str(labelled_csv),
        "--folds",
        "3",
        "--text-column",
        "body",
        "--label-column",
        "cat",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert set(result["per_class"]) == {"01", "02", "03"}
    assert result["macro_f1"] > 0.5  # chance is 0.33
    assert result["training_seconds"] > 0 and result["ms_per_suggestion"] > 0
    assert len(result["fold_macro_f1"]) == 3


def test_command_train_test(labelled_csv: Path) -> None:
    out = StringIO()
    call_command(
        "routing_evaluate",
        "--train",
        str(labelled_csv),
        "--test",
        str(labelled_csv),
        "--text-column",
        "body",
        "--label-column",
        "cat",
        stdout=out,
    )
    assert json.loads(out.getvalue())["accuracy"] > 0.9  # scored on its own training data


def test_command_refuses_bad_input(labelled_csv: Path, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no column"):
        call_command("routing_evaluate", "--train", str(labelled_csv), stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("routing_evaluate", "--train", str(tmp_path / "missing.csv"))

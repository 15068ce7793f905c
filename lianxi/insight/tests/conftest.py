from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from conftest import World
from lianxi.cases.actions import Intake, submit_case
from lianxi.cases.models import Case
from lianxi.insight.routing import service
from lianxi.insight.routing.synthetic import generate


@pytest.fixture(autouse=True)
def model_files(tmp_path: Path, settings: Any) -> Path:
    """Each test keeps its model files (and the process cache) to itself."""
    settings.VAR_DIR = tmp_path
    service.forget()
    yield tmp_path
    service.forget()


@pytest.fixture
def submit(world: World) -> Any:
    def do(title: str, content: str, **fields: Any) -> Case:
        data = Intake(
            kind="complaint",
            title=title,
            content=content,
            channel="online",
            community=world.community1,
            **fields,
        )
        return submit_case(AnonymousUser(), data=data).case

    return do


@pytest.fixture
def labelled_csv(tmp_path: Path) -> Path:
    path = tmp_path / "labelled.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["body", "cat"])
        for text, code in generate(300, seed=3):
            if code[:2] in {"01", "02", "03"}:
                writer.writerow([text, code[:2]])
    return path

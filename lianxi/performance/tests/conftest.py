"""Fixtures of the performance tests: run the on-commit jobs (the year's recomputation)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Any:
    def run() -> Any:
        return django_capture_on_commit_callbacks(execute=True)

    return run

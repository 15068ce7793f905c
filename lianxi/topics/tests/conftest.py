from __future__ import annotations

from collections.abc import Iterator

import pytest

from lianxi.topics import similar


@pytest.fixture(autouse=True)
def fresh_index() -> Iterator[None]:
    """The similar-case index lives in the process; ids repeat across rolled-back tests."""
    similar.reset()
    yield
    similar.reset()

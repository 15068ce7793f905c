from __future__ import annotations

from typing import Any

import pytest

from lianxi.cases.models import OutOfScopeRule


@pytest.fixture
def rule(db: Any) -> OutOfScopeRule:
    return OutOfScopeRule.objects.get(name="已进入诉讼程序")  # shipped by a migration

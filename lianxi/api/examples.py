"""The documented example of a request body: `model_config = example(title=…, …)`. A test posts
every operation's example and expects no 422 (lianxi/api/tests/test_examples.py)."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict


def example(**body: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [body]})

"""Where the current request comes from, so actions need not pass the request around."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    ip: str = ""
    user_agent: str = ""


current_origin: ContextVar[Origin] = ContextVar("current_origin", default=Origin())  # noqa: B039 (frozen)

"""Kinds of documents the search covers, each with who may see which ids and where they link."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class Kind:
    name: str  # "case", "notice", "material"
    label: Any  # lazy translated label
    visible_ids: Callable[[Any], QuerySet[Any]]  # user -> queryset of visible ids
    url: Callable[[int], str]  # id -> path of the object's page


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Called from an app's AppConfig.ready()."""
    KINDS[kind.name] = kind

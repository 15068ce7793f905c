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


# Each kind owns a range of document ids: id = code << ID_BITS | object id. The index's own
# order (newest ids first) then walks one kind's objects newest first, and a case's document
# id is the case's id, so visibility checks need no join.
ID_BITS = 40
FIXED_CODES = {"case": 0, "notice": 1, "material": 2}


def code_of(kind: str) -> int:
    if kind in FIXED_CODES:
        return FIXED_CODES[kind]
    import zlib

    return 3 + zlib.crc32(kind.encode()) % 4000


def document_id(kind: str, object_id: int) -> int:
    return (code_of(kind) << ID_BITS) | int(object_id)


def id_range(kind: str) -> tuple[int, int]:
    low = code_of(kind) << ID_BITS
    return low, low + (1 << ID_BITS) - 1

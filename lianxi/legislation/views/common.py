"""What the legislation pages share: the draft's outline and the choices of provisions."""

from __future__ import annotations

from typing import Any

from lianxi.legislation.models import Provision, Version


def outline(version: Version | None) -> list[Provision]:
    if version is None:
        return []
    return list(version.provisions.order_by("position"))


def provision_choices(
    version: Version | None, *, articles_only: bool = False
) -> list[tuple[Any, str]]:
    """Articles and their paragraphs and items, for a select."""
    if version is None:
        return []
    rows = version.provisions.order_by("position").select_related("parent__parent")
    kinds = {"article"} if articles_only else {"article", "paragraph", "item"}
    return [(p.pk, p.citation) for p in rows if p.kind in kinds]

"""Two versions of a draft compared article by article: added, removed, changed (with the
changed words marked) and unchanged. Articles are paired by their text, not their number,
since a revised draft renumbers them."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lianxi.legislation.models import Provision, Version

SAME_ENOUGH = 0.5  # a changed article still shares half its text


@dataclass
class Row:
    status: str  # same, changed, added, removed
    old: Provision | None
    new: Provision | None
    old_html: SafeString | str = ""
    new_html: SafeString | str = ""


def article_texts(version: Version) -> list[tuple[Provision, str]]:
    """Each article with its full text (its paragraphs and items, in order)."""
    rows = list(version.provisions.filter(article__isnull=False).order_by("position"))
    articles: dict[int, list[str]] = {}
    heads: dict[int, Provision] = {}
    for provision in rows:
        if provision.kind == "article":
            heads[provision.pk] = provision
            articles[provision.pk] = []
        else:
            prefix = provision.label if provision.kind == "item" else ""
            articles[provision.article_id].append(prefix + provision.text)  # type: ignore[index]
    return [(heads[pk], "\n".join(parts)) for pk, parts in articles.items()]


def marked(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Both texts with what changed wrapped in <del>/<ins>."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    left: list[str] = []
    right: list[str] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            left.append(escape(old[a1:a2]))
            right.append(escape(new[b1:b2]))
            continue
        if a2 > a1:
            left.append(f"<del>{escape(old[a1:a2])}</del>")
        if b2 > b1:
            right.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _pair(old: Sequence[tuple[Provision, str]], new: Sequence[tuple[Provision, str]]) -> list[Row]:
    """A replaced block: pair articles in order while they stay similar."""
    rows: list[Row] = []
    i = j = 0
    while i < len(old) and j < len(new):
        if _ratio(old[i][1], new[j][1]) >= SAME_ENOUGH:
            before, after = marked(old[i][1], new[j][1])
            rows.append(Row("changed", old[i][0], new[j][0], before, after))
            i, j = i + 1, j + 1
        elif j + 1 < len(new) and _ratio(old[i][1], new[j + 1][1]) >= SAME_ENOUGH:
            rows.append(Row("added", None, new[j][0], "", escape(new[j][1])))
            j += 1
        else:
            rows.append(Row("removed", old[i][0], None, escape(old[i][1]), ""))
            i += 1
    rows += [Row("removed", p, None, escape(t), "") for p, t in old[i:]]
    rows += [Row("added", None, p, "", escape(t)) for p, t in new[j:]]
    return rows


def compare(old_version: Version, new_version: Version) -> list[Row]:
    old, new = article_texts(old_version), article_texts(new_version)
    matcher = difflib.SequenceMatcher(
        None, [t for _p, t in old], [t for _p, t in new], autojunk=False
    )
    rows: list[Row] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            rows += [
                Row(
                    "same",
                    old[a1 + k][0],
                    new[b1 + k][0],
                    escape(old[a1 + k][1]),
                    escape(new[b1 + k][1]),
                )
                for k in range(a2 - a1)
            ]
        else:
            rows += _pair(old[a1:a2], new[b1:b2])
    return rows

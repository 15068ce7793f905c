"""The poll's counts, worked out from every response (the worker stores them in `Result`).

Per question: counts per option (single, multiple, the 1–5 scale, with the scale's mean), a
ranking's points (Borda: first of k gets k points) and how often each option came first, free
text grouped into themes by the hot-issue engine (lianxi/topics/engine) with representative
answers. Choice and scale questions are also counted by area (the organising area's next level)
and by age band, where the poll asked them."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

from lianxi.directory.models import Area
from lianxi.lib.masking import mask_text
from lianxi.polls.choices import AgeBand, Kind
from lianxi.polls.models import Poll, Question, Response

THEME_TEXTS = 3000  # the latest texts of a question that are grouped into themes
THEMES = 8
SAMPLES = 3


def themes(texts: list[str]) -> tuple[list[dict[str, Any]], int]:
    """Themes of the texts (largest first, each with a label, size and representative
    answers) and how many texts fell in none."""
    if len(texts) < 2:
        return [], len(texts)
    from lianxi.topics.engine.grouping import Group, cluster, describe
    from lianxi.topics.engine.index import Index
    from lianxi.topics.engine.text import terms

    index = Index()
    for n, body in enumerate(texts):
        head = body.split("。", 1)[0][:60]
        index.add(n, terms(head, body), weigh=False)
    index.finalise()
    found: list[dict[str, Any]] = []
    grouped = 0
    for members in cluster(index)[:THEMES]:
        group = Group(members=members)
        describe(index, group, texts)
        grouped += len(members)
        # Representative: the answers nearest the group's common words, shortest first.
        samples = sorted((texts[m] for m in members), key=len)
        picked = [mask_text(s[:200]) for s in samples if len(s) >= 4][:SAMPLES]
        found.append(
            {
                "label": group.label or "、".join(group.terms[:3]),
                "size": len(members),
                "samples": picked,
            }
        )
    found.sort(key=lambda t: -t["size"])
    return found, len(texts) - grouped


def _area_labels(poll: Poll, area_ids: set[int]) -> dict[int, str]:
    """Each respondent's area counted under the organising area's part that holds it."""
    parts = list(Area.objects.filter(parent=poll.area).only("pk", "prefix", "name"))
    if not parts:
        parts = [poll.area]
    found: dict[int, str] = {}
    for pk, prefix in Area.objects.filter(pk__in=area_ids).values_list("pk", "prefix"):
        for part in parts:
            if prefix.startswith(part.prefix):
                found[pk] = part.name
                break
    return found


def compute(poll: Poll) -> tuple[dict[str, Any], int, datetime | None]:
    questions: list[Question] = list(poll.questions.all())
    counts: dict[str, Counter[Any]] = {str(q.pk): Counter() for q in questions}
    answered: Counter[str] = Counter()
    by_area: dict[str, dict[str, Counter[Any]]] = {
        str(q.pk): defaultdict(Counter) for q in questions
    }
    by_age: dict[str, dict[str, Counter[Any]]] = {
        str(q.pk): defaultdict(Counter) for q in questions
    }
    firsts: dict[str, Counter[int]] = {str(q.pk): Counter() for q in questions}
    texts: dict[str, list[str]] = {str(q.pk): [] for q in questions}
    kinds = {str(q.pk): q.kind for q in questions}
    total = 0
    sources: Counter[str] = Counter()
    area_ids: Counter[int] = Counter()
    latest: datetime | None = None
    rows = (
        Response.objects.filter(poll=poll)
        .order_by("-updated_at")
        .values_list("answers", "area_id", "age_band", "source", "updated_at")
    )
    per_area_raw: list[tuple[int | None, str, dict[str, Any]]] = []
    for answers, area_id, band, source, updated in rows.iterator(chunk_size=5000):
        total += 1
        sources[source] += 1
        if latest is None or updated > latest:
            latest = updated
        if area_id:
            area_ids[area_id] += 1
        per_area_raw.append((area_id, band, answers))
        for key, value in answers.items():
            kind = kinds.get(key)
            if kind is None:
                continue
            answered[key] += 1
            if kind == Kind.TEXT:
                if len(texts[key]) < THEME_TEXTS:
                    texts[key].append(value)
            elif kind == Kind.MULTI:
                counts[key].update(value)
            elif kind == Kind.RANK:
                k = len(value)
                for position, option in enumerate(value):
                    counts[key][option] += k - position
                if value:
                    firsts[key][value[0]] += 1
            else:
                counts[key][value] += 1
    labels = _area_labels(poll, set(area_ids)) if poll.ask_area or area_ids else {}
    for where, band, answers in per_area_raw:
        place = labels.get(where) if where else None
        for key, value in answers.items():
            kind = kinds.get(key)
            if kind not in {Kind.SINGLE, Kind.MULTI, Kind.SCALE}:
                continue
            values = value if kind == Kind.MULTI else [value]
            if place:
                by_area[key][place].update(values)
            if band:
                by_age[key][band].update(values)
    out: list[dict[str, Any]] = []
    places = sorted({p for p in labels.values()})
    for q in questions:
        key = str(q.pk)
        item: dict[str, Any] = {
            "id": q.pk,
            "number": q.number,
            "kind": q.kind,
            "text": q.text,
            "answered": answered[key],
        }
        if q.kind == Kind.TEXT:
            found, other = themes(texts[key])
            item["themes"], item["unthemed"] = found, other
        else:
            keys = list(range(1, 6)) if q.kind == Kind.SCALE else list(range(len(q.options)))
            names = [str(k) for k in keys] if q.kind == Kind.SCALE else list(q.options)
            item["labels"] = names
            item["counts"] = [counts[key][k] for k in keys]
            if q.kind == Kind.SCALE:
                n = sum(item["counts"])
                item["mean"] = (
                    round(sum(k * c for k, c in zip(keys, item["counts"], strict=True)) / n, 2)
                    if n
                    else None
                )
            if q.kind == Kind.RANK:
                item["firsts"] = [firsts[key][k] for k in keys]
            if q.kind != Kind.RANK:
                if places:
                    item["by_area"] = {
                        "groups": places,
                        "rows": [[by_area[key][p][k] for k in keys] for p in places],
                    }
                ages = [b for b in AgeBand.values if by_age[key].get(b)]
                if ages:
                    item["by_age"] = {
                        "groups": [str(AgeBand(b).label) for b in ages],
                        "rows": [[by_age[key][b][k] for k in keys] for b in ages],
                    }
        out.append(item)
    data = {
        "total": total,
        "online": sources.get("online", 0),
        "paper": sources.get("paper", 0),
        "questions": out,
    }
    return data, total, latest

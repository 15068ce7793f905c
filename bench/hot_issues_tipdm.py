#!/usr/bin/env python3
"""Hot issues and duplicates measured on the real messages of the 2020 Teddy Cup (problem C,
附件3 `messages_with_votes.csv`), against labels made by reading them (`bench/labels/
tipdm2020c.json`: message ids only; how they were made: docs/topics.md, "Evaluation").

    .venv/bin/python bench/hot_issues_tipdm.py [--csv PATH] [--top 10] [--json]

Prints the top groups (size, label, how many of a labelled problem's messages each holds,
off-topic and left out for the labelled problems) and the duplicate detector's precision and
recall on the labelled pairs, text similarity alone against similarity + the same place.
The data is never copied into the project; without the file the script says so and stops.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lianxi.topics.engine.grouping import Group, cluster, describe, rank  # noqa: E402
from lianxi.topics.engine.index import Index  # noqa: E402
from lianxi.topics.engine.text import terms  # noqa: E402

# ../shared/data next to the main checkout (/work/main) or a helper's worktree (/work/wt/x).
CANDIDATES = [
    base / "shared" / "data" / "tipdm2020c" / "messages_with_votes.csv"
    for base in (ROOT.parent, ROOT.parent.parent)
]
LABELS = ROOT / "bench" / "labels" / "tipdm2020c.json"
THRESHOLDS = (0.25, 0.3, 0.35, 0.4)
DUPLICATE_MIN_SCORE = 0.3  # as lianxi/topics/similar.py (not imported: it needs Django)


def data_file() -> Path | None:
    for path in CANDIDATES:
        if path.is_file():
            return path
    return None


def _time(value: str) -> datetime | None:
    for fmt in ("%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
    return None


def load(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def evaluate(path: Path, top: int = 10) -> dict[str, Any]:
    rows = load(path)
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    index = Index()
    counts: dict[str, Counter[str]] = {}
    for row in rows:
        counts[row["留言编号"]] = terms(row["留言主题"], row["留言详情"])
        index.add(row["留言编号"], counts[row["留言编号"]], weigh=False)
    index.finalise()
    times = [_time(r["留言时间"]) for r in rows]
    started = time.perf_counter()
    groups = [Group(m) for m in cluster(index, times=times, max_gap_days=90)]
    seconds = time.perf_counter() - started
    votes = [float(int(r["反对数"] or 0) + int(r["点赞数"] or 0)) for r in rows]
    rank(groups, times, votes, max(t for t in times if t is not None))
    titles = [r["留言主题"] for r in rows]
    truth = {name: set(ids) for name, ids in labels["groups"].items()}
    listed = []
    for group in groups[:top]:
        describe(index, group, titles)
        ids = {index.keys[d] for d in group.members}
        best = max(truth, key=lambda name: len(truth[name] & ids))
        entry: dict[str, Any] = {"size": len(ids), "label": group.label}
        if truth[best] & ids:
            entry["problem"] = best
            entry["off_topic"] = len(ids - truth[best])
            entry["left_out"] = len(truth[best] - ids)
        listed.append(entry)
    problems = {}
    for name, ids in truth.items():
        holding = [g for g in groups if ids & {index.keys[d] for d in g.members}]
        problems[name] = {
            "labelled": len(ids),
            "groups": len(holding),
            "largest": max((len(g.members) for g in holding), default=0),
        }
    return {
        "messages": len(rows),
        "cluster_seconds": round(seconds, 2),
        "top": listed,
        "problems": problems,
        "distinct_labels_in_top": len({r["label"] for r in listed}),
        "duplicates": _pairs(index, counts, labels["pairs"]),
    }


def _pairs(index: Index, counts: dict[str, Counter[str]], pairs: list[list[Any]]) -> dict[str, Any]:
    scored = []
    for a, b, label in pairs:
        vec = index.query_vector(counts[a])
        doc = index.position[b]
        own = (index.doc_places[index.position[a]], index.doc_place_terms[index.position[a]])
        score = index.score(vec, doc, *own)[0]
        place = index.same_place(counts[a], doc) or index.same_place(counts[b], index.position[a])
        scored.append((score, bool(place), bool(label)))
    out: dict[str, Any] = {"pairs": len(pairs), "duplicates": sum(y for _s, _p, y in scored)}
    for threshold in THRESHOLDS:
        for rule in ("text", "same_place"):
            found = [y for s, p, y in scored if s >= threshold and (p or rule == "text")]
            hits = sum(found)
            out[f"{rule}@{threshold}"] = {
                "precision": round(hits / len(found), 3) if found else None,
                "recall": round(hits / out["duplicates"], 3),
            }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=None)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    path = args.csv or data_file()
    if path is None or not path.is_file():
        sys.exit("messages_with_votes.csv not found (give --csv)")
    result = evaluate(path, args.top)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    print(f"{result['messages']} messages, grouped in {result['cluster_seconds']} s")
    for n, row in enumerate(result["top"], 1):
        extra = ""
        if "problem" in row:
            extra = (
                f"  [{row['problem']}: off-topic {row['off_topic']}, left out {row['left_out']}]"
            )
        print(f"{n:2}. {row['size']:3}  {row['label']}{extra}")
    for name, figures in result["problems"].items():
        print(f"{name}: {figures}")
    dup = result["duplicates"]
    print(f"labelled pairs: {dup['pairs']} ({dup['duplicates']} duplicates)")
    for threshold in THRESHOLDS:
        text, place = dup[f"text@{threshold}"], dup[f"same_place@{threshold}"]
        print(
            f"  ≥ {threshold}: text only P {text['precision']} R {text['recall']};"
            f" same place P {place['precision']} R {place['recall']}"
        )


if __name__ == "__main__":
    main()

"""Demo data of the search app: the index over the demo city's cases, built last."""

from __future__ import annotations

from tqdm import tqdm

from lianxi.cases.models import Case
from lianxi.search.committee import reindex_committee
from lianxi.search.legislation import reindex_legislation
from lianxi.search.reindex import optimise, reindex_cases


def generate(seed: int, *, progress: bool = False) -> dict[str, int]:
    """Index every case, notice and material (the demo writes rows directly, and backdates
    them, so no action announced them)."""
    with tqdm(total=Case.objects.count(), desc="搜索索引", disable=not progress) as bar:
        counts = reindex_cases(bar.update)
    others = reindex_committee() + reindex_legislation()
    optimise()
    return {"搜索索引条目": counts["written"] + others}

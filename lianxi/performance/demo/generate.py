"""Demo data of performance records: this year's lines rebuilt from the demo city's visits,
duty, cases, suggestions, comments, trainings, activities and notices, scored by the default
scheme (saved as version 1); the best-graded records get a published summary. One audit
event `demo.generate_performance` with the counts."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from lianxi.audit.log import log
from lianxi.directory.models import Deputy
from lianxi.performance import defaults
from lianxi.performance.backfill import rebuild_year
from lianxi.performance.models import Record, Scheme, SchemeItem, SchemeVersion
from lianxi.performance.scoring import recompute_year

SUMMARY = "{name}代表{year}年度积极履职：走访选民、进站接待群众，按期答复群众诉求，提出的建议办理成效明显。"


def generate(seed: int, *, progress: bool = False) -> dict[str, int]:
    if Scheme.objects.exists() or not Deputy.objects.exists():
        return {}
    year = timezone.localdate().year
    with transaction.atomic():
        lines = rebuild_year(year)
        scheme, _created = Scheme.objects.get_or_create(year=year)
        version = SchemeVersion.objects.create(
            scheme=scheme, number=1, base=defaults.BASE, note="默认方案", **defaults.BANDS
        )
        SchemeItem.objects.bulk_create(
            [
                SchemeItem(version=version, kind=kind, points=points, cap=cap)
                for kind, (points, cap) in defaults.ITEMS.items()
            ]
        )
        scored = recompute_year(year)
        best = list(
            Record.objects.filter(year=year, grade="excellent")
            .select_related("deputy")
            .order_by("-score", "pk")[:20]
        )
        for record in best:
            record.published = True
            record.summary = SUMMARY.format(name=record.deputy.name, year=year)
        Record.objects.bulk_update(best, ["published", "summary"])
        log(
            None,
            "demo.generate_performance",
            None,
            {"seed": seed, "year": year, "lines": lines, "records": scored},
        )
    return {"履职记录": lines, "履职档案": scored}

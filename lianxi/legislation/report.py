"""The figures of the feedback report (采纳情况反馈) and the staff summary, per article: how
many comments, from whom, how they were disposed of, the reasons given, and what became of
the article in the next version. One grouped query, whatever the number of comments."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count

from lianxi.legislation.compare import compare
from lianxi.legislation.models import Comment, Consultation, Disposition, Provision, Source, Version

WHOLE = 0  # the key of comments on the whole draft


@dataclass
class ArticleLine:
    article: Provision | None  # None: the whole draft
    total: int = 0
    by_source: Counter[str] = field(default_factory=Counter)
    by_disposition: Counter[str] = field(default_factory=Counter)
    reasons: list[str] = field(default_factory=list)
    next_status: str = ""  # same, changed, removed ("" without a next version)
    next_label: str = ""

    @property
    def adopted(self) -> int:
        return self.by_disposition[Disposition.ADOPTED] + self.by_disposition[Disposition.PARTLY]

    @property
    def label(self) -> str:
        return self.article.label if self.article is not None else "全文"


COUNTS_SECONDS = 60  # the public counts may lag a minute; a new comment refreshes them


def counts_key(consultation_id: int) -> str:
    return f"legislation:counts:{consultation_id}"


def counts_by_article(consultation: Consultation) -> dict[int, int]:
    """Shown comments per article id (for the public draft page), cached briefly: one
    grouped query over every comment otherwise runs on each view of the draft."""
    found = cache.get(counts_key(consultation.pk))
    if found is None:
        found = _counts(consultation)
        cache.set(counts_key(consultation.pk), found, COUNTS_SECONDS)
    return found  # type: ignore[no-any-return]


def _counts(consultation: Consultation) -> dict[int, int]:
    rows = (
        consultation.comments.shown()
        .exclude(article=None)
        .values_list("article_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)  # type: ignore[arg-type]


def lines(consultation: Consultation, version: Version | None = None) -> list[ArticleLine]:
    """One line per article of `version` (the first by default) and one for the whole draft."""
    version = version or consultation.versions.order_by("number").first()
    if version is None:
        return []
    articles = list(version.provisions.filter(kind="article").order_by("position"))
    by_id = {a.pk: ArticleLine(a) for a in articles}
    whole = ArticleLine(None)
    shown = Comment.objects.filter(consultation=consultation, version=version).shown()
    for article_id, source, disposition, n in (
        shown.values_list("article_id", "source", "disposition").annotate(n=Count("id")).order_by()
    ):
        line = by_id.get(article_id, whole) if article_id else whole
        line.total += n
        line.by_source[source] += n
        line.by_disposition[disposition or ""] += n
    reasons: dict[int, list[str]] = defaultdict(list)
    for article_id, reason in (
        shown.exclude(reason="")
        .values_list("article_id", "reason")
        .distinct()
        .order_by("article_id")
    ):
        if len(reasons[article_id or WHOLE]) < 5:
            reasons[article_id or WHOLE].append(reason)
    for key, found in reasons.items():
        (by_id.get(key, whole) if key else whole).reasons = found
    following = consultation.versions.filter(number__gt=version.number).order_by("number").first()
    if following is not None:
        for row in compare(version, following):
            if row.old is not None and row.old.pk in by_id:
                line = by_id[row.old.pk]
                line.next_status = row.status
                line.next_label = row.new.label if row.new is not None else ""
    return [whole, *by_id.values()]


def totals(found: list[ArticleLine]) -> ArticleLine:
    total = ArticleLine(None)
    for line in found:
        total.total += line.total
        total.by_source.update(line.by_source)
        total.by_disposition.update(line.by_disposition)
    return total


SOURCES = [Source.PUBLIC, Source.CITIZEN, Source.DEPUTY, Source.CONTACT_POINT]
DISPOSITIONS = list(Disposition)

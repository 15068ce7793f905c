"""Similar cases: an in-process index over the stored terms of recent and published cases.

The index is rebuilt from `CaseTerms` every hour and topped up with newly indexed cases at
most every `REFRESH_SECONDS`; a look-up is a few hundred postings plus one query that keeps
only the candidates the asker may be shown. Nothing here decides what is shown: see
`public_matches` (no free text of an unpublished case, ever) and `staff_duplicates` (scoped with
`Case.objects.visible_to`)."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.cases.choices import Status
from lianxi.cases.models import Case
from lianxi.cases.workflow import OPEN_STATES
from lianxi.lib.crypto import decrypt, encrypt
from lianxi.topics.engine.index import Index
from lianxi.topics.engine.text import terms
from lianxi.topics.masking import masked_title
from lianxi.topics.models import CaseTerms, Follow

WINDOW_DAYS = 365  # unpublished cases older than this are not offered as similar
REFRESH_SECONDS = 30.0
REBUILD_SECONDS = 3600.0
INLINE_BUILD_MAX = 20_000  # a first index this small is built at once (well under a second)
PUBLIC_MIN_SCORE = 0.3
PUBLIC_MIN_SHARED = 3
DUPLICATE_MIN_SCORE = 0.3  # chosen on messages_with_votes.csv, see docs/topics.md
PUBLIC_LIMIT = 5


def encode(counts: Counter[str]) -> str:
    return json.dumps(counts, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def decode(text: str) -> Counter[str]:
    return Counter(json.loads(text))


@dataclass
class _State:
    index: Index
    last_pk: int
    built_at: float
    checked_at: float


_lock = threading.Lock()
_state: _State | None = None
_building = False


def reset() -> None:
    """Forget the in-process index (tests; after a bulk reindex)."""
    global _state
    with _lock:
        _state = None


def _rows(after: int) -> Any:
    since = timezone.now() - timedelta(days=WINDOW_DAYS)
    return (
        CaseTerms.objects.filter(case_id__gt=after)
        .filter(Q(case__submitted_at__gte=since) | Q(case__is_published=True))
        .order_by("case_id")
        .values_list("case_id", "terms")
        .iterator(chunk_size=5000)
    )


def _build() -> _State:
    now = time.monotonic()
    state = _State(Index(), 0, now, now)
    _top_up(state)
    return state


def _top_up(state: _State) -> None:
    for case_id, text in _rows(state.last_pk):
        state.index.add(case_id, decode(text), weigh=False)
        state.last_pk = max(state.last_pk, case_id)
    state.index.finalise()
    state.checked_at = time.monotonic()


def _build_in_background() -> None:
    """Rebuild without holding up a citizen's request; the old index serves meanwhile."""
    global _state, _building

    def run() -> None:
        global _state, _building
        try:
            fresh = _build()
            with _lock:
                _state = fresh
        finally:
            _building = False
            connection.close()

    _building = True
    threading.Thread(target=run, name="topics-similar-index", daemon=True).start()


def index() -> Index:
    """The current index: topped up with newly indexed cases every `REFRESH_SECONDS`, rebuilt
    every `REBUILD_SECONDS` (fresh statistics, old cases out of the window). Outside tests a
    large (re)build runs in a background thread: 100,000 cases take seconds to load, and until
    the first one is ready the suggestions are simply empty."""
    global _state
    now = time.monotonic()
    state = _state
    if state is not None and now - state.checked_at < REFRESH_SECONDS:
        return state.index
    with _lock:
        state = _state
        due = state is None or now - state.built_at > REBUILD_SECONDS
        small = state is None and CaseTerms.objects.count() <= INLINE_BUILD_MAX
        if due and not small and not getattr(settings, "TESTING", False):
            if not _building:
                _build_in_background()
            if state is None:
                return Index()
        elif due:
            state = _build()
        assert state is not None
        _top_up(state)
        _state = state
        return state.index


PUBLIC_STATES = (*OPEN_STATES, Status.CLOSED)  # closed ones only when published


def _eligible_public() -> Q:
    published = Q(is_published=True, status=Status.CLOSED, consent_to_publish=True)
    return Q(status__in=OPEN_STATES) | published


@dataclass
class PublicMatch:
    """A similar case found for a member of the public. Only a published one is shown as
    itself; the rest are counted (`public_similar`)."""

    case_id: int
    community_id: int | None
    score: float
    published: bool
    title: str  # masked title of a published case; empty for an unpublished one
    tracking_number: str  # only for a published case
    category: str
    place: str
    month: str
    status: str
    followers: int


def public_matches(title: str, content: str, *, limit: int = PUBLIC_LIMIT) -> list[PublicMatch]:
    """Up to `limit` open or published cases like what the citizen is typing. An unpublished
    case is described by its category, community, month and status only."""
    counts = terms(title, content)
    if len(counts) < PUBLIC_MIN_SHARED:
        return []
    hits = index().search(counts, limit=30, min_score=PUBLIC_MIN_SCORE)
    scores = {int(key): value for key, value, shared in hits if shared >= PUBLIC_MIN_SHARED}  # type: ignore[call-overload]
    if not scores:
        return []
    # Plain values, not model rows: a Case row decrypts its contact fields on load, which
    # costs more than the whole look-up and is never shown here.
    found = list(
        Case.objects.filter(pk__in=list(scores), status__in=PUBLIC_STATES).values(
            "pk",
            "status",
            "is_published",
            "consent_to_publish",
            "tracking_number",
            "submitted_at",
            "category__name",
            "community_id",
            "community__name",
        )
    )
    found = [
        r
        for r in found
        if r["status"] != Status.CLOSED or (r["is_published"] and r["consent_to_publish"])
    ]
    followers = Counter(
        Follow.objects.filter(case_id__in=[r["pk"] for r in found]).values_list(
            "case_id", flat=True
        )
    )
    labels = dict(Status.choices)
    rows = []
    for row in found:
        published = bool(row["is_published"] and row["status"] == Status.CLOSED)
        title = ""
        if published:  # rare: the masked title needs the contact's name
            title = masked_title(Case.objects.get(pk=row["pk"]))
        rows.append(
            PublicMatch(
                case_id=row["pk"],
                community_id=row["community_id"],
                score=round(scores[row["pk"]], 3),
                published=published,
                title=title,
                tracking_number=row["tracking_number"] if published else "",
                category=row["category__name"] or "",
                place=row["community__name"] or "",
                month=f"{timezone.localtime(row['submitted_at']):%Y-%m}",
                status=str(labels.get(row["status"], row["status"])),
                followers=followers[row["pk"]],
            )
        )
    rows.sort(key=lambda r: (-r.score, r.case_id))
    return rows[:limit]


@dataclass
class PublicSimilar:
    """All the public learns of similar cases: the published ones, and how many others are
    being handled (in the asker's community when one is given), nothing more of them: not
    their ids, places, months or states (an anonymous oracle otherwise)."""

    published: list[PublicMatch]
    handled: int
    place: str  # the community `handled` counts in; empty: anywhere
    follow_token: str  # the handled ones' ids, encrypted, for the follow page; empty: none


FOLLOW_MAX_AGE = 24 * 3600


def public_similar(
    title: str, content: str, *, community: Any = None, limit: int = PUBLIC_LIMIT
) -> PublicSimilar:
    matches = public_matches(title, content, limit=30)
    published = [m for m in matches if m.published][:limit]
    handled = [m for m in matches if not m.published]
    if community is not None:
        handled = [m for m in handled if m.community_id == community.pk]
    ids = sorted(m.case_id for m in handled)
    token = encrypt(json.dumps(ids)) if ids else ""  # encrypted: a signed list reads in clear
    place = community.name if community is not None else ""
    return PublicSimilar(published, len(ids), place, token)


def followed_by_token(token: str) -> list[int]:
    """The case ids a follow token names; [] for a bad or expired one."""
    try:
        ids = json.loads(decrypt(token, ttl=FOLLOW_MAX_AGE))
    except ValueError:
        return []
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def is_followable(case: Case) -> bool:
    return Case.objects.filter(pk=case.pk).filter(_eligible_public()).exists()


def case_counts(case: Case) -> Counter[str]:
    row = CaseTerms.objects.filter(case=case).values_list("terms", flat=True).first()
    return decode(row) if row else terms(case.title, case.content)


class Duplicate(NamedTuple):
    """A likely duplicate shown to staff, with why it is one in words."""

    case: Case
    score: float
    reason: str


def staff_duplicates(user: Any, case: Case, *, limit: int = 5) -> list[Duplicate]:
    """Likely duplicates of `case` among the cases `user` may see: the same problem (cosine ≥
    `DUPLICATE_MIN_SCORE`) at the same place: the same community, or a place both texts
    name. The same problem in another community is another matter, however alike the words."""
    idx = index()
    counts = case_counts(case)
    hits = idx.search(counts, limit=30, min_score=DUPLICATE_MIN_SCORE, exclude=case.pk)
    scores = {int(key): value for key, value, _shared in hits if key != case.pk}  # type: ignore[call-overload]
    if not scores:
        return []
    found = (
        Case.objects.visible_to(user)
        .filter(pk__in=list(scores))
        .exclude(status__in=[Status.MERGED, Status.DECLINED])
        .select_related("category", "community")
    )
    rows = []
    for other in found:
        place = _same_place(idx, counts, case, other)
        if not place:
            continue
        reason = place
        doc = idx.position.get(other.pk)
        words = idx.shared_words(counts, doc) if doc is not None else []
        if words:
            reason = _("%(place)s; both about %(words)s") % {
                "place": place,
                "words": "、".join(words),
            }
        rows.append(Duplicate(other, round(scores[other.pk], 3), reason))
    rows.sort(key=lambda r: (-r.score, r.case.pk))
    return rows[:limit]


def _same_place(idx: Index, counts: Counter[str], case: Case, other: Case) -> str:
    """Why the two are at the same place, in words; "" when they are not known to be."""
    if other.community is not None and case.community_id == other.community_id:
        return _("Same community: %(name)s") % {"name": other.community.name}
    doc = idx.position.get(other.pk)
    if doc is None:
        return ""
    place = idx.shared_place(counts, doc)
    if place:
        return _("Both name %(place)s") % {"place": place}
    if case.community_id is None or other.community_id is None:
        # Neither community known: a rare name both titles carry (a company, a building).
        name = idx.shared_name(counts, doc)
        if name:
            return _("Both titles name %(name)s") % {"name": name}
    return ""

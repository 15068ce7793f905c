"""Actions of the topics app: following a case, telling followers, indexing, hot issues and
supervision topics (architecture.md rule 1)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.cases.models import Case
from lianxi.core.actions import action
from lianxi.core.choices import Role
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.lib.crypto import keyed_hash
from lianxi.lib.masking import mask_phone
from lianxi.topics import hot, similar, supervision
from lianxi.topics.engine.text import terms
from lianxi.topics.models import (
    CaseTerms,
    Follow,
    FollowVia,
    HotIssueRun,
    SupervisionTopic,
    TopicStatus,
)

INDEX_BATCH = 2000


# ---------------------------------------------------------------- following


@action("topics.follow")
def follow_case(actor: Any, *, case: Case, via: str = FollowVia.ACCOUNT) -> Follow:
    """A signed-in citizen follows an open or published case instead of filing it again.
    Following twice is harmless (the first follow is returned)."""
    if not getattr(actor, "is_authenticated", False) or actor.role != Role.CITIZEN:
        raise NotAllowed(_("Sign in with your mobile phone to follow a matter."))
    if case.citizen_id == actor.pk:
        raise InvalidInput(_("This is your own matter: you already receive its updates."))
    if not similar.is_followable(case):
        raise IllegalTransition(_("This matter can no longer be followed."))
    existing = Follow.objects.filter(case=case, user=actor).first()
    if existing is not None:
        log(actor, "topics.follow", case, {"again": True})
        return existing
    phone = (actor.phone or "") if via == FollowVia.PHONE else ""
    try:
        with transaction.atomic():
            follow = Follow.objects.create(
                case=case,
                user=actor,
                phone=phone,
                phone_hash=keyed_hash(phone, "phone") if phone else "",
                via=via,
            )
    except IntegrityError:
        follow = Follow.objects.get(case=case, user=actor)
    log(actor, "topics.follow", case, {"via": via, "phone": mask_phone(phone)})
    return follow


@action("topics.unfollow")
def unfollow_case(actor: Any, *, follow: Follow) -> None:
    if not getattr(actor, "is_authenticated", False) or follow.user_id != actor.pk:
        raise NotAllowed(_("You can stop following only what you follow."))
    case = follow.case
    follow.delete()
    log(actor, "topics.unfollow", case)


def _carry_over(case: Case) -> list[int]:
    """A merged case's followers, and its own citizen, follow the case it was merged into.
    Returns the ids of the follows that moved."""
    target = case.merged_into
    if target is None:
        return []
    moved = []
    for follow in Follow.objects.filter(case=case):
        same = Follow.objects.filter(case=target)
        if follow.user_id:
            same = same.filter(user_id=follow.user_id)
        else:
            same = same.filter(phone_hash=follow.phone_hash)
        if same.exists() or (follow.user_id and follow.user_id == target.citizen_id):
            follow.delete()  # already hears of the target
        else:
            Follow.objects.filter(pk=follow.pk).update(case=target)
            moved.append(follow.pk)
    # The merged case's own citizen was told by merge_case; from now on they follow the target.
    if case.citizen_id:
        if (
            case.citizen_id != target.citizen_id
            and not Follow.objects.filter(case=target, user_id=case.citizen_id).exists()
        ):
            Follow.objects.create(case=target, user_id=case.citizen_id, via=FollowVia.MERGED)
    elif case.contact_phone and not case.is_anonymous:
        phone_hash = keyed_hash(case.contact_phone, "phone")
        if not Follow.objects.filter(case=target, phone_hash=phone_hash).exists():
            Follow.objects.create(
                case=target, phone=case.contact_phone, phone_hash=phone_hash, via=FollowVia.MERGED
            )
    return moved


def carry_over_followers(case: Case) -> int:
    """On a merge, the merged case's followers (told by the notification rules just before)
    and its citizen follow the case it was merged into. Returns how many follows moved."""
    return len(_carry_over(case))


# ---------------------------------------------------------------- the term index


@action("topics.index_cases")
def index_cases(actor: Any, *, batch: int = INDEX_BATCH) -> int:
    """Store the terms of cases not indexed yet (oldest first, `batch` at a time)."""
    rows = list(
        Case.objects.filter(terms__isnull=True)
        .order_by("pk")
        .values_list("pk", "title", "content")[:batch]
    )
    CaseTerms.objects.bulk_create(
        [CaseTerms(case_id=pk, terms=similar.encode(terms(t, c))) for pk, t, c in rows],
        ignore_conflicts=True,
    )
    log(actor, "topics.index_cases", None, {"indexed": len(rows)})
    return len(rows)


# ---------------------------------------------------------------- supervision topics


def _staff(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False) or actor.role not in {
        Role.COMMITTEE,
        Role.ADMIN,
    }:
        raise NotAllowed(_("Only committee staff decide on supervision topics."))


@action("topics.decide_topic")
def decide_topic(actor: Any, *, topic: SupervisionTopic, adopt: bool) -> SupervisionTopic:
    """Take a proposed topic up (then plan the activity) or dismiss it."""
    _staff(actor)
    if topic.status != TopicStatus.PROPOSED:
        raise IllegalTransition(_("This topic has already been decided."))
    status = TopicStatus.ADOPTED if adopt else TopicStatus.DISMISSED
    updated = SupervisionTopic.objects.filter(pk=topic.pk, status=TopicStatus.PROPOSED).update(
        status=status, decided_by=actor, decided_at=timezone.now()
    )
    if updated != 1:
        raise IllegalTransition(_("This topic has already been decided."))
    topic.refresh_from_db()
    log(actor, "topics.decide_topic", topic, {"status": status})
    return topic


# ---------------------------------------------------------------- jobs


@action("topics.refresh_hot_issues")
def refresh_hot_issues(actor: Any, *, window_days: int) -> HotIssueRun:
    """Regroup the cases of the last `window_days` days (the job; also on demand)."""
    if not 1 <= window_days <= 366:
        raise InvalidInput(_("The window must be 1 to 366 days."), field="window_days")
    run = hot.compute(window_days)
    log(actor, "topics.refresh_hot_issues", run, {"groups": run.groups, "cases": run.cases})
    return run


@action("topics.propose_topics")
def propose_topics(actor: Any, *, month: date) -> list[SupervisionTopic]:
    """This month's supervision topics (每月一题), from the last three months' referrals."""
    topics = supervision.propose(month)
    log(actor, "topics.propose_topics", None, {"month": f"{month:%Y-%m}", "topics": len(topics)})
    return topics

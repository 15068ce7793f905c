"""Publishing a closed case whose citizen consented (S7, S12): committee staff decide, from
the publication queue (`queues.queue("publish")`): publish it, or hold it with a reason."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.cases.choices import Status
from lianxi.cases.models import Case, CaseEvent
from lianxi.cases.policies import can_step
from lianxi.core.actions import action
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.core.events import announce


def can_be_published(case: Case) -> bool:
    return case.status == Status.CLOSED and case.consent_to_publish


def _set(actor: Any, case: Case, published: bool) -> Case:
    if not can_step(actor, case, "publish"):
        raise NotAllowed(_("You cannot take this step on this case."))
    if published and not can_be_published(case):
        raise IllegalTransition(_("Only a closed case whose citizen consented can be published."))
    cleared = {"publication_held_at": None, "publication_hold_reason": ""} if published else {}
    updated = Case.objects.filter(
        pk=case.pk, version=case.version, is_published=not published
    ).update(is_published=published, version=F("version") + 1, **cleared)
    if updated != 1:
        raise IllegalTransition(_("Someone else changed this case just now. Reload and try again."))
    case.refresh_from_db()
    CaseEvent.objects.create(
        case=case,
        at=timezone.now(),
        actor=actor,
        actor_label=str(actor.get_role_display()),
        step="published" if published else "unpublished",
        public=False,
    )
    return case


@action("cases.publish")
def publish_case(actor: Any, *, case: Case) -> Case:
    case = _set(actor, case, True)
    log(actor, "cases.publish", case)
    announce("cases.publish", case, actor, step="published", public=False, answer=True)
    return case


@action("cases.unpublish")
def unpublish_case(actor: Any, *, case: Case) -> Case:
    case = _set(actor, case, False)
    log(actor, "cases.unpublish", case)
    announce("cases.unpublish", case, actor, step="unpublished", public=False, answer=True)
    return case


@action("cases.hold_publication")
def hold_publication(actor: Any, *, case: Case, reason: str) -> Case:
    """Keep a case waiting for publication off the queue, with the reason (e.g. it names a
    neighbour). Publishing it later is still possible and clears the hold."""
    if not can_step(actor, case, "publish"):
        raise NotAllowed(_("You cannot take this step on this case."))
    reason = (reason or "").strip()
    if not 4 <= len(reason) <= 1000:
        raise InvalidInput(_("Give the reason in 4 to 1,000 characters."), field="reason")
    if not can_be_published(case) or case.is_published or case.publication_held_at is not None:
        raise IllegalTransition(_("Only a case waiting for publication can be held."))
    updated = Case.objects.filter(
        pk=case.pk, version=case.version, is_published=False, publication_held_at__isnull=True
    ).update(
        publication_held_at=timezone.now(),
        publication_hold_reason=reason,
        version=F("version") + 1,
    )
    if updated != 1:
        raise IllegalTransition(_("Someone else changed this case just now. Reload and try again."))
    case.refresh_from_db()
    CaseEvent.objects.create(
        case=case,
        at=timezone.now(),
        actor=actor,
        actor_label=str(actor.get_role_display()),
        step="publication_held",
        public=False,
        text=reason,
    )
    log(actor, "cases.hold_publication", case, {"reason": reason})
    announce("cases.hold_publication", case, actor, step="publication_held", public=False)
    return case

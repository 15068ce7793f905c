"""Every change retention makes: archiving old audit events, anonymising closed cases past
their period, and a citizen's deletion request from filing to approval or refusal."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.accounts.models import User
from lianxi.audit.log import log
from lianxi.cases.models import Case
from lianxi.core.actions import action
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.core.events import announce
from lianxi.retention import anonymise, archive
from lianxi.retention.checks import MINIMUM_AUDIT_DAYS
from lianxi.retention.models import (
    AnonymisedCase,
    AuditArchive,
    DeletionRequest,
    Reason,
    RequestStatus,
)
from lianxi.retention.policies import can_file_request, can_handle_requests, can_run_retention

BATCH = 2000  # cases per anonymisation run: one transaction stays short


def _require_runner(actor: Any) -> None:
    # The scheduled jobs act as the system (None); a person must be an administrator.
    if actor is not None and not can_run_retention(actor):
        raise NotAllowed(_("Only administrators run retention by hand."))


@action("retention.archive_audit")
def archive_audit(actor: Any) -> AuditArchive | None:
    """Move the audit events past AUDIT_RETENTION_DAYS to a new archive file. Refused, like
    the system check, when the setting is under the legal minimum (a job started anyway)."""
    _require_runner(actor)
    if settings.AUDIT_RETENTION_DAYS < MINIMUM_AUDIT_DAYS:
        raise IllegalTransition(
            _("Audit events must be kept at least %(n)d days: nothing was archived.")
            % {"n": MINIMUM_AUDIT_DAYS}
        )
    now = timezone.now()
    try:
        record = archive.write(archive.due(now), now)
    except archive.ChainBroken as exc:
        raise IllegalTransition(
            _("The audit chain is broken at %(where)s: nothing was archived.")
            % {"where": exc.where}
        ) from exc
    if record is None:
        log(actor, "retention.archive_audit", None, {"events": 0})
        return None
    log(
        actor,
        "retention.archive_audit",
        record,
        {
            "events": record.events,
            "first_id": record.first_id,
            "last_id": record.last_id,
            "last_hash": record.last_hash,
            "days": settings.AUDIT_RETENTION_DAYS,
        },
    )
    return record


@action("retention.anonymise_closed")
def anonymise_closed(actor: Any, *, limit: int | None = None) -> anonymise.Counts:
    """Anonymise up to `limit` (BATCH) closed cases past PERSONAL_DATA_RETENTION_DAYS."""
    _require_runner(actor)
    now = timezone.now()
    ids = list(anonymise.due(now).order_by("pk").values_list("pk", flat=True)[: limit or BATCH])
    counts = anonymise.anonymise(Case.objects.filter(pk__in=ids), now, Reason.PERIOD)
    data: dict[str, Any] = counts.as_dict()
    data["days"] = settings.PERSONAL_DATA_RETENTION_DAYS
    if counts.ids:
        data["case_ids"] = [counts.ids[0], counts.ids[-1]]
    log(actor, "retention.anonymise_closed", None, data)
    return counts


def anonymise_all(actor: Any) -> anonymise.Counts:
    """Every batch until none is left, each its own action (and transaction); the total."""
    total = anonymise.Counts()
    while True:
        counts = anonymise_closed(actor)
        total.add(counts)
        if counts.cases < BATCH:
            return total


@action("retention.file_request")
def file_request(actor: Any, *, reason: str = "") -> DeletionRequest:
    if not can_file_request(actor):
        raise NotAllowed(_("Only a citizen can ask for their own personal data to be deleted."))
    reason = (reason or "").strip()
    if len(reason) > 1000:
        raise InvalidInput(_("The reason is at most 1000 characters."), field="reason")
    if DeletionRequest.objects.filter(citizen=actor, status=RequestStatus.PENDING).exists():
        raise IllegalTransition(_("You have a request waiting to be handled already."))
    request = DeletionRequest.objects.create(citizen=actor, reason=reason, filed_at=timezone.now())
    log(actor, "retention.file_request", request, {"reason_given": bool(reason)})
    announce("retention.file_request", request, actor)
    return request


def _pending(actor: Any, request: DeletionRequest) -> DeletionRequest:
    if (
        not can_handle_requests(actor)
        or not DeletionRequest.objects.visible_to(actor).filter(pk=request.pk).exists()
    ):
        raise NotAllowed(_("You may not handle this request."))
    fresh = DeletionRequest.objects.select_for_update().get(pk=request.pk)
    if fresh.status != RequestStatus.PENDING:
        raise IllegalTransition(_("This request has been handled already."))
    return fresh


def open_cases(citizen: User) -> int:
    return Case.objects.filter(citizen=citizen).exclude(status__in=anonymise.FINAL).count()


@action("retention.approve_request")
def approve_request(actor: Any, request: DeletionRequest, *, answer: str = "") -> DeletionRequest:
    """Delete the citizen's personal data: their closed cases anonymised, their account
    emptied and closed. Refused while any of their cases is still being handled (the law lets
    the data be kept while the matter it serves is open)."""
    request = _pending(actor, request)
    citizen = request.citizen
    still_open = open_cases(citizen)
    if still_open:
        raise IllegalTransition(
            _(
                "%(n)s of this citizen's matters are still being handled: approve once they are "
                "closed, or refuse with the reason."
            )
            % {"n": still_open}
        )
    now = timezone.now()
    request.status, request.handled_by, request.handled_at = RequestStatus.APPROVED, actor, now
    request.answer = (answer or "").strip()[:1000]
    # Tell the citizen first: the message goes to the phone still on their account.
    announce("retention.approve_request", request, actor)
    counts = anonymise.anonymise(
        Case.objects.filter(citizen=citizen).exclude(
            pk__in=AnonymisedCase.objects.values("case_id")
        ),
        now,
        Reason.REQUEST,
        request,
    )
    request.cases_anonymised = counts.cases
    request.save()
    _empty_account(citizen)
    log(actor, "retention.approve_request", request, {"citizen": citizen.pk, **counts.as_dict()})
    return request


def _empty_account(citizen: User) -> None:
    citizen.username = f"deleted-{citizen.pk}"
    citizen.display_name = citizen.first_name = citizen.last_name = citizen.email = ""
    citizen.phone = ""
    citizen.home_community = None
    citizen.is_active = False
    citizen.set_unusable_password()
    citizen.save()


@action("retention.refuse_request")
def refuse_request(actor: Any, request: DeletionRequest, *, answer: str) -> DeletionRequest:
    request = _pending(actor, request)
    answer = (answer or "").strip()
    if not answer:
        raise InvalidInput(
            _("Give the reason for refusing: the citizen is told it."), field="answer"
        )
    if len(answer) > 1000:
        raise InvalidInput(_("The reason is at most 1000 characters."), field="answer")
    request.status, request.handled_by, request.handled_at = (
        RequestStatus.REFUSED,
        actor,
        timezone.now(),
    )
    request.answer = answer
    request.save()
    log(actor, "retention.refuse_request", request, {"citizen": request.citizen_id})
    announce("retention.refuse_request", request, actor)
    return request

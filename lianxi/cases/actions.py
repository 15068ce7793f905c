"""Every step of a case is an action: permission, state check, audit, timeline, notification,
in one transaction. Concurrent steps on one case cannot both win (compare-and-set on
`version`)."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.cases import workflow
from lianxi.cases.choices import (
    OUTCOME_OF_RESULT,
    Outcome,
    ReferralRole,
    ReferralStatus,
    Satisfaction,
    Status,
)
from lianxi.cases.deadlines import applicable, deputy_due_from
from lianxi.cases.models import Case, CaseEvent, IdempotencyKey, OutOfScopeRule, Rating, Referral
from lianxi.cases.policies import can_step, lead_referral_for
from lianxi.cases.routing import route, suggest_routing
from lianxi.cases.throttle import count_filing
from lianxi.core.actions import action
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.core.events import announce
from lianxi.core.workdays import add_workdays
from lianxi.directory.models import Area, Category, Department, Deputy, Station
from lianxi.lib.crypto import keyed_hash
from lianxi.lib.masking import mask_phone
from lianxi.lib.phones import normalise_mobile

RETURN_WINDOW_WORKDAYS = 3
RATING_WINDOW_DAYS = 7
MAX_REOPENS = 1
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L


class IdempotencyConflict(InvalidInput):
    """The same Idempotency-Key came with another body (answer 422)."""


class InFlight(IllegalTransition):
    """The first request with this key has not finished yet (answer 409)."""


@dataclass
class Intake:
    kind: str
    title: str
    content: str
    channel: str
    category: Category | None = None
    community: Area | None = None
    address: str = ""
    target_deputy: Deputy | None = None
    target_station: Station | None = None
    contact_name: str = ""
    contact_phone: str = ""
    is_anonymous: bool = False
    consent_to_publish: bool = False
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    # The named client system that relayed it (an Open311 key's holder), for the audit trail.
    via: str = ""


@dataclass
class Submitted:
    case: Case
    query_code: str
    replayed: bool = False

    def response(self) -> dict[str, Any]:
        return {
            "id": self.case.pk,
            "tracking_number": self.case.tracking_number,
            "query_code": self.query_code,
            "status": self.case.status,
        }


def query_code_hash(number: str, code: str) -> str:
    return keyed_hash(f"{number}:{code.strip().upper()}", "case-query")


def _event(case: Case, actor: Any, step: str, *, public: bool, text: str = "", **data: Any) -> None:
    label = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        label = str(actor.get_role_display())
    CaseEvent.objects.create(
        case=case,
        at=timezone.now(),
        actor=actor if label else None,
        actor_label=label,
        step=step,
        public=public,
        text=text,
        data=data,
    )


def _internal_note(case: Case, actor: Any, note: str) -> None:
    """A staff-only note typed with a step (the referral's note for the department, the
    reason behind a decline): on the staff timeline only."""
    note = (note or "").strip()
    if note:
        _event(case, actor, "note", public=False, text=note[:1000])


def _advance(actor: Any, case: Case, step: str, **fields: Any) -> Case:
    """Move `case` along `step`, only if nobody moved it since it was read."""
    if not can_step(actor, case, step):
        raise NotAllowed(_("You cannot take this step on this case."))
    new_status = workflow.target(step, case.status)
    updated = Case.objects.filter(pk=case.pk, version=case.version, status=case.status).update(
        status=new_status, version=F("version") + 1, **fields
    )
    if updated != 1:
        raise IllegalTransition(_("Someone else changed this case just now. Reload and try again."))
    case.refresh_from_db()
    return case


# ---------------------------------------------------------------- intake


def _validate(data: Intake) -> Intake:
    title, content = data.title.strip(), data.content.strip()
    if not 4 <= len(title) <= 80:
        raise InvalidInput(_("The title needs 4 to 80 characters."), field="title")
    if not 10 <= len(content) <= 5000:
        raise InvalidInput(_("The content needs 10 to 5,000 characters."), field="content")
    if data.community is not None and data.community.level != 5:
        raise InvalidInput(_("Choose a community or village."), field="community")
    phone = ""
    if data.contact_phone:
        phone = normalise_mobile(data.contact_phone) or ""
        if not phone:
            raise InvalidInput(
                _("Enter an 11-digit mainland mobile number."), field="contact_phone"
            )
    if data.target_deputy is not None and data.target_deputy.status != "serving":
        raise InvalidInput(_("This deputy is no longer serving."), field="target_deputy")
    data.title, data.content, data.contact_phone = title, content, phone
    data.contact_name = data.contact_name.strip()[:40]
    return data


def _body_hash(data: Intake) -> str:
    body = {k: (v.pk if hasattr(v, "pk") else v) for k, v in vars(data).items()}
    body = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in body.items()}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass
class Prepared:
    """What intake works out before its transaction opens (no write lock held meanwhile)."""

    data: Intake
    body_hash: str
    signed_in: bool
    category: Category | None
    deputy_id: int | None
    station_id: int | None
    code: str
    phone_hash: str
    suggestion: Any = None  # the routing model's suggestion, recorded by lianxi/insight


def _prepare_submit(
    actor: Any,
    *,
    data: Intake,
    idempotency_key: str | None = None,
    **_kwargs: Any,
) -> dict[str, Any]:
    data = _validate(data)
    signed_in = getattr(actor, "is_authenticated", False) and actor.role == "citizen"
    if data.is_anonymous and (data.contact_phone or signed_in):
        data.is_anonymous = False
    category = data.category
    suggestion = suggest_routing(data.title + " " + data.content)  # category + department, ~1 ms
    if category is None and suggestion.category_id is not None:
        category = Category.objects.filter(pk=suggestion.category_id, is_active=True).first()
    deputy_id, station_id = route(data.community, data.target_deputy, data.target_station)
    return {
        "prepared": Prepared(
            data=data,
            body_hash=_body_hash(data) if idempotency_key else "",
            signed_in=signed_in,
            category=category,
            deputy_id=deputy_id,
            station_id=station_id,
            code="".join(secrets.choice(CODE_ALPHABET) for _i in range(6)),
            phone_hash=keyed_hash(data.contact_phone, "phone") if data.contact_phone else "",
            suggestion=suggestion,
        )
    }


WEB_KEYS = "web"  # the client of the web form's one-time tokens


def key_client(actor: Any) -> str:
    """Whose Idempotency-Keys these are: a signed-in account's own, or the shared scope of
    filings without an account (see IdempotencyKey). The web form's one-time tokens, minted
    by the server, have their own scope (WEB_KEYS)."""
    return f"user:{actor.pk}" if getattr(actor, "is_authenticated", False) else ""


def _claim_key(actor: Any, client: str, key: str, body_hash: str) -> IdempotencyKey | Submitted:
    """The key's row, new; or the first answer given for it (a replay). Keys are unique per
    client. One statement when the key is new (no savepoint): INSERT … ON CONFLICT DO NOTHING
    (PostgreSQL, SQLite ≥ 3.35)."""
    table, client_column, key_column = (
        connection.ops.quote_name(n) for n in (IdempotencyKey._meta.db_table, "client", "key")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({client_column}, {key_column}, body_hash, created_at) "  # noqa: S608
            f"VALUES (%s, %s, %s, %s) "
            f"ON CONFLICT ({client_column}, {key_column}) DO NOTHING RETURNING id",
            [
                client,
                key[:100],
                body_hash,
                connection.ops.adapt_datetimefield_value(timezone.now()),
            ],
        )
        row = cursor.fetchone()
    if row is not None:
        return IdempotencyKey(pk=row[0], client=client, key=key[:100], body_hash=body_hash)
    existing = IdempotencyKey.objects.select_related("case").get(client=client, key=key[:100])
    if existing.body_hash != body_hash:
        raise IdempotencyConflict(
            _("This Idempotency-Key was used with a different request.")
        ) from None
    if existing.response is None or existing.case is None:
        raise InFlight(_("The first request with this key is still being processed.")) from None
    log(actor, "cases.submit.replay", existing.case)
    return Submitted(existing.case, existing.response["query_code"], replayed=True)


def _insert_case(actor: Any, p: Prepared) -> Case:
    """One INSERT; a clash of random tracking numbers (rare) retries with another."""
    data = p.data
    case = Case(
        query_code_hash="",
        kind=data.kind,
        title=data.title,
        content=data.content,
        category=p.category,
        community=data.community,
        address=data.address,
        latitude=data.latitude,
        longitude=data.longitude,
        channel=data.channel,
        citizen=actor if p.signed_in else None,
        contact_name=data.contact_name,
        contact_phone=data.contact_phone,
        contact_phone_hash=p.phone_hash,
        is_anonymous=data.is_anonymous,
        consent_to_publish=data.consent_to_publish,
        target_deputy=data.target_deputy,
        target_station=data.target_station,
        deputy_id=p.deputy_id,
        station_id=p.station_id,
        submitted_at=timezone.now(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    today = timezone.localdate()
    for _attempt in range(20):
        case.tracking_number = f"{today:%y%m%d}{secrets.randbelow(10**6):06d}"
        case.query_code_hash = query_code_hash(case.tracking_number, p.code)
        try:
            with transaction.atomic():
                case.save(force_insert=True)
            return case
        except IntegrityError:
            if Case.objects.filter(tracking_number=case.tracking_number).exists():
                continue
            raise
    raise RuntimeError("could not allocate a tracking number")


@action("cases.submit", prepare=_prepare_submit)
def submit_case(
    actor: Any,
    *,
    data: Intake,
    idempotency_key: str | None = None,
    key_scope: str | None = None,
    limits: Mapping[str, str] | None = None,
    prepared: Prepared | None = None,
) -> Submitted:
    """Create a case. With an idempotency key, a replay returns the first answer; keys are
    unique per client (`key_scope`, by default `key_client(actor)`). `limits`
    (scope → who: address, session, client) counts the filing against the intake limits,
    and against its phone's too; intake on staff's behalf passes none."""
    assert prepared is not None  # supplied by _prepare_submit
    key_row = None
    if idempotency_key:
        client = key_client(actor) if key_scope is None else key_scope
        claimed = _claim_key(actor, client, idempotency_key, prepared.body_hash)
        if isinstance(claimed, Submitted):
            return claimed
        key_row = claimed
    if limits is not None:  # a new filing (not a replay); refused: audited as denied by @action
        phone = {"phone": prepared.phone_hash} if prepared.phone_hash else {}
        count_filing({**limits, **phone})
    case = _insert_case(actor, prepared)
    _event(case, actor, "submitted", public=True, channel=prepared.data.channel)
    log(
        actor,
        "cases.submit",
        case,
        {"channel": prepared.data.channel, "phone": mask_phone(prepared.data.contact_phone)}
        | ({"via": prepared.data.via} if prepared.data.via else {}),
    )
    submitted = Submitted(case, prepared.code)
    if key_row is not None:
        key_row.case = case
        key_row.response = submitted.response()
        key_row.save(update_fields=["case", "response"])
    # Routing record (insight), search index (search) and the rest subscribe to this.
    announce(
        "cases.submit",
        case,
        actor,
        step="submitted",
        public=True,
        suggestion=prepared.suggestion,
        suggestion_applied=prepared.data.category is None,
    )
    return submitted


def filed_with_key(client: str, key: str) -> Submitted | None:
    """The filing made with idempotency key `key` of `client`, once committed; None before."""
    row = IdempotencyKey.objects.select_related("case").filter(client=client, key=key[:100]).first()
    if row is None or row.case is None or row.response is None:
        return None
    return Submitted(row.case, row.response["query_code"], replayed=True)


def find_by_tracking(number: str, code: str) -> Case | None:
    case = Case.objects.filter(tracking_number=(number or "").strip()).first()
    if case is None or not secrets.compare_digest(
        case.query_code_hash, query_code_hash(case.tracking_number, code or "")
    ):
        return None
    return case


# ---------------------------------------------------------------- triage


@action("cases.accept")
def accept_case(
    actor: Any,
    *,
    case: Case,
    deputy: Deputy | None = None,
    station: Station | None = None,
    note: str = "",
    category: Category | None = None,
) -> Case:
    deputy = deputy or case.deputy
    station = station or case.station
    if deputy is None:
        raise InvalidInput(_("Choose the deputy responsible for this case."), field="deputy")
    if deputy.status != "serving":
        raise InvalidInput(_("This deputy is no longer serving."), field="deputy")
    corrected = category is not None and category.pk != case.category_id
    if corrected and (category is None or not category.is_active or category.level < 2):
        raise InvalidInput(_("Choose a category from the list."), field="category")
    case = _advance(
        actor,
        case,
        "accept",
        deputy=deputy,
        station=station,
        accepted_at=timezone.now(),
        deputy_due=deputy_due_from(timezone.localdate()),
        **({"category": category} if corrected else {}),
    )
    _event(case, actor, "accepted", public=True, text=note, deputy=deputy.name)
    log(
        actor,
        "cases.accept",
        case,
        {"deputy": deputy.pk} | ({"category": category.pk} if corrected and category else {}),
    )
    # A corrected category is training data for routing (lianxi/insight subscribes).
    announce(
        "cases.accept",
        case,
        actor,
        step="accepted",
        public=True,
        deputy=deputy,
        corrected_category=category if corrected else None,
    )
    return case


@action("cases.decline")
def decline_case(actor: Any, *, case: Case, rule: OutOfScopeRule, note: str = "") -> Case:
    if not rule.is_active:
        raise InvalidInput(_("This rule is no longer in use."), field="rule")
    now = timezone.now()
    case = _advance(
        actor, case, "decline", decline_rule=rule, outcome=Outcome.DECLINED, closed_at=now
    )
    text = _("%(explanation)s (Basis: %(basis)s)") % {
        "explanation": rule.explanation,
        "basis": rule.legal_basis,
    }
    _event(case, actor, "declined", public=True, text=text, rule=rule.name)
    _internal_note(case, actor, note)
    log(actor, "cases.decline", case, {"rule": rule.name})
    announce("cases.decline", case, actor, step="declined", public=True, rule=rule)
    return case


@action("cases.merge")
def merge_case(actor: Any, *, case: Case, into: Case) -> Case:
    if into.pk == case.pk or into.status in {Status.MERGED, Status.DECLINED}:
        raise InvalidInput(_("Choose another open case to merge into."), field="into")
    if not can_step(actor, into, "merge"):
        raise NotAllowed(_("You cannot take this step on this case."))
    case = _advance(
        actor, case, "merge", merged_into=into, outcome=Outcome.MERGED, closed_at=timezone.now()
    )
    _event(case, actor, "merged", public=True, into=into.tracking_number)
    _event(into, actor, "absorbed", public=False, merged=case.tracking_number)
    log(actor, "cases.merge", case, {"into": into.pk})
    announce("cases.merge", case, actor, step="merged", public=True, into=into)
    return case


@action("cases.unmerge")
def unmerge_case(actor: Any, *, case: Case, reason: str) -> Case:
    """Committee staff undo a merge made in error: the case comes back to triage on its own,
    its citizen is told; the other case keeps what it had."""
    reason = _text(reason, "reason", 4)
    into = case.merged_into
    case = _advance(actor, case, "unmerge", merged_into=None, outcome="", closed_at=None)
    number = into.tracking_number if into is not None else ""
    _event(case, actor, "unmerged", public=True, text=reason, into=number)
    if into is not None:
        _event(into, actor, "unabsorbed", public=False, merged=case.tracking_number)
    log(actor, "cases.unmerge", case, {"into": into.pk if into is not None else None})
    announce("cases.unmerge", case, actor, step="unmerged", public=True, reason=reason)
    return case


@action("cases.reassign")
def reassign_case(
    actor: Any, *, case: Case, deputy: Deputy, station: Station | None = None
) -> Case:
    if deputy.status != "serving":
        raise InvalidInput(_("This deputy is no longer serving."), field="deputy")
    case = _advance(actor, case, "reassign", deputy=deputy, station=station or case.station)
    _event(case, actor, "reassigned", public=False, deputy=deputy.name)
    log(actor, "cases.reassign", case, {"deputy": deputy.pk})
    announce("cases.reassign", case, actor, step="reassigned", public=False, deputy=deputy)
    return case


# ---------------------------------------------------------------- the deputy


def _text(text: str, field: str = "text", minimum: int = 10) -> str:
    text = (text or "").strip()
    if len(text) < minimum:
        raise InvalidInput(_("Write at least %(n)d characters.") % {"n": minimum}, field=field)
    if len(text) > 5000:
        raise InvalidInput(_("Write at most 5,000 characters."), field=field)
    return text


@action("cases.reply")
def reply_to_case(actor: Any, *, case: Case, text: str) -> Case:
    """The deputy answers the citizen directly, without a department."""
    text = _text(text)
    now = timezone.now()
    case = _advance(
        actor, case, "reply", first_answer_at=case.first_answer_at or now, reported_at=now
    )
    _event(case, actor, "replied", public=True, text=text)
    log(actor, "cases.reply", case)
    announce("cases.reply", case, actor, step="replied", public=True, answer=True)
    return case


def _create_referrals(case: Case, lead: Department, co: list[Department]) -> Referral:
    if lead in co:
        raise InvalidInput(_("The lead department cannot also co-handle."), field="co")
    today = timezone.localdate()
    limit = case.category.time_limit_days if case.category else 15
    due, accept_by = add_workdays(today, limit), add_workdays(today, RETURN_WINDOW_WORKDAYS)
    now = timezone.now()
    lead_ref = Referral.objects.create(
        case=case,
        department=lead,
        role=ReferralRole.LEAD,
        referred_at=now,
        due_date=due,
        accept_by=accept_by,
    )
    for dept in co:
        Referral.objects.create(
            case=case,
            department=dept,
            role=ReferralRole.CO,
            referred_at=now,
            due_date=due,
            accept_by=accept_by,
        )
    Case.objects.filter(pk=case.pk).update(due_date=due)
    case.due_date = due
    return lead_ref


@action("cases.refer")
def refer_case(
    actor: Any,
    *,
    case: Case,
    lead: Department,
    co: list[Department] | None = None,
    note: str = "",
    disclose_contact: bool = False,
) -> Case:
    if not lead.is_active:
        raise InvalidInput(_("This department is not active."), field="lead")
    case = _advance(actor, case, "refer")
    referral = _create_referrals(case, lead, co or [])
    if disclose_contact:
        _disclose(actor, case, referral)
    _event(case, actor, "referred", public=True, department=lead.name, due=str(case.due_date))
    _internal_note(case, actor, note)  # for the department: never on the public tracking page
    log(actor, "cases.refer", case, {"lead": lead.pk, "co": [d.pk for d in co or []]})
    announce("cases.refer", case, actor, step="referred", public=True, lead=lead, co=list(co or []))
    return case


def _disclose(actor: Any, case: Case, referral: Referral) -> None:
    Referral.objects.filter(case=case, department=referral.department).update(
        contact_disclosed=True
    )
    _event(case, actor, "disclosed", public=False, department=referral.department.name)
    log(actor, "cases.disclose_contact", case, {"department": referral.department_id})
    announce(
        "cases.disclose_contact",
        case,
        actor,
        step="disclosed",
        public=False,
        department=referral.department,
    )


@action("cases.disclose_contact")
def disclose_contact(actor: Any, *, case: Case) -> Case:
    """The deputy lets the lead department see the citizen's name and phone (recorded)."""
    if not can_step(actor, case, "disclose"):
        raise NotAllowed(_("You cannot take this step on this case."))
    referral = (
        case.referrals.filter(role=ReferralRole.LEAD)
        .exclude(status=ReferralStatus.WITHDRAWN)
        .first()
    )
    if referral is None:
        raise IllegalTransition(_("The case has not been referred to a department."))
    _disclose(actor, case, referral)
    return case


# ---------------------------------------------------------------- the department


@action("cases.dept_accept")
def department_accept(actor: Any, *, case: Case) -> Case:
    referral = lead_referral_for(actor, case)
    case = _advance(actor, case, "dept_accept")
    assert referral is not None  # _advance checked the policy
    case.referrals.filter(status=ReferralStatus.PENDING).update(
        status=ReferralStatus.ACCEPTED, accepted_at=timezone.now()
    )
    _event(case, actor, "dept_accepted", public=True, department=referral.department.name)
    log(actor, "cases.dept_accept", case)
    announce(
        "cases.dept_accept",
        case,
        actor,
        step="dept_accepted",
        public=True,
        department=referral.department,
    )
    return case


@action("cases.dept_return")
def department_return(actor: Any, *, case: Case, reason: str) -> Case:
    reason = _text(reason, "reason", 5)
    referral = lead_referral_for(actor, case)
    if referral is not None and timezone.localdate() > referral.accept_by:
        raise IllegalTransition(
            _("The time to return this case ended on %(date)s; answer it or ask committee staff.")
            % {"date": referral.accept_by}
        )
    case = _advance(actor, case, "dept_return")
    assert referral is not None
    case.referrals.exclude(status=ReferralStatus.WITHDRAWN).update(status=ReferralStatus.WITHDRAWN)
    Referral.objects.filter(pk=referral.pk).update(
        status=ReferralStatus.RETURNED, returned_reason=reason
    )
    _event(
        case, actor, "dept_returned", public=False, text=reason, department=referral.department.name
    )
    log(actor, "cases.dept_return", case)
    announce(
        "cases.dept_return",
        case,
        actor,
        step="dept_returned",
        public=False,
        department=referral.department,
        reason=reason,
    )
    return case


@action("cases.reroute")
def reroute_case(
    actor: Any, *, case: Case, lead: Department, co: list[Department] | None = None
) -> Case:
    case = _advance(actor, case, "reroute")
    _create_referrals(case, lead, co or [])
    _event(case, actor, "referred", public=True, department=lead.name, due=str(case.due_date))
    log(actor, "cases.reroute", case, {"lead": lead.pk})
    announce(
        "cases.reroute", case, actor, step="referred", public=True, lead=lead, co=list(co or [])
    )
    return case


@action("cases.dept_answer")
def department_answer(actor: Any, *, case: Case, text: str, result_class: str) -> Case:
    text = _text(text, "answer")
    if result_class not in {"A", "B", "C", "D"}:
        raise InvalidInput(_("Choose the result of the handling."), field="result_class")
    referral = lead_referral_for(actor, case)
    now = timezone.now()
    case = _advance(actor, case, "dept_answer", first_answer_at=case.first_answer_at or now)
    assert referral is not None
    Referral.objects.filter(pk=referral.pk).update(
        status=ReferralStatus.ANSWERED, answer=text, result_class=result_class, answered_at=now
    )
    _event(
        case,
        actor,
        "dept_answered",
        public=True,
        text=text,
        result_class=result_class,
        department=referral.department.name,
    )
    log(actor, "cases.dept_answer", case, {"result_class": result_class})
    announce(
        "cases.dept_answer",
        case,
        actor,
        step="dept_answered",
        public=True,
        answer=True,
        department=referral.department,
        result_class=result_class,
    )
    return case


@action("cases.report_back")
def report_back(actor: Any, *, case: Case, text: str) -> Case:
    text = _text(text)
    case = _advance(actor, case, "report_back", reported_at=timezone.now())
    _event(case, actor, "reported", public=True, text=text)
    log(actor, "cases.report_back", case)
    announce("cases.report_back", case, actor, step="reported", public=True, answer=True)
    return case


# ---------------------------------------------------------------- the citizen


def answered_outcome(case: Case, *, referred: bool) -> str:
    """The outcome the answer itself gives, when the citizen does not reject it (B9): the lead
    department's result class (A solved, B being solved, C planned, D cannot); a deputy's direct
    reply says nothing about the matter being solved, so it closes as answered."""
    if not referred:
        return Outcome.ANSWERED
    result = (
        case.referrals.filter(role=ReferralRole.LEAD, status=ReferralStatus.ANSWERED)
        .order_by("-answered_at", "-id")
        .values_list("result_class", flat=True)
        .first()
    )
    return OUTCOME_OF_RESULT.get(result or "", Outcome.ANSWERED)


@action("cases.rate")
def rate_case(
    actor: Any, *, case: Case, deputy_rating: str, department_rating: str = "", comment: str = ""
) -> Case:
    valid = set(Satisfaction.values)
    if deputy_rating not in valid:
        raise InvalidInput(_("Rate the deputy's handling."), field="deputy_rating")
    # The department is rated when this round's answer came through one (report_back).
    last = case.events.filter(step__in=["replied", "reported"]).order_by("-id").first()
    referred = last is not None and last.step == "reported"
    if referred and department_rating not in valid:
        raise InvalidInput(_("Rate the department's result."), field="department_rating")
    if not referred:
        department_rating = ""
    unsatisfied = Satisfaction.UNSATISFIED in {deputy_rating, department_rating}
    now = timezone.now()
    outcome = Outcome.NOT_SOLVED if unsatisfied else answered_outcome(case, referred=referred)
    round_ = case.reopen_count
    case = _advance(actor, case, "rate", outcome=outcome, closed_at=now)
    try:
        with transaction.atomic():
            Rating.objects.create(
                case=case,
                round=round_,
                deputy_rating=deputy_rating,
                department_rating=department_rating,
                comment=comment.strip()[:1000],
                rated_at=now,
            )
    except IntegrityError:
        raise IllegalTransition(_("This case has already been rated.")) from None
    _event(
        case,
        actor,
        "rated",
        public=True,
        deputy=deputy_rating,
        department=department_rating,
        outcome=outcome,
    )
    log(actor, "cases.rate", case, {"deputy": deputy_rating, "department": department_rating})
    announce(
        "cases.rate",
        case,
        actor,
        step="rated",
        public=True,
        deputy_rating=deputy_rating,
        department_rating=department_rating,
    )
    return case


@action("cases.reopen")
def reopen_case(actor: Any, *, case: Case, reason: str) -> Case:
    reason = _text(reason, "reason", 5)
    if case.reopen_count >= MAX_REOPENS:
        raise IllegalTransition(_("A case can be reopened only once."))
    if case.outcome != Outcome.NOT_SOLVED:
        raise IllegalTransition(_("Only a case closed as not solved can be reopened."))
    case = _advance(
        actor,
        case,
        "reopen",
        reopen_count=case.reopen_count + 1,
        deputy_due=deputy_due_from(timezone.localdate()),
        reminded_on=None,
        outcome="",
        closed_at=None,
        reported_at=None,
    )
    _event(case, actor, "reopened", public=True, text=reason)
    log(actor, "cases.reopen", case)
    announce("cases.reopen", case, actor, step="reopened", public=True, reason=reason)
    return case


@action("cases.chase")
def chase_case(actor: Any, *, case: Case) -> Case:
    """A citizen presses for an overdue answer."""
    if not can_step(actor, case, "chase"):
        raise NotAllowed(_("You cannot take this step on this case."))
    deadline = applicable(case)
    if deadline is None or deadline.due >= timezone.localdate():
        raise IllegalTransition(_("You can press for an answer once the due date has passed."))
    if case.events.filter(step="chased", at__gte=timezone.now() - timedelta(days=1)).exists():
        raise IllegalTransition(_("You pressed for an answer less than a day ago."))
    _event(case, actor, "chased", public=True)
    log(actor, "cases.chase", case)
    announce("cases.chase", case, actor, step="chased", public=True)
    return case


@action("cases.close_unrated")
def close_unrated(actor: Any, *, case: Case) -> Case:
    """Run by the periodic job once the 7-day rating window has passed."""
    if case.status != Status.REPORTED or not case.reported_at:
        raise IllegalTransition(_("Only a case awaiting rating can close unrated."))
    if timezone.now() - case.reported_at < timedelta(days=RATING_WINDOW_DAYS):
        raise IllegalTransition(_("The rating window is still open."))
    new_status = workflow.target("close_unrated", case.status)
    if (
        Case.objects.filter(pk=case.pk, version=case.version).update(
            status=new_status,
            outcome=Outcome.UNRATED,
            closed_at=timezone.now(),
            version=F("version") + 1,
        )
        != 1
    ):
        raise IllegalTransition(_("Someone else changed this case just now. Reload and try again."))
    case.refresh_from_db()
    _event(case, None, "closed_unrated", public=True)
    log(actor, "cases.close_unrated", case)
    announce("cases.close_unrated", case, actor, step="closed_unrated", public=True)
    return case


@action("cases.note")
def add_note(actor: Any, *, case: Case, text: str) -> CaseEvent:
    if not can_step(actor, case, "note"):
        raise NotAllowed(_("You cannot take this step on this case."))
    text = _text(text, "text", 2)
    _event(case, actor, "note", public=False, text=text)
    log(actor, "cases.note", case)
    announce("cases.note", case, actor, step="note", public=False)
    return case.events.latest("id")

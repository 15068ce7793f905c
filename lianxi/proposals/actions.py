"""Every step of a suggestion or bill: draft, co-sign, file, review, assign, return, handle,
reply, rate. Each is audited and announced (notifications/rules/proposals.py tells people)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.cases.models import Case, CaseEvent
from lianxi.core.actions import action
from lianxi.core.choices import Role
from lianxi.core.errors import InvalidInput, NotAllowed
from lianxi.core.events import announce
from lianxi.core.workdays import add_workdays, workdays_between
from lianxi.directory.models import Category, Department, Deputy
from lianxi.proposals.choices import ContactMethod, CosignStatus, Kind, Rating, Result, Status
from lianxi.proposals.models import Answer, CoOpinion, Cosigner, Proposal, Version
from lianxi.proposals.policies import (
    co_unit_of,
    cosigners_needed,
    is_author,
    is_lead_handler,
    is_staff_over,
)
from lianxi.proposals.workflow import MERGE_TARGETS, target
from lianxi.topics.models import HotIssue, SupervisionTopic, TopicStatus

RETURN_WINDOW = 7  # working days a unit has to ask for a misassigned item back
DUE_MONTHS = {False: 3, True: 6}  # ordinary, complex


@dataclass
class Draft:
    kind: str
    title: str
    body: str
    reasons: str = ""
    measures: str = ""
    category_id: int | None = None
    case_ids: list[int] = field(default_factory=list)
    hot_issue_id: int | None = None  # link every case of a (public) hot issue at once
    topic_id: int | None = None  # link every case of a supervision topic taken up


def _text(value: str, name: str, low: int, high: int) -> str:
    value = (value or "").strip()
    if not low <= len(value) <= high:
        raise InvalidInput(
            _("This field needs %(low)d to %(high)d characters.") % {"low": low, "high": high},
            field=name,
        )
    return value


def _deputy(actor: Any) -> Deputy:
    deputy = getattr(actor, "deputy", None) if actor.role == Role.DEPUTY else None
    if deputy is None:
        raise NotAllowed(_("Only deputies can draft suggestions and bills."))
    return deputy  # type: ignore[no-any-return]


def _require_staff(actor: Any, proposal: Proposal) -> None:
    if not is_staff_over(actor, proposal):
        raise NotAllowed(_("Only committee staff of this jurisdiction can do this."))


def _require_author(actor: Any, proposal: Proposal) -> None:
    if not is_author(actor, proposal):
        raise NotAllowed(_("Only the deputy who drafted it can do this."))


def _require_lead(actor: Any, proposal: Proposal) -> None:
    if not is_lead_handler(actor, proposal):
        raise NotAllowed(_("Only the lead unit's handlers can do this."))


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError


def due_from(day: date, months: int) -> date:
    """A due date `months` after `day`, moved to the next working day if it is not one."""
    end = _months_later(day, months)
    return add_workdays(end - timedelta(days=1), 1)


@action("proposals.save_draft")
def save_draft(actor: Any, data: Draft, proposal: Proposal | None = None) -> Proposal:
    deputy = _deputy(actor)
    if proposal is not None:
        _require_author(actor, proposal)
        target("edit", proposal.status)
    if data.kind not in Kind.values:
        raise InvalidInput(_("Choose a kind from the list."), field="kind")
    proposal = proposal or Proposal(author=deputy, area=deputy.constituency)
    proposal.kind = data.kind
    proposal.title = _text(data.title, "title", 4, 120)
    proposal.body = _text(data.body, "body", 10, 8000)
    proposal.reasons = (data.reasons or "").strip()[:4000]
    proposal.measures = (data.measures or "").strip()[:4000]
    proposal.category = None
    if data.category_id:
        proposal.category = Category.objects.filter(pk=data.category_id).first()
        if proposal.category is None:
            raise InvalidInput(_("Choose a category from the list."), field="category")
    cases = list(Case.objects.visible_to(actor).filter(pk__in=set(data.case_ids)))
    if len(cases) != len(set(data.case_ids)):
        raise InvalidInput(_("Choose cases from your own list."), field="cases")
    if data.hot_issue_id:
        # A hot issue the deputy sees (one of its cases is theirs); all its cases are evidence.
        seen = Case.objects.visible_to(actor).values("pk")
        issue = HotIssue.objects.filter(pk=data.hot_issue_id, cases__in=seen).first()
        if issue is None:
            raise InvalidInput(_("This hot issue no longer exists."), field="hot_issue")
        cases = list({c.pk: c for c in [*cases, *issue.cases.all()]}.values())
    proposal.topic = None
    if data.topic_id:
        topic = SupervisionTopic.objects.filter(
            pk=data.topic_id, status=TopicStatus.ADOPTED
        ).first()
        if topic is None:
            raise InvalidInput(
                _("Choose a supervision topic the committee took up."), field="topic"
            )
        proposal.topic = topic
        cases = list({c.pk: c for c in [*cases, *topic_cases(topic)]}.values())
    proposal.save()
    proposal.cases.set(cases)
    log(actor, "proposals.save_draft", proposal, {"cases": len(cases)})
    return proposal


def topic_cases(topic: SupervisionTopic) -> list[Case]:
    """The cases behind a supervision topic (每月一题): those referred to its department as
    lead unit, on its theme, in the three months it looked back over."""
    from lianxi.topics.supervision import LOOKBACK_MONTHS, _months_back

    start = _months_back(topic.month, LOOKBACK_MONTHS)
    found = Case.objects.filter(
        referrals__department=topic.department,
        referrals__role="lead",
        referrals__referred_at__date__gte=start,
        referrals__referred_at__date__lt=topic.month,
    )
    if topic.category_id:
        found = found.filter(category=topic.category_id)
    return list(found.distinct()[:2000])


@action("proposals.invite")
def invite_cosigners(actor: Any, proposal: Proposal, deputy_ids: list[int]) -> list[Cosigner]:
    """Invite deputies of the same congress to co-sign; they answer in their inbox."""
    _require_author(actor, proposal)
    target("invite", proposal.status)
    author = proposal.author
    deputies = list(
        Deputy.objects.filter(
            pk__in=set(deputy_ids), level=author.level, term=author.term, status="serving"
        ).exclude(pk=author.pk)
    )
    if not deputies or len(deputies) != len(set(deputy_ids)):
        raise InvalidInput(
            _("Choose serving deputies of the same congress, not yourself."), field="deputies"
        )
    known = set(proposal.cosigners.values_list("deputy_id", flat=True))
    new = [Cosigner(proposal=proposal, deputy=d) for d in deputies if d.pk not in known]
    Cosigner.objects.bulk_create(new)
    log(actor, "proposals.invite", proposal, {"invited": len(new)})
    announce("proposals.invite", proposal, actor, deputies=[c.deputy for c in new])
    return new


@action("proposals.cosign")
def answer_invitation(actor: Any, cosigner: Cosigner, confirm: bool) -> Cosigner:
    deputy = _deputy(actor)
    if cosigner.deputy_id != deputy.pk:
        raise NotAllowed(_("This invitation is not yours."))
    if cosigner.proposal.status != Status.DRAFT:
        target("invite", cosigner.proposal.status)
    cosigner.status = CosignStatus.CONFIRMED if confirm else CosignStatus.DECLINED
    cosigner.answered_at = timezone.now()
    cosigner.save(update_fields=["status", "answered_at"])
    log(actor, "proposals.cosign", cosigner.proposal, {"status": cosigner.status})
    return cosigner


@action("proposals.file")
def file(actor: Any, proposal: Proposal) -> Proposal:
    """File the draft: the text is frozen as version 1."""
    _require_author(actor, proposal)
    new = target("file", proposal.status)
    if proposal.kind == Kind.BILL:
        needed = cosigners_needed(proposal.author.level)
        have = proposal.cosigners.filter(status=CosignStatus.CONFIRMED).count()
        if have < needed:
            raise InvalidInput(
                _("A bill needs %(needed)d confirmed co-signers; it has %(have)d.")
                % {"needed": needed, "have": have},
                field="cosigners",
            )
    proposal.filed_at = timezone.now()
    proposal.status = new
    proposal.save()
    Version.objects.create(
        proposal=proposal,
        number=proposal.version,
        title=proposal.title,
        body=proposal.body,
        reasons=proposal.reasons,
        measures=proposal.measures,
    )
    log(actor, "proposals.file", proposal, {"kind": proposal.kind})
    announce("proposals.file", proposal, actor)
    return proposal


@action("proposals.correct")
def correct(actor: Any, proposal: Proposal, data: Draft, note: str) -> Proposal:
    """A correction after filing: the text becomes a new version, the old ones are kept.
    The linked cases and the kind do not change (staff decide those)."""
    _require_author(actor, proposal)
    target("correct", proposal.status)
    note = _text(note, "note", 4, 300)
    title = _text(data.title, "title", 4, 120)
    body = _text(data.body, "body", 10, 8000)
    reasons = (data.reasons or "").strip()[:4000]
    measures = (data.measures or "").strip()[:4000]
    if (title, body, reasons, measures) == (
        proposal.title,
        proposal.body,
        proposal.reasons,
        proposal.measures,
    ):
        raise InvalidInput(_("Nothing is changed in the text."), field="body")
    proposal.title, proposal.body, proposal.reasons, proposal.measures = (
        title,
        body,
        reasons,
        measures,
    )
    proposal.version += 1
    proposal.save()
    Version.objects.create(
        proposal=proposal,
        number=proposal.version,
        title=title,
        body=body,
        reasons=reasons,
        measures=measures,
        note=note,
    )
    log(actor, "proposals.correct", proposal, {"version": proposal.version})
    announce("proposals.correct", proposal, actor, note=note)
    return proposal


@action("proposals.review")
def review(actor: Any, proposal: Proposal, decision: str, reason: str = "") -> Proposal:
    """accept; convert (a bill into a suggestion); decline. The deputy sees the reason."""
    _require_staff(actor, proposal)
    if decision not in {"accept", "convert", "decline"}:
        raise InvalidInput(_("Choose a decision from the list."), field="decision")
    new = target(decision, proposal.status)
    if decision in {"convert", "decline"}:
        reason = _text(reason, "reason", 4, 500)
    if decision == "convert":
        if proposal.kind != Kind.BILL:
            raise InvalidInput(_("Only a bill can be turned into a suggestion."), field="decision")
        proposal.kind, proposal.converted = Kind.SUGGESTION, True
    proposal.review_reason = (reason or "").strip()[:500]
    proposal.status = new
    proposal.save()
    log(actor, "proposals.review", proposal, {"decision": decision})
    announce("proposals.review", proposal, actor, decision=decision)
    return proposal


@action("proposals.merge")
def merge(actor: Any, proposal: Proposal, into: Proposal, reason: str = "") -> Proposal:
    """A duplicate filed item is merged into another item of the same jurisdiction: its cases
    join the other item's evidence (their citizens hear that item's outcome), and the deputy
    is told which item carries it on. Undone by `unmerge`."""
    _require_staff(actor, proposal)
    new = target("merge", proposal.status)
    if into.pk == proposal.pk or into.status not in MERGE_TARGETS:
        raise InvalidInput(_("Choose another item that is still open to merge into."), field="into")
    if not is_staff_over(actor, into):
        raise InvalidInput(_("Choose another item that is still open to merge into."), field="into")
    had = set(into.cases.values_list("pk", flat=True))
    added = sorted(set(proposal.cases.values_list("pk", flat=True)) - had)
    into.cases.add(*added)
    proposal.merged_into, proposal.merge_added = into, added
    proposal.review_reason = (reason or "").strip()[:500]
    proposal.status = new
    proposal.save()
    log(actor, "proposals.merge", proposal, {"into": into.pk, "cases": len(added)})
    announce("proposals.merge", proposal, actor, into=into)
    return proposal


@action("proposals.unmerge")
def unmerge(actor: Any, proposal: Proposal, reason: str) -> Proposal:
    """Undo a merge made in error: the item is filed again on its own and the cases the merge
    added to the other item are taken back from it (those it had before stay)."""
    _require_staff(actor, proposal)
    new = target("unmerge", proposal.status)
    reason = _text(reason, "reason", 4, 500)
    into = proposal.merged_into
    if into is not None and proposal.merge_added:
        into.cases.remove(*proposal.merge_added)
    proposal.merged_into, proposal.merge_added = None, []
    proposal.review_reason = reason
    proposal.status = new
    proposal.save()
    log(actor, "proposals.unmerge", proposal, {"into": into.pk if into else None})
    announce("proposals.unmerge", proposal, actor, into=into)
    return proposal


@action("proposals.assign")
def assign(
    actor: Any,
    proposal: Proposal,
    lead_id: int,
    co_ids: list[int] | None = None,
    complex_item: bool = False,
    key_supervision: bool = False,
    today: date | None = None,
) -> Proposal:
    _require_staff(actor, proposal)
    new = target("assign", proposal.status)
    lead = Department.objects.filter(pk=lead_id).first()
    if lead is None:
        raise InvalidInput(_("Choose a lead unit from the list."), field="lead")
    co = list(Department.objects.filter(pk__in=set(co_ids or [])).exclude(pk=lead.pk))
    if len(co) != len(set(co_ids or []) - {lead.pk}):
        raise InvalidInput(_("Choose co-handling units from the list."), field="co_units")
    today = today or timezone.localdate()
    proposal.lead, proposal.assigned_on = lead, today
    proposal.due_date = due_from(today, DUE_MONTHS[bool(complex_item)])
    proposal.key_supervision = key_supervision
    proposal.supervisor = actor if key_supervision else None
    proposal.return_reason = ""
    proposal.status = new
    proposal.save()
    proposal.co_units.set(co)
    log(actor, "proposals.assign", proposal, {"lead": lead.pk, "co": [d.pk for d in co]})
    announce("proposals.assign", proposal, actor, lead=lead, co=co)
    return proposal


@action("proposals.ask_return")
def ask_return(actor: Any, proposal: Proposal, reason: str, today: date | None = None) -> Proposal:
    """The lead unit asks, within 7 working days, to give back a misassigned item."""
    _require_lead(actor, proposal)
    new = target("ask_return", proposal.status)
    today = today or timezone.localdate()
    if proposal.assigned_on and workdays_between(proposal.assigned_on, today) > RETURN_WINDOW:
        raise InvalidInput(
            _("A return must be asked within %(days)d working days of assignment.")
            % {"days": RETURN_WINDOW},
            field="reason",
        )
    proposal.return_reason = _text(reason, "reason", 4, 500)
    proposal.status = new
    proposal.save()
    log(actor, "proposals.ask_return", proposal, {})
    announce("proposals.ask_return", proposal, actor)
    return proposal


@action("proposals.decide_return")
def decide_return(actor: Any, proposal: Proposal, grant: bool) -> Proposal:
    _require_staff(actor, proposal)
    new = target("grant_return" if grant else "refuse_return", proposal.status)
    if grant:
        proposal.lead, proposal.due_date, proposal.assigned_on = None, None, None
    proposal.status = new
    proposal.save()
    if grant:
        proposal.co_units.clear()
    log(actor, "proposals.decide_return", proposal, {"granted": grant})
    return proposal


@action("proposals.contact")
def record_contact(actor: Any, proposal: Proposal, method: str, on: date, notes: str) -> Proposal:
    """办前沟通: how and when the lead unit spoke with the deputy, and what was agreed."""
    _require_lead(actor, proposal)
    new = target("contact", proposal.status)
    if method not in ContactMethod.values:
        raise InvalidInput(_("Choose a contact method from the list."), field="method")
    if on > timezone.localdate():
        raise InvalidInput(_("The contact cannot be in the future."), field="on")
    proposal.contact_method, proposal.contact_on = method, on
    proposal.contact_notes = _text(notes, "notes", 4, 2000)
    proposal.status = new
    proposal.save()
    log(actor, "proposals.contact", proposal, {"method": method})
    return proposal


@action("proposals.co_opinion")
def give_co_opinion(actor: Any, proposal: Proposal, text: str) -> CoOpinion:
    """A co-handling unit's opinion, while the item is being handled; given again, it
    replaces the unit's earlier one. The lead unit is told."""
    unit = co_unit_of(actor, proposal)
    if unit is None:
        raise NotAllowed(_("Only the co-handling units' handlers can do this."))
    if proposal.status != Status.ASSIGNED:
        raise InvalidInput(_("Opinions are given while the item is being handled."), field="text")
    body = _text(text, "text", 10, 4000)
    opinion, made = CoOpinion.objects.update_or_create(
        proposal=proposal, department=unit, defaults={"author": actor, "text": body}
    )
    log(actor, "proposals.co_opinion", proposal, {"unit": unit.pk, "again": not made})
    announce("proposals.co_opinion", proposal, actor, unit=unit, opinion=opinion)
    return opinion


def missing_co_opinions(proposal: Proposal) -> list[Department]:
    given = proposal.co_opinions.values("department_id")
    return list(proposal.co_units.exclude(pk__in=given).order_by("pk"))


@action("proposals.draft_reply")
def draft_reply(
    actor: Any,
    proposal: Proposal,
    result: str,
    text: str,
    confidential: bool = False,
    confidential_reason: str = "",
) -> Proposal:
    """The lead unit drafts its reply (saved again as often as needed); nothing is sent
    before it is signed off."""
    _require_lead(actor, proposal)
    new = target("draft_reply", proposal.status)
    if not proposal.contact_on:
        raise InvalidInput(
            _("Record the contact with the deputy before replying."), field="contact"
        )
    if result not in Result.values:
        raise InvalidInput(_("Choose a result class from the list."), field="result")
    proposal.draft_result = result
    proposal.draft_reply = _text(text, "reply", 10, 8000)
    proposal.draft_confidential = confidential
    proposal.draft_confidential_reason = (
        _text(confidential_reason, "confidential_reason", 4, 300) if confidential else ""
    )
    proposal.drafted_by = actor
    proposal.status = new
    proposal.save()
    log(actor, "proposals.draft_reply", proposal, {"result": result})
    return proposal


@action("proposals.reply")
def sign_off(actor: Any, proposal: Proposal) -> Proposal:
    """The reply is signed off and sent: kept as this round's answer, the deputy told, and
    every citizen whose case is linked told the outcome (B4)."""
    _require_lead(actor, proposal)
    new = target("sign_off", proposal.status)
    if not proposal.contact_on:
        raise InvalidInput(
            _("Record the contact with the deputy before replying."), field="contact"
        )
    if not proposal.draft_result or not proposal.draft_reply:
        raise InvalidInput(_("Draft the reply before signing it off."), field="reply")
    waiting = missing_co_opinions(proposal)
    if waiting:
        raise InvalidInput(
            _("The co-handling units have not all given their opinion yet: %(units)s.")
            % {"units": "、".join(d.name for d in waiting)},
            field="co_opinions",
        )
    now = timezone.now()
    proposal.result, proposal.reply = proposal.draft_result, proposal.draft_reply
    proposal.confidential = proposal.draft_confidential
    proposal.confidential_reason = proposal.draft_confidential_reason
    number = proposal.answers.count() + 1
    Answer.objects.create(
        proposal=proposal,
        number=number,
        result=proposal.result,
        text=proposal.reply,
        confidential=proposal.confidential,
        drafted_by=proposal.drafted_by,
        signed_off_by=actor,
        sent_at=now,
    )
    proposal.draft_result, proposal.draft_reply = "", ""
    proposal.draft_confidential, proposal.draft_confidential_reason = False, ""
    proposal.drafted_by = None
    proposal.replied_at = now
    proposal.status = new
    proposal.save()
    _tell_cases(proposal)
    log(actor, "proposals.reply", proposal, {"result": proposal.result, "round": number})
    announce("proposals.reply", proposal, actor, result=proposal.result)
    return proposal


def reply(
    actor: Any,
    proposal: Proposal,
    result: str,
    text: str,
    confidential: bool = False,
    confidential_reason: str = "",
) -> Proposal:
    """Draft and sign off in one go (the API's one-call reply; the pages take two steps)."""
    from django.db import transaction

    with transaction.atomic():
        draft_reply(actor, proposal, result, text, confidential, confidential_reason)
        return sign_off(actor, proposal)


def _tell_cases(proposal: Proposal) -> None:
    """B4: the outcome goes on the public timeline of every linked case."""
    lead = proposal.lead
    text = _("Deputy %(deputy)s's suggestion “%(title)s” was answered by %(dept)s: %(result)s.") % {
        "deputy": proposal.author.name,
        "title": proposal.title,
        "dept": lead.name if lead else "",
        "result": proposal.get_result_display(),
    }
    now = timezone.now()
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                case_id=case_id,
                at=now,
                actor_label=(lead.name if lead else "")[:60],
                step="proposal",
                public=True,
                text=text,
                data={"proposal": proposal.pk, "result": proposal.result},
            )
            for case_id in proposal.cases.values_list("pk", flat=True)
        ],
        batch_size=1000,
    )


@action("proposals.rate")
def rate(
    actor: Any, proposal: Proposal, rating: str, comment: str = "", today: date | None = None
) -> Proposal:
    """The deputy rates the reply; "not satisfied" sends it back once, with a new due date."""
    _require_author(actor, proposal)
    if rating not in Rating.values:
        raise InvalidInput(_("Choose a rating from the list."), field="rating")
    again = rating == Rating.UNSATISFIED and not proposal.rehandled
    new = target("rehandle" if again else "rate", proposal.status)
    proposal.rating, proposal.rating_comment = rating, (comment or "").strip()[:500]
    if again:
        proposal.rehandled = True
        proposal.due_date = due_from(today or timezone.localdate(), DUE_MONTHS[False])
        proposal.contact_on, proposal.contact_method, proposal.contact_notes = None, "", ""
    proposal.status = new
    proposal.save()
    log(actor, "proposals.rate", proposal, {"rating": rating, "rehandle": again})
    announce("proposals.rate", proposal, actor, rating=rating, rehandle=again)
    return proposal


@action("proposals.chase")
def chase_overdue(actor: Any, proposal: Proposal, today: date) -> bool:
    """A job's step: the lead unit of an overdue item is reminded, once a day (the rule's key);
    the committee hears of it too (escalation), once a week after the due date."""
    if proposal.status != Status.ASSIGNED or not proposal.due_date or proposal.due_date >= today:
        return False
    late = (today - proposal.due_date).days
    log(actor, "proposals.chase", proposal, {"days_late": late})
    announce("proposals.chase", proposal, actor, day=today.isoformat(), escalate=late % 7 == 0)
    return True

"""Every change of a poll, its questions, its responses and its results (architecture.md rule 1).

Staff of the organising area build a poll and open it; a deputy builds one for their own
constituency and staff approve it. Verified people answer once each (a second answer changes
the first until the poll closes); staff enter paper forms from a sheet. The worker refreshes the
pre-aggregated results as answers arrive. A closed poll can file a case or back a suggestion."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.committee.querysets import deputy_of
from lianxi.core.actions import action
from lianxi.core.choices import Role
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.core.events import announce
from lianxi.directory.models import Area, Station
from lianxi.lib.sheets import Column, Counts, Row, RowInvalid, SheetFormat, import_rows, text
from lianxi.polls import results as results_module
from lianxi.polls.choices import AgeBand, Audience, Kind, LinkKind, Source, Status
from lianxi.polls.models import Link, Poll, Question, Response, Result
from lianxi.polls.policies import can_edit, can_enter_paper, can_manage, is_asker, is_poll_staff
from lianxi.polls.workflow import next_status

MAX_QUESTIONS = 40
MAX_OPTIONS = 20
MAX_TEXT = 1000


# ---------------------------------------------------------------- building


@dataclass
class Details:
    title: str
    intro: str
    area_id: int | None
    audience: str
    opens_on: date
    closes_on: date
    results_public: bool = True
    ask_area: bool = True
    ask_age: bool = True
    area_ids: list[int] = field(default_factory=list)
    station_id: int | None = None


@dataclass
class QuestionSpec:
    kind: str
    text: str
    help: str = ""
    required: bool = True
    options: list[str] = field(default_factory=list)
    # [(answer, goto)]: the answer is an option's number (1-based) or a scale value
    branches: list[tuple[int, int]] = field(default_factory=list)


def _require_edit(actor: Any, poll: Poll) -> None:
    if not (can_manage(actor, poll) or is_asker(actor, poll)):
        raise NotAllowed(_("Only staff of this area or the deputy who asks can change this poll."))
    if not can_edit(actor, poll):
        raise IllegalTransition(_("The poll can be changed only while it is being prepared."))


def _require_manage(actor: Any, poll: Poll) -> None:
    if not can_manage(actor, poll):
        raise NotAllowed(_("Only committee staff of this area can do this."))


def _locked(poll: Poll) -> Poll:
    return (
        Poll.objects.select_for_update(of=("self",))
        .select_related("area", "deputy")
        .get(pk=poll.pk)
    )


def _apply_details(actor: Any, poll: Poll, d: Details) -> list[Area]:
    """Check the details and set them on `poll` (not saved); returns the chosen areas."""
    title = (d.title or "").strip()
    if not 4 <= len(title) <= 120:
        raise InvalidInput(_("The title needs 4 to 120 characters."), field="title")
    intro = (d.intro or "").strip()
    if len(intro) > 3000:
        raise InvalidInput(_("The introduction has at most 3,000 characters."), field="intro")
    deputy = deputy_of(actor)
    if deputy is not None:
        area = deputy.constituency
        poll.deputy = deputy
    else:
        area = Area.objects.filter(pk=d.area_id).first() if d.area_id else None
        if area is None:
            raise InvalidInput(_("Choose the organising area."), field="area")
        if actor.role != Role.ADMIN and not area.prefix.startswith(actor.jurisdiction.prefix):
            raise InvalidInput(_("Choose an area within your jurisdiction."), field="area")
    if d.audience not in Audience.values:
        raise InvalidInput(_("Choose who may answer."), field="audience")
    if d.closes_on < d.opens_on:
        raise InvalidInput(
            _("The poll must close on or after the day it opens."), field="closes_on"
        )
    if (d.closes_on - d.opens_on).days > 366:
        raise InvalidInput(_("A poll stays open at most one year."), field="closes_on")
    areas: list[Area] = []
    if d.audience == Audience.AREAS:
        areas = list(Area.objects.filter(pk__in=d.area_ids or []))
        if not areas:
            raise InvalidInput(_("Choose the areas whose citizens are asked."), field="areas")
        if any(not a.prefix.startswith(area.prefix) for a in areas):
            raise InvalidInput(
                _("The areas asked must lie within the organising area."), field="areas"
            )
    station = None
    if d.audience == Audience.STATION:
        station = (
            Station.objects.select_related("area").filter(pk=d.station_id).first()
            if d.station_id
            else None
        )
        if station is None or not station.area.prefix.startswith(area.prefix):
            raise InvalidInput(_("Choose a station within the organising area."), field="station")
    poll.title, poll.intro, poll.area = title, intro, area
    poll.audience, poll.station = d.audience, station
    poll.opens_on, poll.closes_on = d.opens_on, d.closes_on
    poll.results_public, poll.ask_area, poll.ask_age = d.results_public, d.ask_area, d.ask_age
    return areas


@action("polls.create")
def create_poll(actor: Any, details: Details) -> Poll:
    """Staff build a poll of their jurisdiction; a deputy one of their own constituency."""
    if not (is_poll_staff(actor) or deputy_of(actor) is not None):
        raise NotAllowed(_("Only committee staff and deputies can build polls."))
    poll = Poll(created_by=actor)
    areas = _apply_details(actor, poll, details)
    poll.save()
    poll.areas.set(areas)
    log(actor, "polls.create", poll, {"title": poll.title, "audience": poll.audience})
    return poll


@action("polls.edit")
def edit_poll(actor: Any, poll: Poll, details: Details) -> Poll:
    poll = _locked(poll)
    _require_edit(actor, poll)
    areas = _apply_details(actor, poll, details)
    poll.save()
    poll.areas.set(areas)
    log(actor, "polls.edit", poll, {"title": poll.title})
    return poll


def _check_question(poll: Poll, spec: QuestionSpec, number: int) -> QuestionSpec:
    """A branch may name a question not written yet; opening the poll checks it exists."""
    if spec.kind not in Kind.values:
        raise InvalidInput(_("Choose the kind of question."), field="kind")
    words = (spec.text or "").strip()
    if not 2 <= len(words) <= 200:
        raise InvalidInput(_("The question needs 2 to 200 characters."), field="text")
    options = [o.strip() for o in spec.options if o and o.strip()]
    if spec.kind in {Kind.SINGLE, Kind.MULTI, Kind.RANK}:
        if not 2 <= len(options) <= MAX_OPTIONS:
            raise InvalidInput(
                _("Give 2 to %(n)d options, one per line.") % {"n": MAX_OPTIONS}, field="options"
            )
        if any(len(o) > 60 for o in options):
            raise InvalidInput(_("An option has at most 60 characters."), field="options")
        if len(set(options)) != len(options):
            raise InvalidInput(_("Two options have the same text."), field="options")
    else:
        options = []
    branches: list[tuple[int, int]] = []
    if spec.branches:
        if spec.kind not in {Kind.SINGLE, Kind.SCALE}:
            raise InvalidInput(
                _("Only single-choice and scale questions can skip to another question."),
                field="branches",
            )
        top = len(options) if spec.kind == Kind.SINGLE else 5
        seen: set[int] = set()
        for answer, goto in spec.branches:
            if not 1 <= answer <= top:
                raise InvalidInput(
                    _("Branching names answer %(a)d, which this question does not have.")
                    % {"a": answer},
                    field="branches",
                )
            if answer in seen:
                raise InvalidInput(
                    _("Answer %(a)d has two branches.") % {"a": answer}, field="branches"
                )
            seen.add(answer)
            if goto != 0 and not number < goto <= MAX_QUESTIONS:
                raise InvalidInput(
                    _(
                        "Answer %(a)d skips to question %(g)d: a branch goes forward, to a "
                        "later question (or 0 for the end)."
                    )
                    % {"a": answer, "g": goto},
                    field="branches",
                )
            branches.append((answer, goto))
    spec.text, spec.options, spec.branches = words, options, branches
    spec.help = (spec.help or "").strip()[:200]
    return spec


def _stored_branches(kind: str, branches: list[tuple[int, int]]) -> list[dict[str, int]]:
    """Stored with the answer as the response holds it: an option's index, a scale value."""
    offset = 1 if kind == Kind.SINGLE else 0
    return [{"answer": a - offset, "goto": g} for a, g in branches]


def check_branches(poll: Poll) -> None:
    """Every branch goes forward to a question that exists (or to the end)."""
    numbers = set(poll.questions.values_list("number", flat=True))
    for q in poll.questions.all():
        for branch in q.branches:
            goto = int(branch.get("goto", 0))
            if goto != 0 and not (q.number < goto and goto in numbers):
                raise InvalidInput(
                    _("Question %(n)d skips to question %(g)d, which does not follow it.")
                    % {"n": q.number, "g": goto},
                    field="branches",
                )


@action("polls.save_question")
def save_question(
    actor: Any, poll: Poll, spec: QuestionSpec, question: Question | None = None
) -> Question:
    poll = _locked(poll)
    _require_edit(actor, poll)
    count = poll.questions.count()
    if question is None and count >= MAX_QUESTIONS:
        raise InvalidInput(_("A poll has at most %(n)d questions.") % {"n": MAX_QUESTIONS})
    number = question.number if question is not None else count + 1
    spec = _check_question(poll, spec, number)
    made = question or Question(poll=poll, number=number)
    made.kind, made.text, made.help = spec.kind, spec.text, spec.help
    made.required, made.options = spec.required, spec.options
    made.branches = _stored_branches(spec.kind, spec.branches)
    made.save()
    log(actor, "polls.save_question", poll, {"question": made.number, "kind": made.kind})
    return made


@action("polls.delete_question")
def delete_question(actor: Any, question: Question) -> Poll:
    """Remove a question; the later ones move up, and branches follow them (a branch to the
    removed question goes to the one that takes its place)."""
    poll = _locked(question.poll)
    _require_edit(actor, poll)
    gone = question.number
    question.delete()
    for q in poll.questions.order_by("number"):
        branches = [
            {"answer": b["answer"], "goto": b["goto"] - 1 if b["goto"] > gone else b["goto"]}
            for b in q.branches
        ]
        if q.number > gone:
            q.number -= 1
        q.branches = [b for b in branches if b["goto"] == 0 or b["goto"] > q.number]
        q.save(update_fields=["number", "branches"])
    log(actor, "polls.delete_question", poll, {"question": gone})
    return poll


def _require_ready(poll: Poll) -> None:
    if not poll.questions.exists():
        raise InvalidInput(_("Add at least one question first."))
    check_branches(poll)


@action("polls.submit")
def submit(actor: Any, poll: Poll) -> Poll:
    """A deputy sends their poll to the staff of its area for approval."""
    poll = _locked(poll)
    if not is_asker(actor, poll):
        raise NotAllowed(_("Only the deputy who asks this poll can send it for approval."))
    poll.status = next_status(poll.status, "submit")
    _require_ready(poll)
    poll.review_note = ""
    poll.save(update_fields=["status", "review_note", "updated_at"])
    log(actor, "polls.submit", poll)
    announce("polls.submit", poll, actor)
    return poll


def _open(actor: Any, poll: Poll, step: str) -> Poll:
    _require_manage(actor, poll)
    poll.status = next_status(poll.status, step)
    _require_ready(poll)
    if poll.closes_on < timezone.localdate():
        raise InvalidInput(_("The closing day has passed: change it first."), field="closes_on")
    poll.opened_at = timezone.now()
    poll.approved_by = actor
    poll.save(update_fields=["status", "opened_at", "approved_by", "updated_at"])
    Result.objects.get_or_create(poll=poll, defaults={"computed_at": timezone.now()})
    return poll


@action("polls.approve")
def approve(actor: Any, poll: Poll) -> Poll:
    """Staff approve a deputy's poll: it opens."""
    poll = _open(actor, _locked(poll), "approve")
    log(actor, "polls.approve", poll)
    announce("polls.approve", poll, actor)
    return poll


@action("polls.return")
def return_poll(actor: Any, poll: Poll, *, reason: str) -> Poll:
    poll = _locked(poll)
    _require_manage(actor, poll)
    reason = (reason or "").strip()
    if not 2 <= len(reason) <= 300:
        raise InvalidInput(_("Give a reason of 2 to 300 characters."), field="reason")
    poll.status = next_status(poll.status, "return")
    poll.review_note = reason
    poll.save(update_fields=["status", "review_note", "updated_at"])
    log(actor, "polls.return", poll, {"reason": reason})
    announce("polls.return", poll, actor, reason=reason)
    return poll


@action("polls.publish")
def publish(actor: Any, poll: Poll) -> Poll:
    """Staff open their own poll (a deputy's poll is approved instead)."""
    poll = _locked(poll)
    if poll.deputy_id is not None:
        raise IllegalTransition(_("A deputy's poll opens when staff approve it."))
    poll = _open(actor, poll, "publish")
    log(actor, "polls.publish", poll)
    announce("polls.publish", poll, actor)
    return poll


@action("polls.close")
def close(actor: Any, poll: Poll) -> Poll:
    poll = _locked(poll)
    if not (can_manage(actor, poll) or is_asker(actor, poll)):
        raise NotAllowed(_("Only staff of this area or the deputy who asks can close this poll."))
    poll.status = next_status(poll.status, "close")
    poll.closed_at = timezone.now()
    poll.save(update_fields=["status", "closed_at", "updated_at"])
    log(actor, "polls.close", poll)
    announce("polls.close", poll, actor)
    return poll


@action("polls.close_ended")
def close_ended(actor: Any, poll: Poll) -> Poll | None:
    """The job closes a poll whose last day has passed (None: nothing to do)."""
    poll = _locked(poll)
    if poll.status != Status.OPEN or poll.closes_on >= timezone.localdate():
        log(actor, "polls.close_ended", poll, {"skipped": True})
        return None
    poll.status = Status.CLOSED
    poll.closed_at = timezone.now()
    poll.save(update_fields=["status", "closed_at", "updated_at"])
    log(actor, "polls.close_ended", poll, {"responses": poll.responses.count()})
    announce("polls.close_ended", poll, actor)
    return poll


@action("polls.withdraw")
def withdraw(actor: Any, poll: Poll) -> Poll:
    poll = _locked(poll)
    if not (can_manage(actor, poll) or is_asker(actor, poll)):
        raise NotAllowed(_("Only staff of this area or the deputy who asks can withdraw it."))
    poll.status = next_status(poll.status, "withdraw")
    poll.save(update_fields=["status", "updated_at"])
    log(actor, "polls.withdraw", poll)
    return poll


# ---------------------------------------------------------------- answering


@dataclass
class Submission:
    """Answers by question id: an option's index (single), indexes (multi), 1–5 (scale),
    every option's index in order of preference (ranking), text; plus who answers."""

    answers: dict[str, Any]
    area_id: int | None = None
    age_band: str = ""


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _parse(q: Question, raw: Any) -> Any:
    """The answer to one question in its stored form, None when not answered; InvalidInput
    naming the question when it is not a possible answer."""
    field_name = f"q{q.pk}"
    bad = InvalidInput(
        _("Question %(n)d: this is not one of its answers.") % {"n": q.number}, field=field_name
    )
    if raw is None or raw == "" or raw == []:
        return None
    if q.kind == Kind.TEXT:
        if not isinstance(raw, str):
            raise bad
        written = raw.strip()
        if len(written) > MAX_TEXT:
            raise InvalidInput(
                _("Question %(n)d: at most %(max)d characters.") % {"n": q.number, "max": MAX_TEXT},
                field=field_name,
            )
        return written or None
    if q.kind in {Kind.SINGLE, Kind.SCALE}:
        value = _as_int(raw)
        top = len(q.options) - 1 if q.kind == Kind.SINGLE else 5
        low = 0 if q.kind == Kind.SINGLE else 1
        if value is None or not low <= value <= top:
            raise bad
        return value
    items = raw if isinstance(raw, list) else [raw]
    values = [_as_int(v) for v in items]
    if any(v is None or not 0 <= v < len(q.options) for v in values):
        raise bad
    picked = [v for v in values if v is not None]
    if len(set(picked)) != len(picked):
        raise bad
    if q.kind == Kind.MULTI:
        return sorted(picked)
    if len(picked) != len(q.options):
        raise InvalidInput(
            _("Question %(n)d: put every option in order.") % {"n": q.number}, field=field_name
        )
    return picked


def check_answers(questions: list[Question], raw: dict[str, Any]) -> dict[str, Any]:
    """The answers along the path the branching takes, validated; answers to questions the
    path skips are dropped. A required question on the path must be answered."""
    by_number = {q.number: q for q in questions}
    clean: dict[str, Any] = {}
    number = min(by_number) if by_number else 0
    while number in by_number:
        q = by_number[number]
        value = _parse(q, raw.get(str(q.pk)))
        if value is None and q.required:
            raise InvalidInput(
                _("Question %(n)d must be answered.") % {"n": q.number}, field=f"q{q.pk}"
            )
        if value is not None:
            clean[str(q.pk)] = value
        goto = q.goto_for(value)
        if goto == 0:
            break
        number = goto if goto is not None else number + 1
    return clean


def path_of(questions: list[Question], answers: dict[str, Any]) -> list[int]:
    """The numbers of the questions the branching led through (for showing a response)."""
    by_number = {q.number: q for q in questions}
    seen: list[int] = []
    number = min(by_number) if by_number else 0
    while number in by_number:
        q = by_number[number]
        seen.append(number)
        goto = q.goto_for(answers.get(str(q.pk)))
        if goto == 0:
            break
        number = goto if goto is not None else number + 1
    return seen


def require_open(poll: Poll) -> None:
    today = timezone.localdate()
    if poll.status != Status.OPEN or today > poll.closes_on:
        raise IllegalTransition(_("This poll is not open any more."))
    if today < poll.opens_on:
        raise IllegalTransition(
            _("The poll opens on %(day)s.") % {"day": poll.opens_on.isoformat()}
        )


def respondent_key(actor: Any, poll: Poll) -> str:
    """Who answers: one key per verified person. Refused when this person is not asked."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise NotAllowed(_("Sign in with your mobile phone and a one-time code to answer."))
    if poll.audience == Audience.DEPUTIES:
        if actor.role != Role.DEPUTY or deputy_of(actor) is None:
            raise NotAllowed(_("This poll asks deputies only."))
        return f"u{actor.pk}"
    if actor.role != Role.CITIZEN or not actor.phone_hash:
        raise NotAllowed(_("Only citizens verified by mobile phone can answer this poll."))
    return f"u{actor.pk}"


def _where(actor: Any, poll: Poll, sub: Submission) -> Area | None:
    area = None
    if sub.area_id:
        area = Area.objects.filter(pk=sub.area_id).first()
        if area is None or not area.prefix.startswith(poll.area.prefix):
            raise InvalidInput(_("Choose a community within the poll's area."), field="area")
    elif poll.audience == Audience.AREAS and actor.home_community_id:
        area = actor.home_community
    if poll.audience == Audience.AREAS:
        asked = list(poll.areas.all())
        if area is None:
            raise InvalidInput(_("Say which community you live in."), field="area")
        if not any(area.prefix.startswith(a.prefix) for a in asked):
            raise NotAllowed(_("This poll asks citizens of other areas."))
    return area


@action("polls.answer")
def answer(actor: Any, poll: Poll, submission: Submission) -> Response:
    """The person's answers: a first answer, or a change of theirs until the poll closes.
    One response per person holds under concurrent submissions (unique key, then update)."""
    poll = Poll.objects.select_related("area", "station").get(pk=poll.pk)
    require_open(poll)
    key = respondent_key(actor, poll)
    area = _where(actor, poll, submission)
    band = submission.age_band or ""
    if band and band not in AgeBand.values:
        raise InvalidInput(_("Choose an age band from the list."), field="age_band")
    questions = list(poll.questions.all())
    clean = check_answers(questions, submission.answers or {})
    fields = {
        "answers": clean,
        "area": area,
        "age_band": band,
        "station": poll.station if poll.audience == Audience.STATION else None,
    }
    existing = Response.objects.select_for_update().filter(poll=poll, person_key=key).first()
    created = False
    if existing is None:
        try:
            with transaction.atomic():
                existing = Response.objects.create(
                    poll=poll, user=actor, person_key=key, source=Source.ONLINE, **fields
                )
                created = True
        except IntegrityError:
            # Another request of the same person got there first: this one changes it.
            existing = Response.objects.select_for_update().get(poll=poll, person_key=key)
    if not created:
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.changes += 1
        existing.save()
    log(actor, "polls.answer", poll, {"response": existing.pk, "changed": not created})
    announce("polls.answer", poll, actor, response=existing)
    return existing


# ---------------------------------------------------------------- paper forms


def paper_columns(poll: Poll, questions: list[Question]) -> list[Column]:
    """The sheet of paper answers: a form number, where and age, then one column a question
    (an option's number or text, several separated by 、 or commas; a ranking in order)."""
    columns = [Column("问卷编号", required=True, key="number", parse=text(30), aliases=("编号",))]
    if poll.ask_area or poll.audience == Audience.AREAS:
        columns.append(Column("所在社区", key="area", parse=text(60), aliases=("社区",)))
    if poll.ask_age:
        columns.append(
            Column(
                "年龄段",
                key="age",
                parse=text(10),
                choices=tuple(str(label) for label in AgeBand.labels),
            )
        )
    for q in questions:
        columns.append(Column(f"第{q.number}题", key=f"q{q.pk}", parse=text(MAX_TEXT)))
    return columns


def paper_format(poll: Poll, questions: list[Question]) -> SheetFormat:
    return SheetFormat(tuple(paper_columns(poll, questions)), max_rows=5000)


def _paper_value(q: Question, cell: str) -> Any:
    """A cell of the paper sheet in the form the online answer takes."""
    cell = (cell or "").strip()
    if not cell:
        return None
    if q.kind == Kind.TEXT:
        return cell
    parts = [p.strip() for p in cell.replace("，", ",").replace("、", ",").split(",") if p.strip()]
    values: list[Any] = []
    for part in parts:
        if q.kind == Kind.SCALE:
            values.append(part)
        elif part.isdigit():
            values.append(int(part) - 1)  # the sheet numbers options from 1
        elif part in q.options:
            values.append(q.options.index(part))
        else:
            values.append(-1)
    if q.kind in {Kind.SINGLE, Kind.SCALE}:
        return values[0] if len(values) == 1 else "x"
    return values


@action("polls.import_paper")
def import_paper(actor: Any, poll: Poll, *, data: bytes) -> int:
    """A sheet of paper forms: each row checked like an online answer (branching, required
    questions); one message a bad row; nothing written unless every row is fine. A form number
    already entered is refused (a form counts once)."""
    poll = Poll.objects.select_related("area", "station").get(pk=poll.pk)
    if not can_enter_paper(actor, poll):
        raise NotAllowed(_("Only staff of this poll's area or station can enter paper forms."))
    if poll.status not in {Status.OPEN, Status.CLOSED}:
        raise IllegalTransition(_("Paper forms are entered once the poll is open."))
    questions = list(poll.questions.all())
    asked = list(poll.areas.all())
    areas = {
        a.name: a for a in Area.objects.filter(prefix__startswith=poll.area.prefix, level__gte=4)
    }
    bands = {str(label): value for value, label in AgeBand.choices}
    seen = set(poll.responses.filter(source=Source.PAPER).values_list("paper_number", flat=True))

    def handle(row: Row) -> Response | None:
        if row.failed:
            return None
        number = row.get("number")
        if number in seen:
            raise RowInvalid(_("this form number was already entered."), column="number")
        area = None
        if row.get("area"):
            area = areas.get(row.get("area"))
            if area is None:
                raise RowInvalid(_("no such community in the poll's area."), column="area")
        if poll.audience == Audience.AREAS and (
            area is None or not any(area.prefix.startswith(a.prefix) for a in asked)
        ):
            raise RowInvalid(_("the poll asks citizens of other areas."), column="area")
        band = ""
        if row.get("age"):
            band = bands.get(row.get("age"), "")
            if not band:
                raise RowInvalid(_("not an age band of the list."), column="age")
        raw = {str(q.pk): _paper_value(q, row.get(f"q{q.pk}")) for q in questions}
        try:
            clean = check_answers(questions, raw)
        except InvalidInput as exc:
            message = exc.message.split("：", 1)[-1] if "：" in exc.message else exc.message
            raise RowInvalid(message, column=exc.field or "number") from None
        seen.add(number)
        return Response(
            poll=poll,
            person_key=f"p{number}",
            source=Source.PAPER,
            area=area,
            age_band=band,
            station=poll.station if poll.audience == Audience.STATION else None,
            answers=clean,
            paper_number=number,
            entered_by=actor,
        )

    def save(items: list[Response]) -> Counts:
        Response.objects.bulk_create(items)
        return Counts(created=len(items))

    result = import_rows(data, paper_format(poll, questions), handle, save)
    if not result.ok:
        raise InvalidInput("\n".join(result.messages[:50]), field="file")
    log(actor, "polls.import_paper", poll, {"rows": result.created})
    announce("polls.import_paper", poll, actor)
    return result.created


# ---------------------------------------------------------------- results


def results_stale(poll_id: int) -> bool:
    """Answers arrived (or changed) since the results were last counted."""
    latest = Response.objects.filter(poll_id=poll_id).aggregate(at=Max("updated_at"), n=Count("id"))
    result = Result.objects.filter(poll_id=poll_id).first()
    if result is None:
        return True
    if latest["n"] != result.responses:
        return True
    return latest["at"] is not None and (result.up_to is None or latest["at"] > result.up_to)


@action("polls.refresh_results")
def refresh_results(actor: Any, poll: Poll) -> Result:
    """Count every response again (idempotent): the pre-aggregated results pages read."""
    started = time.monotonic()
    poll = Poll.objects.select_related("area").get(pk=poll.pk)
    data, count, up_to = results_module.compute(poll)
    result, _created = Result.objects.update_or_create(
        poll=poll,
        defaults={
            "responses": count,
            "data": data,
            "up_to": up_to,
            "computed_at": timezone.now(),
            "seconds": round(time.monotonic() - started, 3),
        },
    )
    log(actor, "polls.refresh_results", poll, {"responses": count})
    return result


# ---------------------------------------------------------------- follow-up


def _require_closed_manager(actor: Any, poll: Poll) -> None:
    if poll.status != Status.CLOSED:
        raise IllegalTransition(_("Only a closed poll can be followed up."))


@action("polls.file_case")
def file_case(
    actor: Any, poll: Poll, *, title: str, content: str, community_id: int | None
) -> Link:
    """Staff file a case from a closed poll's findings (in the poll's area); the case goes to
    triage like any other, and the poll shows it."""
    from lianxi.cases.actions import Intake, submit_case

    poll = _locked(poll)
    _require_manage(actor, poll)
    _require_closed_manager(actor, poll)
    community = None
    if community_id:
        community = Area.objects.filter(
            pk=community_id, level=5, prefix__startswith=poll.area.prefix
        ).first()
        if community is None:
            raise InvalidInput(_("Choose a community within the poll's area."), field="community")
    data = Intake(
        kind="suggestion",
        title=(title or "").strip(),
        content=(content or "").strip(),
        channel="station",
        community=community,
        target_deputy=poll.deputy,
    )
    case = submit_case(actor, data=data).case
    link = Link.objects.create(poll=poll, kind=LinkKind.CASE, case=case, created_by=actor)
    log(actor, "polls.file_case", poll, {"case": case.pk})
    return link


@action("polls.link_proposal")
def link_proposal(actor: Any, poll: Poll, *, proposal_id: int, note: str = "") -> Link:
    """A closed poll backs a suggestion or bill as evidence: staff of the area or the deputy
    who asks link it to a suggestion they see."""
    from lianxi.proposals.models import Proposal

    poll = _locked(poll)
    if not (can_manage(actor, poll) or is_asker(actor, poll)):
        raise NotAllowed(_("Only staff of this area or the deputy who asks can link this poll."))
    _require_closed_manager(actor, poll)
    proposal = Proposal.objects.visible_to(actor).filter(pk=proposal_id).first()
    if proposal is None:
        raise InvalidInput(_("Choose a suggestion you can see."), field="proposal")
    if Link.objects.filter(poll=poll, proposal=proposal).exists():
        raise InvalidInput(_("The poll is already linked to this suggestion."), field="proposal")
    link = Link.objects.create(
        poll=poll,
        kind=LinkKind.PROPOSAL,
        proposal=proposal,
        note=(note or "").strip()[:300],
        created_by=actor,
    )
    log(actor, "polls.link_proposal", poll, {"proposal": proposal.pk})
    announce("polls.link_proposal", poll, actor, proposal=proposal)
    return link

"""Pages of polls. Public, under /polls/: the list, a poll to answer (signed in by phone and
one-time code), its results as charts, its paper version. Work, under /work/polls/: staff and
deputies build, approve, open and close polls, enter paper forms, export and follow up."""

from __future__ import annotations

import json
from typing import Any

import segno
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lianxi.audit.log import log
from lianxi.committee.querysets import deputy_of
from lianxi.core.refusals import attempt
from lianxi.directory.models import Area
from lianxi.lib.documents import DOCX_TYPE, render_docx
from lianxi.lib.sheets import XLSX_CONTENT_TYPE, template_workbook
from lianxi.polls import actions
from lianxi.polls.access import access_paper, access_poll, access_results, access_worked
from lianxi.polls.actions import Details, QuestionSpec, Submission
from lianxi.polls.choices import AgeBand, Audience, Kind, Status
from lianxi.polls.export import answers_workbook, report
from lianxi.polls.forms import (
    CaseForm,
    PaperForm,
    PollForm,
    ProposalLinkForm,
    QuestionForm,
    ReasonForm,
)
from lianxi.polls.models import Poll, Question, Response, Result
from lianxi.polls.policies import (
    can_edit,
    can_enter_paper,
    can_manage,
    can_see_results,
    is_asker,
    is_poll_staff,
)
from lianxi.polls.workflow import can
from lianxi.portal.rendering import paginate


def _may_build(user: Any) -> bool:
    return is_poll_staff(user) or deputy_of(user) is not None


# ---------------------------------------------------------------- public


@require_safe
def public_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    polls = Poll.objects.visible_to(user).filter(status__in=["open", "closed"])
    show = request.GET.get("show", "")
    if show in {"open", "closed"}:
        polls = polls.filter(status=show)
    polls = polls.select_related("area", "result").order_by("status", "-opens_on", "-pk")
    return render(
        request,
        "polls/public/list.html",
        {"page": paginate(request, polls, 20), "show": show},
    )


def _question_items(
    questions: list[Question],
    answers: dict[str, Any],
    errors: dict[str, str] | None = None,
    disabled: bool = False,
) -> list[dict[str, Any]]:
    items = []
    for q in questions:
        value = answers.get(str(q.pk))
        positions: dict[int, int] = {}
        if q.kind == Kind.RANK and isinstance(value, list):
            positions = {option: n + 1 for n, option in enumerate(value)}
        items.append(
            {
                "q": q,
                "value": value,
                "values": value if isinstance(value, list) else [],
                "options": [
                    {"index": i, "label": label, "position": positions.get(i)}
                    for i, label in enumerate(q.options)
                ],
                "scale": range(1, 6),
                "ranks": range(1, len(q.options) + 1),
                "branches": json.dumps(q.branches),
                "rules": _rules(q),
                "error": (errors or {}).get(f"q{q.pk}", ""),
                "disabled": disabled,
            }
        )
    return items


def _rules(q: Question) -> list[str]:
    """The branching in words, for the paper version."""
    said = []
    for b in q.branches:
        answer = b["answer"]
        shown = f"{answer + 1}. {q.options[answer]}" if q.kind == Kind.SINGLE else str(answer)
        if b["goto"] == 0:
            said.append(_("If you chose %(a)s, the poll ends here.") % {"a": shown})
        else:
            said.append(
                _("If you chose %(a)s, go on with question %(g)d.") % {"a": shown, "g": b["goto"]}
            )
    return said


def _posted_answers(request: HttpRequest, questions: list[Question]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for q in questions:
        name = f"q{q.pk}"
        if q.kind == Kind.MULTI:
            raw[str(q.pk)] = request.POST.getlist(name)
        elif q.kind == Kind.RANK:
            placed = []
            for i in range(len(q.options)):
                position = request.POST.get(f"{name}_{i}", "")
                if position.isdigit():
                    placed.append((int(position), i))
            placed.sort()
            order = [i for _p, i in placed]
            # Two options in one place: kept as given, refused by the check (not a ranking).
            raw[str(q.pk)] = order if placed else None
            if placed and len({p for p, _i in placed}) != len(placed):
                raw[str(q.pk)] = order + order[:1]
        else:
            raw[str(q.pk)] = request.POST.get(name, "")
    return raw


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, str) and value.isdigit() else value


def _as_given(questions: list[Question], raw: dict[str, Any]) -> dict[str, Any]:
    """Refused answers shown again as the person gave them: the option numbers of a choice
    or a scale as the page compares them (numbers, not the posted text), so nothing the
    person chose is lost and the branching shows the same path."""
    kinds = {str(q.pk): q.kind for q in questions}
    given: dict[str, Any] = {}
    for key, value in raw.items():
        if value in (None, "", []):
            continue
        if kinds.get(key) in {Kind.SINGLE, Kind.SCALE}:
            value = _number(value)
        elif kinds.get(key) == Kind.MULTI and isinstance(value, list):
            value = [_number(v) for v in value]
        given[key] = value
    return given


def _communities(poll: Poll) -> list[Area]:
    if poll.audience == Audience.AREAS:
        roots = list(poll.areas.all())
    else:
        roots = [poll.area]
    found: list[Area] = []
    for root in roots:
        found.extend(Area.objects.filter(level=5, prefix__startswith=root.prefix).order_by("code"))
    return found[:500]


@require_http_methods(["GET", "HEAD", "POST"])
def poll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The poll to answer: sign in by phone first; a second answer changes the first."""
    user: Any = request.user
    poll = access_poll(user, pk)
    questions = list(poll.questions.all())
    mine = (
        Response.objects.filter(poll=poll, person_key=f"u{user.pk}").first()
        if user.is_authenticated
        else None
    )
    answers: dict[str, Any] = dict(mine.answers) if mine else {}
    area_id = mine.area_id if mine else getattr(user, "home_community_id", None)
    age_band = mine.age_band if mine else ""
    error = ""
    field_errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        raw = _posted_answers(request, questions)
        area_raw = request.POST.get("area", "")
        submission = Submission(
            answers=raw,
            area_id=int(area_raw) if area_raw.isdigit() else None,
            age_band=request.POST.get("age_band", ""),
        )
        done = attempt(
            request,
            lambda: actions.answer(user, poll, submission),
            flash=False,
            success=_(
                "Thank you: your answers are saved. You can change them until the poll closes."
            ),
        )
        if done.ok:
            return redirect("polls:detail", poll.pk)
        error = done.message
        if done.refusal is not None and done.refusal.field:
            field_errors[done.refusal.field] = done.message
        status = done.status_with(invalid=400)
        answers = _as_given(questions, raw)
        area_id, age_band = submission.area_id, submission.age_band
    today = timezone.localdate()
    is_open = poll.status == Status.OPEN and poll.opens_on <= today <= poll.closes_on
    login_url = reverse("accounts:citizen_login") + "?" + urlencode({"next": request.path})
    return render(
        request,
        "polls/public/detail.html",
        {
            "poll": poll,
            "items": _question_items(
                questions, answers, field_errors, not (is_open and _may_answer(user, poll))
            ),
            "mine": mine,
            "is_open": is_open,
            "error": error,
            "field_errors": field_errors,
            "login_url": login_url,
            "communities": _communities(poll)
            if (poll.ask_area or poll.audience == Audience.AREAS)
            else [],
            "area_id": area_id,
            "age_band": age_band,
            "age_bands": AgeBand.choices,
            "results_visible": can_see_results(user, poll),
            "may_answer": _may_answer(user, poll),
        },
        status=status,
    )


def _may_answer(user: Any, poll: Poll) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if poll.audience == Audience.DEPUTIES:
        return user.role == "deputy"
    return user.role == "citizen" and bool(user.phone_hash)


@require_safe
def poll_results(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    poll = access_results(user, pk)
    result = Result.objects.filter(poll=poll).first()
    data: dict[str, Any] = result.data if result is not None else {"total": 0, "questions": []}
    staff = can_manage(user, poll) or is_asker(user, poll)
    questions = []
    items: list[dict[str, Any]] = list(data.get("questions") or [])
    for item in items:
        labels, counts = item.get("labels", []), item.get("counts", [])
        firsts = item.get("firsts") or [None] * len(labels)
        rows = list(zip(labels, counts, firsts, strict=False))
        questions.append({**item, "rows": rows})
    return render(
        request,
        "polls/public/results.html",
        {"poll": poll, "result": result, "data": data, "questions": questions, "staff": staff},
    )


@require_safe
def poll_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The paper version: every question with boxes to tick, and a QR code to the poll."""
    user: Any = request.user
    poll = access_poll(user, pk)
    url = request.build_absolute_uri(reverse("polls:detail", args=[poll.pk]))
    qr = segno.make(url, error="m").svg_inline(scale=4)
    return render(
        request,
        "polls/public/print.html",
        {
            "poll": poll,
            "items": _question_items(list(poll.questions.all()), {}),
            "qr": qr,
            "url": url,
            "age_bands": AgeBand.choices,
        },
    )


# ---------------------------------------------------------------- work


@login_required
@require_safe
def work_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not _may_build(user):
        raise Http404
    polls = Poll.objects.worked_by(user).select_related("area", "deputy", "result")
    status = request.GET.get("status", "")
    if status in Status.values:
        polls = polls.filter(status=status)
    return render(
        request,
        "polls/staff/list.html",
        {
            "page": paginate(request, polls.order_by("-pk"), 20),
            "status": status,
            "statuses": Status.choices,
        },
    )


def _details(form: PollForm, deputy: Any) -> Details:
    data = form.cleaned_data
    return Details(
        title=data["title"],
        intro=data["intro"],
        area_id=deputy.constituency_id if deputy is not None else data["area"].pk,
        audience=data["audience"],
        opens_on=data["opens_on"],
        closes_on=data["closes_on"],
        results_public=data["results_public"],
        ask_area=data["ask_area"],
        ask_age=data["ask_age"],
        area_ids=[a.pk for a in data["areas"]],
        station_id=data["station"].pk if data["station"] else None,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def work_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user: Any = request.user
    if not _may_build(user):
        raise Http404
    deputy = deputy_of(user)
    poll = access_worked(user, pk) if pk else None
    if poll is not None and not can_edit(user, poll):
        raise Http404
    initial: dict[str, Any] = {"results_public": True, "ask_area": True, "ask_age": True}
    if poll is not None:
        initial = {
            "title": poll.title,
            "intro": poll.intro,
            "area": poll.area_id,
            "audience": poll.audience,
            "areas": list(poll.areas.values_list("pk", flat=True)),
            "station": poll.station_id,
            "opens_on": poll.opens_on,
            "closes_on": poll.closes_on,
            "results_public": poll.results_public,
            "ask_area": poll.ask_area,
            "ask_age": poll.ask_age,
        }
    form = PollForm(request.POST or None, initial=initial, user=user, deputy=deputy)
    if request.method == "POST" and form.is_valid():
        details = _details(form, deputy)
        ok, saved = attempt(
            request,
            (lambda: actions.edit_poll(user, poll, details))
            if poll is not None
            else (lambda: actions.create_poll(user, details)),
            form,
            _("The poll is saved."),
        )
        if ok:
            return redirect("polls_work:detail", saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "polls/staff/edit.html", {"form": form, "poll": poll}, status=status)


@login_required
@require_safe
def work_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    poll = access_worked(user, pk)
    questions = list(poll.questions.all())
    manage = can_manage(user, poll)
    asker = is_asker(user, poll)
    result = Result.objects.filter(poll=poll).first()
    return render(
        request,
        "polls/staff/detail.html",
        {
            "poll": poll,
            "questions": questions,
            "editable": can_edit(user, poll),
            "manage": manage,
            "asker": asker,
            "result": result,
            "links": poll.links.select_related("case", "proposal"),
            "may": {
                "submit": asker and can(poll.status, "submit"),
                "approve": manage and poll.deputy_id and can(poll.status, "approve"),
                "return": manage and can(poll.status, "return"),
                "publish": manage and not poll.deputy_id and can(poll.status, "publish"),
                "close": (manage or asker) and can(poll.status, "close"),
                "withdraw": (manage or asker) and can(poll.status, "withdraw"),
                "paper": can_enter_paper(user, poll) and poll.status in {"open", "closed"},
                "follow_up": poll.status == "closed" and (manage or asker),
            },
            "return_form": ReasonForm(),
            "case_form": CaseForm(
                area=poll.area,
                initial={"title": poll.title[:80], "content": _case_text(poll, result)},
            ),
            "link_form": ProposalLinkForm(user=user),
        },
    )


def _case_text(poll: Poll, result: Result | None) -> str:
    total = result.responses if result is not None else 0
    return _("The poll “%(title)s” (%(start)s to %(end)s, %(n)d responses) found:") % {
        "title": poll.title,
        "start": poll.opens_on.isoformat(),
        "end": poll.closes_on.isoformat(),
        "n": total,
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_edit(request: HttpRequest, pk: int, qid: int | None = None) -> HttpResponse:
    user: Any = request.user
    poll = access_worked(user, pk)
    if not can_edit(user, poll):
        raise Http404
    question = Question.objects.filter(poll=poll, pk=qid).first() if qid else None
    if qid and question is None:
        raise Http404
    initial: dict[str, Any] = {"required": True}
    if question is not None:
        offset = 1 if question.kind == Kind.SINGLE else 0
        initial = {
            "kind": question.kind,
            "text": question.text,
            "help": question.help,
            "required": question.required,
            "options": "\n".join(question.options),
            "branches": "\n".join(
                f"{b['answer'] + offset} -> {b['goto']}" for b in question.branches
            ),
        }
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        spec = QuestionSpec(
            kind=data["kind"],
            text=data["text"],
            help=data["help"],
            required=data["required"],
            options=data["options"],
            branches=data["branches"],
        )
        ok, _saved = attempt(
            request,
            lambda: actions.save_question(user, poll, spec, question),
            form,
            _("The question is saved."),
        )
        if ok:
            return redirect("polls_work:detail", poll.pk)
    status = 400 if request.method == "POST" else 200
    number = question.number if question else poll.questions.count() + 1
    return render(
        request,
        "polls/staff/question.html",
        {"form": form, "poll": poll, "question": question, "number": number},
        status=status,
    )


@login_required
@require_POST
def question_delete(request: HttpRequest, pk: int, qid: int) -> HttpResponse:
    user: Any = request.user
    poll = access_worked(user, pk)
    question = Question.objects.filter(poll=poll, pk=qid).first()
    if question is None:
        raise Http404
    attempt(
        request,
        lambda: actions.delete_question(user, question),
        success=_("The question is removed."),
    )
    return redirect("polls_work:detail", poll.pk)


STEPS = {
    "submit": (actions.submit, gettext_lazy("The poll is sent to staff for approval.")),
    "approve": (actions.approve, gettext_lazy("The poll is approved and open.")),
    "publish": (actions.publish, gettext_lazy("The poll is open.")),
    "close": (actions.close, gettext_lazy("The poll is closed.")),
    "withdraw": (actions.withdraw, gettext_lazy("The poll is withdrawn.")),
}


@login_required
@require_POST
def work_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user: Any = request.user
    poll = access_worked(user, pk)
    if step == "return":
        form = ReasonForm(request.POST)
        reason = form.data.get("reason", "")
        attempt(
            request,
            lambda: actions.return_poll(user, poll, reason=reason),
            success=_("The poll is returned to the deputy."),
        )
        return redirect("polls_work:detail", poll.pk)
    if step not in STEPS:
        raise Http404
    do, message = STEPS[step]
    attempt(request, lambda: do(user, poll), success=str(message))
    return redirect("polls_work:detail", poll.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff enter paper forms from a sheet: every row checked, nothing half-written."""
    user: Any = request.user
    poll = access_paper(user, pk)
    form = PaperForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        done = attempt(
            request,
            lambda: actions.import_paper(user, poll, data=data),
            flash=False,
        )
        if done.ok:
            from django.contrib import messages

            messages.success(request, _("%(n)d paper forms were entered.") % {"n": done.result})
            return redirect("polls_work:paper", poll.pk)
        errors = done.message.splitlines()
        status = done.status_with(invalid=400)
    elif request.method == "POST":
        status = 400
    entered = poll.responses.filter(source="paper").count()
    return render(
        request,
        "polls/staff/paper.html",
        {"poll": poll, "form": form, "errors": errors, "entered": entered},
        status=status,
    )


@login_required
@require_safe
def paper_template(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    poll = access_paper(user, pk)
    questions = list(poll.questions.all())
    columns = actions.paper_columns(poll, questions)
    example: list[Any] = ["0001"]
    if poll.ask_area or poll.audience == Audience.AREAS:
        example.append("")
    if poll.ask_age:
        example.append(str(AgeBand.A30.label))
    for q in questions:
        example.append("1" if q.kind != Kind.TEXT else "")
    lines = [
        f"第{q.number}题（{q.get_kind_display()}）：{q.text}"
        + (
            f" 选项：{'；'.join(f'{i + 1}.{o}' for i, o in enumerate(q.options))}"
            if q.options
            else ""
        )
        for q in questions
    ]
    lines.append("单选、量表填一个数字；多选填多个选项编号，用顿号分隔；排序按先后填全部选项编号。")
    body = template_workbook(poll.title[:30], columns, example, lines)
    response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.pk}-paper.xlsx"'
    return response


@login_required
@require_safe
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    poll = access_worked(user, pk)
    if not can_see_results(user, poll):
        raise Http404
    body = answers_workbook(poll)
    log(user, "polls.export", poll, {"format": "xlsx"})
    response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.pk}.xlsx"'
    return response


@login_required
@require_safe
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    poll = access_worked(user, pk)
    if not can_see_results(user, poll):
        raise Http404
    body = render_docx(report(poll, user))
    log(user, "polls.export", poll, {"format": "docx"})
    response = HttpResponse(body, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.pk}.docx"'
    return response


@login_required
@require_POST
def follow_up(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    user: Any = request.user
    poll = access_worked(user, pk)
    if kind == "case":
        form: Any = CaseForm(request.POST, area=poll.area)
        if form.is_valid():
            data = form.cleaned_data
            attempt(
                request,
                lambda: actions.file_case(
                    user,
                    poll,
                    title=data["title"],
                    content=data["content"],
                    community_id=data["community"].pk if data["community"] else None,
                ),
                success=_("A case is filed from the poll."),
            )
            return redirect("polls_work:detail", poll.pk)
    elif kind == "proposal":
        form = ProposalLinkForm(request.POST, user=user)
        if form.is_valid():
            data = form.cleaned_data
            attempt(
                request,
                lambda: actions.link_proposal(
                    user, poll, proposal_id=data["proposal"].pk, note=data["note"]
                ),
                success=_("The poll is linked to the suggestion."),
            )
            return redirect("polls_work:detail", poll.pk)
    else:
        raise Http404
    from django.contrib import messages

    for errors in form.errors.values():
        for e in errors:
            messages.error(request, e)
    return redirect("polls_work:detail", poll.pk)

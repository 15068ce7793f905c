"""The staff side of the case ledger: lists per role, the case page with the steps this user
may take now, step posts (each calls one action), reply templates and bulk reply.

Visibility only through `Case.objects.visible_to(user)`; a case outside it answers 404 exactly
like a missing one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from lianxi.cases import actions, appeals, exports, publish, queues
from lianxi.cases.choices import ReferralRole, ReferralStatus
from lianxi.cases.deadlines import applicable
from lianxi.cases.forms import staff as forms
from lianxi.cases.models import Case, Referral, ReplyTemplate
from lianxi.cases.policies import can_see_contact, can_step
from lianxi.cases.reveal import has_contact
from lianxi.cases.workflow import OPEN_STATES, TRANSITIONS
from lianxi.core.choices import STAFF_ROLES, Role
from lianxi.core.refusals import attempt
from lianxi.directory.models import Area
from lianxi.portal.rendering import paginate

PER_PAGE = 25
SOON_DAYS = queues.SOON_DAYS

# ---------------------------------------------------------------- lists

# role → the list's tabs (`?view=`, queues of lianxi/cases/queues.py), the first is the default
ROLE_VIEWS: dict[str, list[tuple[str, Any]]] = {
    Role.DEPUTY: [
        ("mine", _("My cases")),
        ("new", _("New to me")),
        ("report", _("To report back")),
        ("soon", _("Due soon")),
        ("overdue", _("Overdue")),
    ],
    Role.STATION_STAFF: [
        ("inbox", _("Station inbox")),
        ("walkin", _("Walk-in cases")),
        ("all", _("All station cases")),
    ],
    Role.DEPARTMENT: [
        ("referred", _("Referred to my unit")),
        ("pending", _("Awaiting acceptance")),
        ("working", _("Being handled")),
        ("soon", _("Due soon")),
        ("overdue", _("Overdue")),
    ],
    Role.COMMITTEE: [
        ("triage", _("Triage queue")),
        ("returned", _("Returned by departments")),
        ("escalated", _("Escalated")),
        ("overdue", _("Overdue board")),
        ("publish", _("Waiting for publication")),
        ("held", _("Publication held")),
        ("appeals", _("Rating appeals")),
        ("all", _("Everything in the jurisdiction")),
    ],
}
ROLE_VIEWS[Role.ADMIN] = ROLE_VIEWS[Role.COMMITTEE]


def _staff(request: HttpRequest) -> Any:
    user: Any = request.user
    if user.role not in STAFF_ROLES:
        raise Http404
    return user


def _view_filter(view: str, qs: QuerySet[Case], role: str) -> QuerySet[Case]:
    return qs.filter(queues.queue(view, role, timezone.localdate()))


def _apply_filters(qs: Any, f: dict[str, Any]) -> QuerySet[Case]:
    # qs carries the `due_now` annotation, which the typed QuerySet[Case] does not know
    today = timezone.localdate()
    if "status" in f:
        qs = qs.filter(status=f["status"])
    if "kind" in f:
        qs = qs.filter(kind=f["kind"])
    if "category" in f:
        qs = qs.filter(Q(category_id=f["category"]) | Q(category__parent_id=f["category"]))
    if "district" in f:
        district = Area.objects.filter(pk=f["district"]).only("prefix").first()
        qs = qs.filter(community__prefix__startswith=district.prefix) if district else qs.none()
    if "deputy" in f:
        qs = qs.filter(deputy_id=f["deputy"])
    if "station" in f:
        qs = qs.filter(station_id=f["station"])
    due = f.get("due")
    if due == "overdue":
        qs = qs.filter(status__in=OPEN_STATES, due_now__lt=today)
    elif due == "soon":
        qs = qs.filter(due_now__gte=today, due_now__lte=today + timedelta(days=SOON_DAYS))
    elif due == "none":
        qs = qs.filter(due_now__isnull=True)
    if f.get("sort") == "due":
        return qs.order_by(F("due_now").asc(nulls_last=True), "-submitted_at", "-id")
    return qs.order_by("-submitted_at", "-id")


def filtered_cases(request: HttpRequest, user: Any) -> tuple[QuerySet[Case], dict[str, Any]]:
    """The list as filtered by the query string, and what the template needs to show it."""
    tabs = ROLE_VIEWS.get(user.role, [("all", _("All"))])
    view = request.GET.get("view") or tabs[0][0]
    if view not in {key for key, _label in tabs}:
        view = tabs[0][0]
    form = forms.CaseFilterForm(request.GET or None, user=user)
    chosen = form.cleaned() if request.GET else {}
    # the due date that counts for this role (queues.due), shown, filtered and sorted on
    visible: Any = Case.objects.visible_to(user).annotate(due_now=queues.due(user.role))
    qs = _apply_filters(_view_filter(view, visible, user.role), chosen)
    qs = qs.select_related("category__parent", "deputy", "station", "community")
    return qs, {"tabs": tabs, "view": view, "filter_form": form, "filters": chosen}


@login_required
@require_safe
def case_list(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    qs, context = filtered_cases(request, user)
    if request.GET.get("format") == "xlsx":
        return exports.xlsx_response(user, qs)
    page = paginate(request, qs, PER_PAGE)
    context.update(
        page=page,
        today=timezone.localdate(),
        bulk=user.role == Role.DEPUTY,
        templates=ReplyTemplate.objects.visible_to(user).filter(is_active=True).order_by("title"),
        export_query=_with(request, format="xlsx"),
    )
    return render(request, "cases/staff/list.html", context)


def _with(request: HttpRequest, **params: str) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in params.items():
        query[key] = value
    return "?" + query.urlencode()


# ---------------------------------------------------------------- the case page


def access_case(user: Any, case_id: int) -> Case:
    """The case if this user may see it; 404 for both missing and forbidden."""
    case = (
        Case.objects.visible_to(user)
        .filter(pk=case_id)
        .select_related(
            "category__parent",
            "category__default_department",
            "community__parent__parent",
            "deputy",
            "station",
            "decline_rule",
            "merged_into",
        )
        .first()
    )
    if case is None:
        raise Http404
    return case


@dataclass(frozen=True)
class Step:
    label: Any
    form: type[forms.StepForm]
    run: Callable[[Any, Case, dict[str, Any]], Any]
    policy: str = ""  # the policy's name for the step, when not the step itself
    danger: bool = False


STEPS: dict[str, Step] = {
    "accept": Step(
        _("Accept"),
        forms.AcceptForm,
        lambda u, c, d: actions.accept_case(
            u,
            case=c,
            deputy=d["deputy"],
            station=d["station"],
            note=d["note"],
            category=d.get("category"),
        ),
    ),
    "decline": Step(
        _("Decline"),
        forms.DeclineForm,
        lambda u, c, d: actions.decline_case(u, case=c, rule=d["rule"], note=d["note"]),
        danger=True,
    ),
    "merge": Step(
        _("Merge into another case"),
        forms.MergeForm,
        lambda u, c, d: actions.merge_case(u, case=c, into=d["into"]),
    ),
    "unmerge": Step(
        _("Undo the merge"),
        forms.UnmergeForm,
        lambda u, c, d: actions.unmerge_case(u, case=c, reason=d["reason"]),
    ),
    "reassign": Step(
        _("Reassign"),
        forms.ReassignForm,
        lambda u, c, d: actions.reassign_case(u, case=c, deputy=d["deputy"], station=d["station"]),
    ),
    "reply": Step(
        _("Reply directly"),
        forms.ReplyForm,
        lambda u, c, d: actions.reply_to_case(u, case=c, text=d["text"]),
    ),
    "refer": Step(
        _("Refer to a department"),
        forms.ReferForm,
        lambda u, c, d: actions.refer_case(
            u,
            case=c,
            lead=d["lead"],
            co=list(d["co"]),
            note=d["note"],
            disclose_contact=d["disclose_contact"],
        ),
    ),
    "disclose": Step(
        _("Disclose the citizen's contact to the department"),
        forms.StepForm,
        lambda u, c, d: actions.disclose_contact(u, case=c),
    ),
    "dept_accept": Step(
        _("Accept for handling"),
        forms.StepForm,
        lambda u, c, d: actions.department_accept(u, case=c),
    ),
    "dept_return": Step(
        _("Return"),
        forms.ReturnForm,
        lambda u, c, d: actions.department_return(u, case=c, reason=d["reason"]),
        danger=True,
    ),
    "dept_answer": Step(
        _("Answer"),
        forms.AnswerForm,
        lambda u, c, d: actions.department_answer(
            u, case=c, text=d["answer"], result_class=d["result_class"]
        ),
    ),
    "report_back": Step(
        _("Report back to the citizen"),
        forms.ReportBackForm,
        lambda u, c, d: actions.report_back(u, case=c, text=d["text"]),
    ),
    "reroute": Step(
        _("Re-route"),
        forms.RerouteForm,
        lambda u, c, d: actions.reroute_case(u, case=c, lead=d["lead"], co=list(d["co"])),
    ),
    "publish": Step(_("Publish"), forms.StepForm, lambda u, c, d: publish.publish_case(u, case=c)),
    "hold_publication": Step(
        _("Hold publication"),
        forms.HoldForm,
        lambda u, c, d: publish.hold_publication(u, case=c, reason=d["reason"]),
        policy="publish",
    ),
    "unpublish": Step(
        _("Withdraw from publication"),
        forms.StepForm,
        lambda u, c, d: publish.unpublish_case(u, case=c),
        policy="publish",
        danger=True,
    ),
    "appeal_rating": Step(
        _("Appeal the citizen's rating"),
        forms.AppealForm,
        lambda u, c, d: appeals.appeal_rating(u, case=c, reason=d["reason"]),
    ),
    "decide_appeal": Step(
        _("Decide the rating appeal"),
        forms.DecideAppealForm,
        lambda u, c, d: appeals.decide_pending(
            u, c, uphold=d["decision"] == "uphold", reason=d["reason"]
        ),
    ),
    "note": Step(
        _("Add an internal note"),
        forms.NoteForm,
        lambda u, c, d: actions.add_note(u, case=c, text=d["text"]),
    ),
}


def _state_allows(step: str, case: Case, lead: Referral | None) -> bool:
    if step in TRANSITIONS:
        return case.status in TRANSITIONS[step][0]
    if step == "disclose":
        return lead is not None and not lead.contact_disclosed and case.status in OPEN_STATES
    if step == "publish":
        return publish.can_be_published(case) and not case.is_published
    if step == "hold_publication":
        return publish.can_be_published(case) and not (
            case.is_published or case.publication_held_at
        )
    if step == "unpublish":
        return case.is_published
    if step == "appeal_rating":
        return appeals.appealable_rating(case) is not None
    if step == "decide_appeal":
        return appeals.pending_appeal(case) is not None
    return step == "note"


def available_steps(user: Any, case: Case, referrals: list[Referral]) -> list[str]:
    """The steps this user may take on this case now (policy and state)."""
    lead = next(
        (
            r
            for r in referrals
            if r.role == ReferralRole.LEAD and r.status != ReferralStatus.WITHDRAWN
        ),
        None,
    )
    return [
        name
        for name, step in STEPS.items()
        if _state_allows(name, case, lead) and can_step(user, case, step.policy or name)
    ]


def _forms_for(user: Any, case: Case, steps: list[str]) -> dict[str, forms.StepForm]:
    return {name: STEPS[name].form(prefix=name, user=user, case=case) for name in steps}


def _detail(
    request: HttpRequest,
    case: Case,
    *,
    bound: forms.StepForm | None = None,
    error: str = "",
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    user: Any = request.user
    referrals = list(case.referrals.select_related("department").order_by("referred_at", "id"))
    steps = available_steps(user, case, referrals)
    step_forms = _forms_for(user, case, steps)
    into = request.GET.get("merge_into", "")[:20]
    if "merge" in step_forms and into and bound is None:  # from "likely duplicates": to confirm
        step_forms["merge"] = STEPS["merge"].form(
            prefix="merge", user=user, case=case, initial={"into": into}
        )
    if bound is not None and bound.prefix in step_forms:
        step_forms[bound.prefix] = bound
    # Need to know: free text in clear and a button to reveal the contact (cases/reveal.py).
    show_contact = can_see_contact(user, case)
    events = list(case.events.select_related("actor").order_by("at", "id"))
    context = {
        "case": case,
        "today": timezone.localdate(),
        "overdue": bool(
            case.due_date and case.due_date < timezone.localdate() and case.status in OPEN_STATES
        ),
        "deadline": applicable(case),
        "show_contact": show_contact,
        "can_reveal": show_contact and has_contact(case),
        "referrals": referrals,
        "events": events,
        "attachments": list(case.attachments.all()),
        "step_forms": [(name, STEPS[name], step_forms[name]) for name in steps],
        "error": error,
        "error_step": bound.prefix if bound is not None else "",
        **(extra or {}),
    }
    return render(request, "cases/staff/detail.html", context, status=status)


@login_required
@require_safe
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _staff(request)
    return _detail(request, access_case(user, case_id))


@login_required
@require_POST
def case_step(request: HttpRequest, case_id: int, step: str) -> HttpResponse:
    """Bind the step's form, call its action, redirect back (or show the error, nothing saved)."""
    user = _staff(request)
    case = access_case(user, case_id)
    spec = STEPS.get(step)
    if spec is None:
        raise Http404
    form = spec.form(request.POST, prefix=step, user=user, case=case)
    if not form.is_valid():
        return _detail(request, case, bound=form, status=422)
    done = attempt(request, lambda: spec.run(user, case, form.cleaned_data), flash=False)
    if done.status == 422:  # bad input: shown on the step's form
        done.on_form(form)
        return _detail(request, access_case(user, case_id), bound=form, status=422)
    if not done.ok:
        return _detail(request, access_case(user, case_id), error=done.message, status=done.status)
    messages.success(request, gettext("Done: %(step)s.") % {"step": spec.label})
    if not Case.objects.visible_to(user).filter(pk=case.pk).exists():
        return redirect("casework:list")  # e.g. a department after returning it
    return redirect("casework:detail", case_id=case.pk)

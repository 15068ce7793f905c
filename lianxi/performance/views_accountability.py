"""Pages of commendation and accountability, under /work/performance/: commendations (a
shortlist by explicit rules, the deputies ticked with their citations, publishing), talks
(提醒谈话, 诫勉谈话) with a deputy, and the deputies flagged to the committee. Staff of another
jurisdiction, handlers and citizens get the same 404 as a missing page; a deputy reads only
their own talks. State changes only on POST, through the actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lianxi.core.refusals import attempt
from lianxi.performance import actions_accountability as acts
from lianxi.performance.access import access_record, require_staff
from lianxi.performance.forms_accountability import (
    CloseTalkForm,
    CommendationForm,
    OpenCommendationForm,
    TalkForm,
)
from lianxi.performance.models import Record
from lianxi.performance.models_accountability import (
    Commendation,
    CommendationStatus,
    Flag,
    Talk,
    TalkKind,
    TalkStatus,
)
from lianxi.performance.policies import is_staff, own_deputy
from lianxi.performance.policies_accountability import (
    can_hold_talk,
    can_manage_commendation,
)
from lianxi.performance.shortlist import Rules, candidates
from lianxi.performance.views import _year, _years
from lianxi.portal.rendering import paginate


def _work_user(request: HttpRequest) -> Any:
    """Deputies and staff only: everyone else gets a 404."""
    user: Any = request.user
    if own_deputy(user) is None and not is_staff(user):
        raise Http404
    return user


# Commendations


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def commendations(request: HttpRequest) -> HttpResponse:
    """Staff: the commendations of their jurisdiction (drafts too) and a form to open one;
    a deputy: the published ones."""
    user = _work_user(request)
    staff = is_staff(user)
    form = OpenCommendationForm(
        request.POST if request.method == "POST" else None,
        initial={"year": timezone.localdate().year},
    )
    status = 200
    if request.method == "POST":
        require_staff(user)
        if form.is_valid():
            c = form.cleaned_data
            done = attempt(
                request,
                lambda: acts.open_commendation(user, year=c["year"], title=c["title"]),
                form=form,
                success=_("The commendation is open: tick the deputies on the shortlist."),
            )
            if done.ok:
                return redirect("performance:commendation", done.result.pk)
            status = done.status_with(invalid=400)
        else:
            status = 400
    qs = Commendation.objects.visible_to(user) if staff else Commendation.objects.published()
    qs = qs.select_related("area").order_by("-year", "-pk")
    return render(
        request,
        "performance/accountability/commendations.html",
        {"page": paginate(request, qs, 30), "form": form if staff else None, "staff": staff},
        status=status,
    )


def _access_commendation(user: Any, pk: int) -> Commendation:
    found = Commendation.objects.select_related("area").filter(pk=pk).first()
    if found is None:
        raise Http404
    if can_manage_commendation(user, found):
        return found
    if found.status == CommendationStatus.PUBLISHED:
        return found
    raise Http404


def _picks(request: HttpRequest) -> dict[int, str]:
    picks: dict[int, str] = {}
    for raw in request.POST.getlist("pick")[:500]:
        if raw.isdigit():
            picks[int(raw)] = (request.POST.get(f"citation_{raw}") or "")[:2001]
    return picks


def _rules_initial(commendation: Commendation) -> dict[str, Any]:
    return {
        "title": commendation.title,
        "min_score": commendation.min_score,
        "excellent_only": commendation.excellent_only,
        "no_absence": commendation.no_absence,
        "no_admonition": commendation.no_admonition,
        "decision": commendation.decision,
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def commendation(request: HttpRequest, pk: int) -> HttpResponse:
    user = _work_user(request)
    found = _access_commendation(user, pk)
    manage = can_manage_commendation(user, found) and found.status == CommendationStatus.DRAFT
    status = 200
    picks: dict[int, str] | None = None
    if request.method == "POST":
        if not manage:
            raise Http404
        form = CommendationForm(request.POST)
        picks = _picks(request)
        if form.is_valid():
            c = form.cleaned_data
            data = acts.CommendationData(
                title=c["title"],
                min_score=c["min_score"],
                excellent_only=c["excellent_only"],
                no_absence=c["no_absence"],
                no_admonition=c["no_admonition"],
                decision=c["decision"],
                picks=picks,
            )
            done = attempt(
                request,
                lambda: acts.save_commendation(user, commendation=found, data=data),
                form=form,
                success=_("Saved. Publish it when the decision is final."),
            )
            if done.ok:
                return redirect("performance:commendation", found.pk)
            status = done.status_with(invalid=400)
            found.refresh_from_db()
        else:
            status = 400
    else:
        form = CommendationForm(initial=_rules_initial(found))
    named = {c.deputy_id: c for c in found.commendees.select_related("deputy__constituency").all()}
    context: dict[str, Any] = {
        "c": found,
        "manage": manage,
        "form": form if manage else None,
        "rules": Rules.of(found).described(),
        "named": sorted(named.values(), key=lambda c: (-(c.score or 0), c.deputy.name)),
    }
    if manage:
        shortlist = candidates(found)
        chosen = picks if picks is not None else {d: c.citation for d, c in named.items()}
        context["eligible"] = [
            (c, c.record.deputy_id in chosen, chosen.get(c.record.deputy_id, ""))
            for c in shortlist
            if c.eligible
        ]
        context["excluded"] = [c for c in shortlist if not c.eligible]
        on_list = {c.record.deputy_id for c in shortlist if c.eligible}
        context["stale"] = [n for d, n in named.items() if d not in on_list]
    return render(request, "performance/accountability/commendation.html", context, status=status)


@login_required
@require_POST
def commendation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = _work_user(request)
    found = _access_commendation(user, pk)
    if not can_manage_commendation(user, found):
        raise Http404
    attempt(
        request,
        lambda: acts.publish_commendation(user, commendation=found),
        success=_("The commendation is published; the deputies named are told."),
    )
    return redirect("performance:commendation", found.pk)


# Talks


def _access_talk(user: Any, pk: int) -> Talk:
    found = (
        Talk.objects.visible_to(user)
        .select_related("deputy__constituency", "deputy__user", "created_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
@require_safe
def talks(request: HttpRequest) -> HttpResponse:
    user = _work_user(request)
    qs = Talk.objects.visible_to(user).select_related("deputy")
    state = request.GET.get("status", "")
    if state in TalkStatus.values:
        qs = qs.filter(status=state)
    kind = request.GET.get("kind", "")
    if kind in TalkKind.values:
        qs = qs.filter(kind=kind)
    return render(
        request,
        "performance/accountability/talks.html",
        {
            "page": paginate(request, qs.order_by("-day", "-pk"), 30),
            "state": state,
            "kind": kind,
            "states": TalkStatus.choices,
            "kinds": TalkKind.choices,
            "staff": is_staff(user),
        },
    )


def _talk_data(form: TalkForm) -> acts.TalkData:
    c = form.cleaned_data
    return acts.TalkData(
        kind=c["kind"],
        day=c["day"],
        reasons=c["reasons"],
        follow_ups=c["follow_ups"],
        outcome=c["outcome"],
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def talk_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a talk with the deputy of record `pk`."""
    user: Any = request.user
    record = access_record(user, pk)
    if not can_hold_talk(user, record.deputy):
        raise Http404
    status = 200
    if request.method == "POST":
        form = TalkForm(request.POST)
        if form.is_valid():
            data = _talk_data(form)
            done = attempt(
                request,
                lambda: acts.record_talk(user, deputy=record.deputy, data=data),
                form=form,
                success=_("The talk is recorded; the deputy is told."),
            )
            if done.ok:
                return redirect("performance:talk", done.result.pk)
            status = done.status_with(invalid=400)
        else:
            status = 400
    else:
        form = TalkForm(initial={"day": timezone.localdate(), "kind": TalkKind.REMINDER})
    return render(
        request,
        "performance/accountability/talk_form.html",
        {"form": form, "record": record, "deputy": record.deputy, "talk": None},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def talk(request: HttpRequest, pk: int) -> HttpResponse:
    """The talk; staff of the jurisdiction edit it while it is open."""
    user: Any = request.user
    found = _access_talk(user, pk)
    editable = can_hold_talk(user, found.deputy) and found.status == TalkStatus.OPEN
    status = 200
    form = None
    if request.method == "POST":
        if not editable:
            raise Http404
        form = TalkForm(request.POST)
        if form.is_valid():
            data = _talk_data(form)
            done = attempt(
                request,
                lambda: acts.update_talk(user, talk=found, data=data),
                form=form,
                success=_("The talk is saved."),
            )
            if done.ok:
                return redirect("performance:talk", found.pk)
            status = done.status_with(invalid=400)
        else:
            status = 400
    elif editable:
        form = TalkForm(
            initial={
                "kind": found.kind,
                "day": found.day,
                "reasons": found.reasons,
                "follow_ups": found.follow_ups,
                "outcome": found.outcome,
            }
        )
    record = Record.objects.filter(deputy=found.deputy, year=found.day.year).first()
    return render(
        request,
        "performance/accountability/talk.html",
        {
            "talk": found,
            "record": record,
            "form": form,
            "close_form": CloseTalkForm(initial={"outcome": found.outcome}) if editable else None,
        },
        status=status,
    )


@login_required
@require_POST
def talk_close(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    found = _access_talk(user, pk)
    if not can_hold_talk(user, found.deputy):
        raise Http404
    form = CloseTalkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the outcome (2 to 2,000 characters) to close the talk."))
        return redirect("performance:talk", found.pk)
    attempt(
        request,
        lambda: acts.close_talk(user, talk=found, outcome=form.cleaned_data["outcome"]),
        success=_("The talk is closed; the deputy is told of the outcome."),
    )
    return redirect("performance:talk", found.pk)


# Flags


@login_required
@require_safe
def flags(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_staff(user)
    year = _year(request)
    qs = Flag.objects.visible_to(user).filter(record__year=year)
    why = request.GET.get("why", "")
    if why == "incompetent":
        qs = qs.filter(incompetent=True)
    elif why == "low":
        qs = qs.filter(two_years_low=True)
    qs = qs.select_related("record__deputy__constituency").order_by(
        "record__score", "record__deputy__name", "pk"
    )
    return render(
        request,
        "performance/accountability/flags.html",
        {"page": paginate(request, qs, 50), "year": year, "years": _years(year), "why": why},
    )

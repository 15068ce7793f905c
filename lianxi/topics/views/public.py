"""Public side: similar cases while typing, following a case, the cases one follows."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lianxi.accounts import actions as account_actions
from lianxi.cases.choices import Status
from lianxi.cases.models import Case
from lianxi.core.refusals import attempt
from lianxi.directory.choices import AreaLevel
from lianxi.directory.models import Area
from lianxi.portal.rendering import paginate
from lianxi.topics import access, actions
from lianxi.topics.masking import masked_title
from lianxi.topics.models import Follow, FollowVia
from lianxi.topics.policies import is_citizen
from lianxi.topics.similar import public_similar

MAX_TYPED = 2000


def _community(request: HttpRequest) -> Area | None:
    value = request.GET.get("community") or ""
    if not value.isdigit() or len(value) > 12:
        return None
    return Area.objects.filter(pk=int(value), level=AreaLevel.COMMUNITY).first()


@require_safe
def similar(request: HttpRequest) -> HttpResponse:
    """htmx: published cases like what the citizen is typing, and how many others are being
    handled (in the community chosen, when one is) — a count, nothing else of them."""
    title = (request.GET.get("title") or "")[:80]
    content = (request.GET.get("content") or "")[:MAX_TYPED]
    found = None
    if len(title) + len(content) >= 8:
        found = public_similar(title, content, community=_community(request))
    response = render(request, "topics/public/_similar.html", {"found": found})
    response["Cache-Control"] = "private, no-store"
    return response


def _summary(case: Case) -> dict[str, Any]:
    published = case.is_published and case.status == Status.CLOSED
    return {
        "case": case,
        "published": published,
        "title": masked_title(case) if published else "",
        "followers": Follow.objects.filter(case=case).count(),
    }


def _follow_all(citizen: Any, cases: list[Case], via: str) -> int:
    """Follow each case but the citizen's own; how many that is."""
    followed = 0
    for case in cases:
        if case.citizen_id != citizen.pk:
            actions.follow_case(citizen, case=case, via=via)
            followed += 1
    return followed


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest, token: str) -> HttpResponse:
    """Follow the similar matters being handled that the suggestions counted: one click when
    signed in as a citizen, else phone + one-time code. The page says how many and where,
    nothing else of them."""
    cases = access.followable_cases(token)
    places = {case.community.name for case in cases if case.community is not None}
    citizen: Any = request.user if is_citizen(request.user) else None
    context: dict[str, Any] = {
        "count": len(cases),
        "place": places.pop() if len(places) == 1 else "",
        "citizen": citizen,
        "error": "",
    }
    if citizen is not None:
        mine = {case.pk for case in cases if case.citizen_id == citizen.pk}
        followed = set(
            Follow.objects.filter(case__in=cases, user=citizen).values_list("case_id", flat=True)
        )
        context["following"] = {case.pk for case in cases} <= followed | mine
    if request.method == "GET":
        return render(request, "topics/public/follow.html", context)
    via = FollowVia.ACCOUNT
    if citizen is None:
        phone = (request.POST.get("phone") or "").strip()
        code = (request.POST.get("code") or "").strip()
        context.update({"phone": phone})
        if not phone or not code:
            context["error"] = _("Enter your mobile phone and the code we sent to it.")
            return render(request, "topics/public/follow.html", context, status=400)
        verified = attempt(
            request,
            lambda: account_actions.verify_login_code(request.user, phone=phone, code=code),
            flash=False,
        )
        if not verified.ok:
            context["error"] = verified.message
            return render(request, "topics/public/follow.html", context, status=400)
        user = verified.result
        if user is None or not is_citizen(user):
            context["error"] = _("The code is wrong or has expired. Ask for a new one.")
            return render(request, "topics/public/follow.html", context, status=400)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        citizen, via = user, FollowVia.PHONE
    done = attempt(
        request,
        lambda: _follow_all(citizen, cases, via),
        success=_("You follow these matters now: we will tell you of each public step."),
        flash=False,
    )
    if not done.ok:
        context["error"] = done.message
        return render(request, "topics/public/follow.html", context, status=done.status)
    return redirect("topics:following")


@require_safe
def following(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(reverse("accounts:citizen_login") + "?next=" + reverse("topics:following"))
    if not is_citizen(request.user):
        return render(request, "topics/public/following.html", {"page": None}, status=403)
    follows = (
        Follow.objects.filter(user=request.user)
        .select_related("case__category", "case__community")
        .order_by("-created_at", "-id")
    )
    page = paginate(request, follows, 20)
    rows = [(f, _summary(f.case)) for f in page.object_list]
    return render(request, "topics/public/following.html", {"page": page, "rows": rows})


@require_POST
def unfollow(request: HttpRequest, follow_id: int) -> HttpResponse:
    follow = access.own_follow(request.user, follow_id)
    attempt(
        request,
        lambda: actions.unfollow_case(request.user, follow=follow),
        success=_("You no longer follow this matter."),
    )
    return redirect("topics:following")

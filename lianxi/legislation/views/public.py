"""Public pages: consultations open for comment, the draft with its contents and comment
counts, commenting (phone first: tap an article, write), one's own comments with their
dispositions, the feedback report and the comparison of two versions."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from lianxi.core.refusals import attempt
from lianxi.legislation import actions, report
from lianxi.legislation.access import access_consultation
from lianxi.legislation.actions.comments import anonymous_author
from lianxi.legislation.compare import compare
from lianxi.legislation.forms import CommentForm
from lianxi.legislation.models import Comment, Consultation, Provision, Stage
from lianxi.legislation.policies import can_manage
from lianxi.legislation.views.common import (
    comment_url,
    contents_html,
    draft_html,
    outline,
    provision_choices,
)
from lianxi.lib.net import client_ip
from lianxi.portal.rendering import paginate


@require_safe
def consultation_list(request: HttpRequest) -> HttpResponse:
    qs = Consultation.objects.published().select_related("area")
    return render(
        request,
        "legislation/public/list.html",
        {
            "open": list(qs.filter(stage=Stage.OPEN).order_by("closes_on", "pk")),
            "page": paginate(
                request, qs.exclude(stage=Stage.OPEN).order_by("-closes_on", "-pk"), 20
            ),
        },
    )


@require_safe
def consultation_detail(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = access_consultation(request.user, consultation_id)
    version = consultation.current
    provisions = outline(version)
    counts = report.counts_by_article(consultation)
    open_now = consultation.stage == Stage.OPEN
    return render(
        request,
        "legislation/public/detail.html",
        {
            "consultation": consultation,
            "version": version,
            "draft": draft_html(
                provisions, counts, comment_url=comment_url(consultation) if open_now else ""
            ),
            "contents": contents_html(provisions, counts),
            "versions": list(consultation.versions.all()),
        },
    )


def _author_filter(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    if user.is_authenticated:
        return {"author": user}
    key = request.session.session_key
    return {"author_key": anonymous_author(key)} if key else {"pk__in": []}


@require_http_methods(["GET", "HEAD", "POST"])
def comment_new(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = access_consultation(request.user, consultation_id)
    version = consultation.current
    choices = provision_choices(version)
    initial: dict[str, Any] = {}
    on = request.GET.get("on", "")
    target = None
    if on.isdigit():
        target = Provision.objects.filter(pk=int(on), version=version).first()
        if target is not None:
            initial["provision"] = target.pk
    form = CommentForm(request.POST or None, choices=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not request.session.session_key:
            request.session.save()
        data = form.cleaned_data
        ok, _made = attempt(
            request,
            lambda: actions.comment(
                request.user,
                consultation,
                opinion=actions.Opinion(
                    body=data["body"],
                    provision_id=data["provision"],
                    named=data["named"],
                    signature=data["signature"],
                ),
                anonymous_key=request.session.session_key or "",
                address=client_ip(request),
            ),
            form,
            _("Thank you: your comment was received."),
        )
        if ok:
            return redirect("legislation:mine", consultation.pk)
    return render(
        request,
        "legislation/public/comment.html",
        {"consultation": consultation, "form": form, "target": target},
        status=400 if request.method == "POST" else 200,
    )


@require_safe
def my_comments(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = access_consultation(request.user, consultation_id)
    mine = (
        Comment.objects.filter(consultation=consultation, **_author_filter(request))
        .select_related("provision__parent__parent", "covered_by")
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "legislation/public/mine.html",
        {"consultation": consultation, "comments": mine},
    )


@require_safe
def feedback(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = access_consultation(request.user, consultation_id)
    if consultation.stage != Stage.REPORTED:
        raise Http404
    found = report.lines(consultation)
    return render(
        request,
        "legislation/public/feedback.html",
        {
            "consultation": consultation,
            "lines": [line for line in found if line.total or line.next_status not in {"", "same"}],
            "total": report.totals(found),
            "versions": list(consultation.versions.all()),
        },
    )


@require_safe
def compare_versions(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = access_consultation(request.user, consultation_id)
    versions = list(consultation.versions.all())
    if len(versions) < 2:
        raise Http404
    numbers = {v.number: v for v in versions}

    def pick(name: str, default: int) -> Any:
        value = request.GET.get(name, "")
        return numbers.get(int(value)) if value.isdigit() else numbers.get(default)

    old, new = pick("a", versions[-2].number), pick("b", versions[-1].number)
    if old is None or new is None:
        raise Http404
    rows = compare(old, new)
    return render(
        request,
        "legislation/public/compare.html",
        {
            "consultation": consultation,
            "versions": versions,
            "old": old,
            "new": new,
            "rows": rows,
            "changes": sum(1 for r in rows if r.status != "same"),
        },
    )


@require_safe
def comment_goto(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Where a search hit on a comment leads: staff to the disposition list, the author to
    their comments, anyone else to the feedback report (the same 404 when it is not theirs)."""
    comment = (
        Comment.objects.visible_to(request.user)
        .select_related("consultation__area")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        raise Http404
    consultation = comment.consultation
    if can_manage(request.user, consultation):
        url = f"/work/legislation/{consultation.pk}/comments/"
        if comment.article_id:
            url += f"?article={comment.article_id}"
    elif request.user.is_authenticated and comment.author_id == request.user.pk:
        url = f"/legislation/{consultation.pk}/mine/"
    else:
        url = f"/legislation/{consultation.pk}/feedback/"
    return redirect(f"{url}#comment-{comment.pk}")

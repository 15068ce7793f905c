"""Staff pages under /work/legislation/: prepare a draft (paste or upload, review, publish),
close it, moderate and dispose of the comments, publish the feedback, add a revised version."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lianxi.core.errors import InvalidInput
from lianxi.core.refusals import attempt
from lianxi.legislation import actions
from lianxi.legislation.access import (
    access_comment,
    access_managed,
    contact_points_of,
)
from lianxi.legislation.drafts import docx_text
from lianxi.legislation.forms import (
    ConsultationForm,
    DisposeForm,
    FeedbackForm,
    MergeForm,
    ReasonForm,
    VersionForm,
)
from lianxi.legislation.models import Comment, Consultation, Disposition, Source
from lianxi.legislation.policies import is_legislative_staff
from lianxi.legislation.views.common import (
    draft_html,
    options_html,
    outline,
    provision_choices,
)
from lianxi.portal.rendering import paginate

MAX_DOCX = 5 * 1024 * 1024


def draft_text(form: Any) -> str:
    """The pasted text, or the uploaded Word file's lines (refused if it is not one)."""
    upload = form.cleaned_data.get("file")
    if upload is not None:
        if upload.size > MAX_DOCX:
            raise InvalidInput(_("The Word file is larger than 5 MB."), field="file")
        return docx_text(upload.read())
    text = form.cleaned_data.get("text") or ""
    if not text.strip():
        raise InvalidInput(_("Paste the draft's text or upload a Word file."), field="text")
    return text


@login_required
@require_safe
def consultation_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    staff = is_legislative_staff(user)
    points = contact_points_of(user)
    if not staff and not points:
        raise Http404
    if staff:
        qs = Consultation.objects.managed_by(user)
    else:
        qs = Consultation.objects.open_to_contact_points(points)
    return render(
        request,
        "legislation/staff/list.html",
        {
            "page": paginate(request, qs.select_related("area").order_by("-created_at", "-pk"), 20),
            "staff": staff,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not is_legislative_staff(user):
        raise Http404
    form = ConsultationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ok, made = attempt(
            request,
            lambda: actions.create_consultation(
                user, details=form.details(), text=draft_text(form)
            ),
            form,
            _("The draft was read: check its structure before publishing."),
        )
        if ok:
            return redirect("legislation_work:detail", made.pk)
    return render(
        request,
        "legislation/staff/edit.html",
        {"form": form, "consultation": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_edit(request: HttpRequest, consultation_id: int) -> HttpResponse:
    user: Any = request.user
    consultation = access_managed(user, consultation_id)
    initial = {
        f: getattr(consultation, f)
        for f in [
            "title", "explanation", "opens_on", "closes_on", "for_public", "for_citizens",
            "for_deputies", "for_contact_points", "max_length",
        ]
    }  # fmt: skip
    form = ConsultationForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        replace = bool(form.cleaned_data.get("text") or form.cleaned_data.get("file"))
        ok, _done = attempt(
            request,
            lambda: actions.edit_consultation(
                user,
                consultation,
                details=form.details(),
                text=draft_text(form) if replace else None,
            ),
            form,
            _("Saved."),
        )
        if ok:
            return redirect("legislation_work:detail", consultation.pk)
    return render(
        request,
        "legislation/staff/edit.html",
        {"form": form, "consultation": consultation},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_safe
def consultation_detail(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = access_managed(request.user, consultation_id)
    version = consultation.current
    comments = consultation.comments.all()
    return render(
        request,
        "legislation/staff/detail.html",
        {
            "consultation": consultation,
            "version": version,
            "versions": list(consultation.versions.all()),
            "draft": draft_html(outline(version), {}),
            "articles": version.provisions.filter(kind="article").count() if version else 0,
            "total": comments.shown().count(),
            "waiting": comments.shown().filter(disposition="").count(),
            "feedback_form": FeedbackForm(),
            "version_form": VersionForm(),
        },
    )


def _step(request: HttpRequest, consultation_id: int, do: Any, success: str) -> HttpResponse:
    consultation = access_managed(request.user, consultation_id)
    attempt(request, lambda: do(request.user, consultation), success=success)
    return redirect("legislation_work:detail", consultation.pk)


@login_required
@require_POST
def consultation_publish(request: HttpRequest, consultation_id: int) -> HttpResponse:
    return _step(request, consultation_id, actions.publish, _("Published for comment."))


@login_required
@require_POST
def consultation_close(request: HttpRequest, consultation_id: int) -> HttpResponse:
    return _step(
        request, consultation_id, actions.close, _("Closed: now give every comment a disposition.")
    )


@login_required
@require_POST
def consultation_report(request: HttpRequest, consultation_id: int) -> HttpResponse:
    form = FeedbackForm(request.POST)
    summary = form.cleaned_data["summary"] if form.is_valid() else ""
    return _step(
        request,
        consultation_id,
        lambda user, c: actions.publish_feedback(user, c, summary=summary),
        _("The feedback is published and the commenters are told."),
    )


@login_required
@require_POST
def version_add(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = access_managed(request.user, consultation_id)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        attempt(
            request,
            lambda: actions.add_version(
                request.user,
                consultation,
                label=data["label"],
                text=draft_text(form),
                note=data["note"],
            ),
            success=_("The new version was added."),
        )
    return redirect("legislation_work:detail", consultation.pk)


FILTERS = {
    "waiting": Q(disposition=""),
    "disposed": ~Q(disposition=""),
    "grouped": Q(group__isnull=False),
}


@login_required
@require_safe
def comment_list(request: HttpRequest, consultation_id: int) -> HttpResponse:
    """The moderation queue and the disposition list."""
    consultation = access_managed(request.user, consultation_id)
    version = consultation.current
    qs = (
        consultation.comments.shown()
        .select_related("provision__parent__parent", "contact_point", "covered_by")
        # The rows show citations and labels, never the provisions' text.
        .defer(
            "provision__text",
            "provision__parent__text",
            "provision__parent__parent__text",
            "covered_by__text",
        )
    )
    show = request.GET.get("show", "")
    if show in FILTERS:
        qs = qs.filter(FILTERS[show])
    source = request.GET.get("source", "")
    if source in Source.values:
        qs = qs.filter(source=source)
    article = request.GET.get("article", "")
    if article.isdigit():
        qs = qs.filter(article_id=int(article))
    group = request.GET.get("group", "")
    if group.isdigit():
        qs = qs.filter(group=int(group))
    # Articles are numbered in reading order, so their ids sort like their positions.
    order = ["group", "article_id", "pk"] if show == "grouped" else ["article_id", "pk"]
    articles = provision_choices(version, articles_only=True)
    return render(
        request,
        "legislation/staff/comments.html",
        {
            "consultation": consultation,
            "page": paginate(request, qs.order_by(*order), 50),
            "show": show,
            "source": source,
            "article": article,
            "group": group,
            "sources": Source.choices,
            "article_options": options_html(articles, article),
            "covered_options": options_html(articles),
            "dispositions": Disposition.choices,
            "hidden_count": consultation.comments.filter(visibility="hidden").count(),
            "query": request.GET.urlencode(),
        },
    )


def _back(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    query = request.POST.get("next_query", "")
    url = f"/work/legislation/{consultation.pk}/comments/"
    return redirect(f"{url}?{query}" if query and "\n" not in query else url)


@login_required
@require_POST
def comment_dispose(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = access_managed(request.user, consultation_id)
    articles = provision_choices(consultation.current, articles_only=True)
    form = DisposeForm(request.POST, articles=articles)
    ids = [int(v) for v in request.POST.getlist("comment") if v.isdigit()]
    if form.is_valid():
        data = form.cleaned_data
        attempt(
            request,
            lambda: actions.dispose(
                request.user,
                consultation,
                comment_ids=ids,
                disposition=data["disposition"],
                reason=data["reason"],
                covered_by_id=data["covered_by"],
            ),
            success=_("Disposition saved."),
        )
    else:
        attempt(request, lambda: _raise(form))
    return _back(request, consultation)


def _raise(form: Any) -> None:
    name, errors = next(iter(form.errors.items()))
    raise InvalidInput(
        f"{form.fields[name].label}：{errors[0]}" if name in form.fields else errors[0]
    )


@login_required
@require_POST
def comment_group(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = access_managed(request.user, consultation_id)
    ok, found = attempt(request, lambda: actions.group(request.user, consultation))
    if ok:
        from django.contrib import messages

        messages.success(request, _("%(n)d groups of similar comments found.") % {"n": found})
    return redirect(f"/work/legislation/{consultation.pk}/comments/?show=grouped")


@login_required
@require_POST
def comment_hide(request: HttpRequest, consultation_id: int, comment_id: int) -> HttpResponse:
    consultation = access_managed(request.user, consultation_id)
    comment = access_comment(request.user, consultation, comment_id)
    form = ReasonForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: actions.hide(request.user, comment, reason=form.cleaned_data["reason"]),
            success=_("The comment is hidden and its author told."),
        )
    else:
        attempt(request, lambda: _raise(form))
    return _back(request, consultation)


@login_required
@require_POST
def comment_merge(request: HttpRequest, consultation_id: int, comment_id: int) -> HttpResponse:
    consultation = access_managed(request.user, consultation_id)
    comment = access_comment(request.user, consultation, comment_id)
    form = MergeForm(request.POST)
    if form.is_valid():
        into = Comment.objects.filter(
            pk=form.cleaned_data["into"], consultation=consultation
        ).first()
        attempt(
            request,
            lambda: (
                actions.merge(request.user, comment, into=into)
                if into is not None
                else _raise_missing()
            ),
            success=_("Merged."),
        )
    else:
        attempt(request, lambda: _raise(form))
    return _back(request, consultation)


def _raise_missing() -> Any:
    raise InvalidInput(_("Choose another comment of this consultation."), field="into")

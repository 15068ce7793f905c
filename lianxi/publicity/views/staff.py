"""Staff pages under /work/publicity/: write a story, add its photos, send it for review,
review it (publish or return), withdraw it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lianxi.committee.models import Activity
from lianxi.core.refusals import attempt
from lianxi.directory.models import Deputy
from lianxi.liaison.models import Visit
from lianxi.portal.rendering import paginate
from lianxi.proposals.models import Proposal
from lianxi.publicity import actions, workflow
from lianxi.publicity.access import access_managed
from lianxi.publicity.forms import PhotoForm, ReasonForm, StoryForm, SubmitForm
from lianxi.publicity.models import Story, StoryPhoto, StoryStatus
from lianxi.publicity.policies import can_review, is_publicity_staff, reviewers_for

CHOICES = 300  # the most recent items offered in each link list
TABS = ("all", "draft", "review", "published", "withdrawn", "mine")


def _require_staff(user: Any) -> None:
    if not is_publicity_staff(user):
        raise Http404


def link_choices(user: Any) -> dict[str, list[tuple[int, str]]]:
    deputies = Deputy.objects.public()
    if user.jurisdiction_id:
        deputies = deputies.filter(constituency__prefix__startswith=user.jurisdiction.prefix)
    proposals = Proposal.objects.visible_to(user).exclude(status="draft").order_by("-pk")
    visits = (
        Visit.objects.visible_to(user)
        .filter(status="approved")
        .select_related("community")
        .order_by("-date", "-pk")
    )
    activities = (
        Activity.objects.visible_to(user)
        .exclude(status__in=["draft", "cancelled"])
        .order_by("-starts_at", "-pk")
    )
    return {
        "deputies": [(d.pk, d.name) for d in deputies.order_by("name", "pk")[:1000]],
        "proposals": [(p.pk, f"{p.title}") for p in proposals[:CHOICES]],
        "visits": [(v.pk, f"{v.date:%Y-%m-%d} {v.community.name}") for v in visits[:CHOICES]],
        "activities": [(a.pk, f"{a.starts_at:%Y-%m-%d} {a.title}") for a in activities[:CHOICES]],
    }


def initial_of(story: Story) -> dict[str, Any]:
    return {
        "title": story.title,
        "summary": story.summary,
        "body": story.body,
        "case_numbers": " ".join(
            story.cases.order_by("pk").values_list("tracking_number", flat=True)
        ),
        "deputies": list(story.deputies.values_list("pk", flat=True)),
        "proposals": list(story.proposals.values_list("pk", flat=True)),
        "visits": list(story.visits.values_list("pk", flat=True)),
        "activities": list(story.activities.values_list("pk", flat=True)),
    }


@login_required
@require_safe
def story_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_staff(user)
    tab = request.GET.get("tab") or "all"
    tab = tab if tab in TABS else "all"
    qs = Story.objects.managed_by(user).select_related("area", "author", "reviewer")
    if tab == "mine":
        qs = qs.filter(author=user)
    elif tab != "all":
        qs = qs.filter(status=tab)
    waiting = (
        Story.objects.managed_by(user).filter(status=StoryStatus.REVIEW, reviewer=user).count()
    )
    context = {
        "page": paginate(request, qs.order_by("-updated_at", "-pk"), 20),
        "tab": tab,
        "tabs": [
            ("all", _("All")),
            ("review", _("Awaiting review")),
            ("draft", _("Drafts")),
            ("published", pgettext("publishing", "Published")),
            ("withdrawn", _("Withdrawn")),
            ("mine", _("Written by me")),
        ],
        "waiting": waiting,
    }
    return render(request, "publicity/staff/list.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def story_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_staff(user)
    form = StoryForm(request.POST or None, choices=link_choices(user))
    if request.method == "POST" and form.is_valid():
        ok, made = attempt(
            request,
            lambda: actions.create_story(user, details=form.details()),
            form,
            _("The story was saved as a draft: add its photos, then send it for review."),
        )
        if ok:
            return redirect("publicity_work:detail", made.pk)
    return render(
        request,
        "publicity/staff/edit.html",
        {"form": form, "story": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def story_edit(request: HttpRequest, story_id: int) -> HttpResponse:
    user: Any = request.user
    story = access_managed(user, story_id)
    if not workflow.allowed(story, "edit"):
        return redirect("publicity_work:detail", story.pk)
    form = StoryForm(request.POST or None, initial=initial_of(story), choices=link_choices(user))
    if request.method == "POST" and form.is_valid():
        ok, _made = attempt(
            request,
            lambda: actions.edit_story(user, story, details=form.details()),
            form,
            _("The story was saved."),
        )
        if ok:
            return redirect("publicity_work:detail", story.pk)
    return render(
        request,
        "publicity/staff/edit.html",
        {"form": form, "story": story},
        status=400 if request.method == "POST" else 200,
    )


def _detail(request: HttpRequest, story: Story, **forms: Any) -> dict[str, Any]:
    user: Any = request.user
    reviewers = [(u.pk, f"{u} · {u.get_role_display()}") for u in reviewers_for(story)[:200]]
    return {
        "story": story,
        "photos": list(story.photos.all()),
        "cases": list(story.cases.order_by("pk")),
        "deputies": list(story.deputies.order_by("name")),
        "proposals": list(story.proposals.order_by("pk")),
        "visits": list(story.visits.select_related("community").order_by("-date")),
        "activities": list(story.activities.order_by("-starts_at")),
        "photo_form": forms.get("photo_form") or PhotoForm(),
        "submit_form": forms.get("submit_form") or SubmitForm(reviewers=reviewers),
        "reason_form": forms.get("reason_form") or ReasonForm(),
        "can_edit": workflow.allowed(story, "edit"),
        "can_review": story.status == StoryStatus.REVIEW and can_review(user, story),
    }


@login_required
@require_safe
def story_detail(request: HttpRequest, story_id: int) -> HttpResponse:
    story = access_managed(request.user, story_id)
    return render(request, "publicity/staff/detail.html", _detail(request, story))


@login_required
@require_POST
def photo_add(request: HttpRequest, story_id: int) -> HttpResponse:
    user: Any = request.user
    story = access_managed(user, story_id)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["photo"]
        if upload.size > 10 * 1024 * 1024:
            form.add_error("photo", _("The photo is larger than 10 MB."))
        else:
            ok, _photo = attempt(
                request,
                lambda: actions.add_photo(
                    user,
                    story,
                    name=upload.name,
                    data=upload.read(),
                    kind=form.cleaned_data["kind"],
                    caption=form.cleaned_data["caption"],
                ),
                form,
                _("The photo was added."),
            )
            if ok:
                return redirect("publicity_work:detail", story.pk)
    context = _detail(request, story, photo_form=form)
    return render(request, "publicity/staff/detail.html", context, status=400)


@login_required
@require_POST
def photo_remove(request: HttpRequest, story_id: int, photo_id: int) -> HttpResponse:
    user: Any = request.user
    story = access_managed(user, story_id)
    photo = StoryPhoto.objects.filter(story=story, pk=photo_id).first()
    if photo is None:
        raise Http404
    attempt(request, lambda: actions.remove_photo(user, photo), success=_("The photo was removed."))
    return redirect("publicity_work:detail", story.pk)


@login_required
@require_POST
def story_submit(request: HttpRequest, story_id: int) -> HttpResponse:
    user: Any = request.user
    story = access_managed(user, story_id)
    reviewers = [(u.pk, str(u)) for u in reviewers_for(story)[:200]]
    form = SubmitForm(request.POST, reviewers=reviewers)
    if form.is_valid():
        ok, _s = attempt(
            request,
            lambda: actions.submit_story(user, story, reviewer_id=form.cleaned_data["reviewer"]),
            form,
            _("The story was sent for review; the reviewer has been told."),
        )
        if ok:
            return redirect("publicity_work:detail", story.pk)
    context = _detail(request, story, submit_form=form)
    return render(request, "publicity/staff/detail.html", context, status=400)


@login_required
@require_POST
def story_publish(request: HttpRequest, story_id: int) -> HttpResponse:
    user: Any = request.user
    story = access_managed(user, story_id)
    attempt(
        request, lambda: actions.publish_story(user, story), success=_("The story is published.")
    )
    return redirect("publicity_work:detail", story.pk)


def _with_reason(request: HttpRequest, story_id: int, do: Any, success: str) -> HttpResponse:
    user: Any = request.user
    story = access_managed(user, story_id)
    form = ReasonForm(request.POST)
    if form.is_valid():
        ok, _s = attempt(
            request, lambda: do(user, story, reason=form.cleaned_data["reason"]), form, success
        )
        if ok:
            return redirect("publicity_work:detail", story.pk)
    context = _detail(request, story, reason_form=form)
    return render(request, "publicity/staff/detail.html", context, status=400)


@login_required
@require_POST
def story_return(request: HttpRequest, story_id: int) -> HttpResponse:
    return _with_reason(
        request, story_id, actions.return_story, _("The story was returned to its author.")
    )


@login_required
@require_POST
def story_withdraw(request: HttpRequest, story_id: int) -> HttpResponse:
    return _with_reason(
        request,
        story_id,
        actions.withdraw_story,
        _("The story was withdrawn from the public site."),
    )


@login_required
@require_POST
def story_reopen(request: HttpRequest, story_id: int) -> HttpResponse:
    user: Any = request.user
    story = access_managed(user, story_id)
    attempt(
        request, lambda: actions.reopen_story(user, story), success=_("The story is a draft again.")
    )
    return redirect("publicity_work:detail", story.pk)

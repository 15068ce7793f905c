"""Pages of suggestions and bills under /work/proposals/: deputies draft, invite, file and
rate; co-signers answer; committee staff review, assign and decide returns; the lead unit
records its contact and replies. The public list is at /proposals/."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lianxi.audit.log import log
from lianxi.cases.models import Case
from lianxi.core.choices import Role
from lianxi.core.refusals import attempt
from lianxi.directory.models import Deputy
from lianxi.lib.documents import DOCX_TYPE, PDF_TYPE, render_docx, render_pdf
from lianxi.lib.sheets import XLSX_CONTENT_TYPE, Sheet, write_workbook
from lianxi.portal.rendering import paginate
from lianxi.proposals import actions
from lianxi.proposals.access import access_invitation, access_proposal
from lianxi.proposals.actions import Draft, missing_co_opinions
from lianxi.proposals.choices import CosignStatus, Status
from lianxi.proposals.document import build as build_document
from lianxi.proposals.duplicates import candidates, open_items
from lianxi.proposals.forms import (
    AssignForm,
    ContactForm,
    CoOpinionForm,
    CorrectForm,
    DraftForm,
    InviteForm,
    MergeForm,
    RateForm,
    ReplyForm,
    ReturnForm,
    ReviewForm,
    UnmergeForm,
)
from lianxi.proposals.models import Cosigner, Proposal
from lianxi.proposals.numbers import by_category, by_deputy, by_unit
from lianxi.proposals.policies import (
    co_unit_of,
    cosigners_needed,
    is_author,
    is_lead_handler,
    is_staff_over,
)
from lianxi.proposals.workflow import TRANSITIONS
from lianxi.topics.models import HotIssue, SupervisionTopic, TopicStatus

WORK_ROLES = {Role.DEPUTY, Role.COMMITTEE, Role.ADMIN, Role.DEPARTMENT}


def _require_role(user: Any) -> None:
    if user.role not in WORK_ROLES:
        raise Http404


@login_required
@require_safe
def proposal_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_role(user)
    qs = Proposal.objects.visible_to(user).select_related("author", "lead")
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    invitations = (
        Cosigner.objects.filter(
            deputy__user=user, status=CosignStatus.INVITED, proposal__status="draft"
        ).select_related("proposal", "proposal__author")
        if user.role == Role.DEPUTY
        else Cosigner.objects.none()
    )
    return render(
        request,
        "proposals/list.html",
        {
            "page": paginate(request, qs.order_by("-id"), 20),
            "status": status,
            "statuses": Status.choices,
            "invitations": invitations,
            "can_draft": user.role == Role.DEPUTY,
            "staff": user.role in {Role.COMMITTEE, Role.ADMIN},
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def proposal_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user: Any = request.user
    if user.role != Role.DEPUTY:
        raise Http404
    proposal = access_proposal(user, pk) if pk else None
    if proposal is not None and not is_author(user, proposal):
        raise Http404
    initial: dict[str, Any] = {}
    if proposal is not None:
        initial = {
            "kind": proposal.kind,
            "title": proposal.title,
            "body": proposal.body,
            "reasons": proposal.reasons,
            "measures": proposal.measures,
            "category": proposal.category_id,
            "cases": list(proposal.cases.values_list("pk", flat=True)),
        }
    elif request.GET.get("hot", "").isdigit():
        issue = HotIssue.objects.filter(pk=int(request.GET["hot"])).first()
        if issue is not None:
            initial = {"hot_issue": issue.pk, "title": f"关于{issue.label}的建议"}
    elif request.GET.get("topic", "").isdigit():
        chosen = SupervisionTopic.objects.filter(
            pk=int(request.GET["topic"]), status=TopicStatus.ADOPTED
        ).first()
        if chosen is not None:
            initial = {"topic": chosen.pk, "title": _topic_title(chosen)}
    form = DraftForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        data = Draft(
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            reasons=form.cleaned_data["reasons"],
            measures=form.cleaned_data["measures"],
            category_id=form.cleaned_data["category"].pk if form.cleaned_data["category"] else None,
            case_ids=[c.pk for c in form.cleaned_data["cases"]],
            hot_issue_id=form.cleaned_data["hot_issue"],
            topic_id=form.cleaned_data["topic"],
        )
        ok, saved = attempt(
            request,
            lambda: actions.save_draft(user, data, proposal),
            form,
            _("The draft is saved."),
        )
        if ok:
            return redirect("proposals_work:detail", saved.pk)
    status = 400 if request.method == "POST" else 200
    issue_id = form["hot_issue"].value()
    issue = HotIssue.objects.filter(pk=issue_id).first() if str(issue_id or "").isdigit() else None
    # The hot issues the deputy's own cases belong to: one click builds a draft from one.
    mine = Case.objects.visible_to(user).values("pk")
    issues = HotIssue.objects.filter(cases__in=mine).distinct().order_by("rank")[:10]
    topic_id = form["topic"].value()
    topic = (
        SupervisionTopic.objects.filter(pk=topic_id, status=TopicStatus.ADOPTED)
        .select_related("department", "category")
        .first()
        if str(topic_id or "").isdigit()
        else None
    )
    # The supervision topics the committee took up (每月一题), newest first.
    topics = SupervisionTopic.objects.filter(status=TopicStatus.ADOPTED).select_related(
        "department", "category"
    )[:10]
    return render(
        request,
        "proposals/edit.html",
        {
            "form": form,
            "proposal": proposal,
            "issue": issue,
            "issues": issues,
            "topic": topic,
            "topics": topics,
        },
        status=status,
    )


def _topic_title(topic: SupervisionTopic) -> str:
    theme = topic.category.name if topic.category else ""
    return f"关于{topic.department.name}{theme}问题的建议"[:120]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def proposal_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """After filing, the deputy corrects the text: a new version, the old ones kept."""
    user: Any = request.user
    if user.role != Role.DEPUTY:
        raise Http404
    proposal = access_proposal(user, pk)
    if not is_author(user, proposal):
        raise Http404
    if proposal.status not in TRANSITIONS["correct"][0]:
        messages.error(request, _("The text can no longer be corrected."))
        return redirect("proposals_work:detail", pk)
    initial = {
        "title": proposal.title,
        "body": proposal.body,
        "reasons": proposal.reasons,
        "measures": proposal.measures,
    }
    form = CorrectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = Draft(
            kind=proposal.kind,
            title=d["title"],
            body=d["body"],
            reasons=d["reasons"],
            measures=d["measures"],
        )
        ok, _saved = attempt(
            request,
            lambda: actions.correct(user, proposal, data, d["note"]),
            form,
            _("The correction is saved as a new version."),
        )
        if ok:
            return redirect("proposals_work:detail", pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "proposals/correct.html", {"form": form, "p": proposal}, status=status)


def evidence(proposal: Proposal, user: Any) -> dict[str, Any]:
    """What the linked cases add up to: count, areas, time span, and three texts of cases
    the user may see."""
    cases = proposal.cases.all()
    span = cases.aggregate(first=Min("submitted_at"), last=Max("submitted_at"))
    areas = (
        cases.exclude(community=None)
        .values("community__name")
        .annotate(n=Count("id"))
        .order_by("-n")[:5]
    )
    return {
        "count": cases.count(),
        "areas": [a["community__name"] for a in areas],
        "first": span["first"],
        "last": span["last"],
        "samples": list(
            cases.filter(pk__in=Case.objects.visible_to(user).values("pk")).order_by("-id")[:3]
        ),
    }


@login_required
@require_safe
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    _require_role(user)
    proposal = access_proposal(user, pk)
    author = is_author(user, proposal)
    staff = is_staff_over(user, proposal)
    lead = is_lead_handler(user, proposal)
    co_unit = co_unit_of(user, proposal)
    st = proposal.status
    confirmed = proposal.cosigners.filter(status=CosignStatus.CONFIRMED).count()
    duplicates = candidates(user, proposal) if staff and st == "filed" else []
    merge_form = (
        MergeForm(
            choices=open_items(user, proposal).order_by("-id"),
            initial={"into": duplicates[0].item.pk} if duplicates else None,
        )
        if staff and st == "filed"
        else None
    )
    merged_into = (
        Proposal.objects.visible_to(user).filter(pk=proposal.merged_into_id).first()
        if proposal.merged_into_id
        else None
    )
    return render(
        request,
        "proposals/detail.html",
        {
            "p": proposal,
            "evidence": evidence(proposal, user),
            "cosigners": proposal.cosigners.select_related("deputy"),
            "confirmed": confirmed,
            "needed": cosigners_needed(proposal.author.level),
            "co_units": proposal.co_units.all(),
            "co_opinions": proposal.co_opinions.select_related("department"),
            "co_waiting": missing_co_opinions(proposal) if st == "assigned" else [],
            "co_opinion_form": CoOpinionForm() if co_unit and st == "assigned" else None,
            "versions": proposal.versions.all(),
            "answers": proposal.answers.select_related("signed_off_by"),
            "can_correct": author and st in TRANSITIONS["correct"][0],
            "duplicates": duplicates,
            "merge_form": merge_form,
            "merged_into": merged_into,
            "merged_here": proposal.merged.visible_to(user).select_related("author"),
            "unmerge_form": UnmergeForm() if staff and st == "merged" else None,
            "sign_off": lead and st == "assigned" and bool(proposal.draft_reply),
            "author": author,
            "invite_form": InviteForm(author=proposal.author) if author and st == "draft" else None,
            "review_form": ReviewForm() if staff and st == "filed" else None,
            "assign_form": AssignForm() if staff and st == "accepted" else None,
            "decide_return": staff and st == "return_asked",
            "return_form": ReturnForm() if lead and st == "assigned" else None,
            "contact_form": ContactForm() if lead and st == "assigned" else None,
            "reply_form": ReplyForm(
                initial={
                    "result": proposal.draft_result,
                    "text": proposal.draft_reply,
                    "confidential": proposal.draft_confidential,
                    "confidential_reason": proposal.draft_confidential_reason,
                }
            )
            if lead and st == "assigned" and proposal.contact_on
            else None,
            "rate_form": RateForm() if author and st == "replied" else None,
        },
    )


def _step(request: HttpRequest, pk: int, form_class: Any, run: Any, success: str) -> HttpResponse:
    """Run one step from a posted form; the refusal (or form error) is flashed."""
    user: Any = request.user
    _require_role(user)
    proposal = access_proposal(user, pk)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("proposals_work:detail", pk)
    attempt(
        request, lambda: run(user, proposal, form.cleaned_data if form else {}), success=success
    )
    return redirect("proposals_work:detail", pk)


@login_required
@require_POST
def proposal_file(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, None, lambda u, p, d: actions.file(u, p), _("Filed."))


@login_required
@require_POST
def proposal_invite(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    proposal = access_proposal(user, pk)
    form = InviteForm(request.POST, author=proposal.author)
    ids = [d.pk for d in form.cleaned_data["deputies"]] if form.is_valid() else []
    attempt(
        request,
        lambda: actions.invite_cosigners(user, proposal, ids),
        success=_("The invitations are sent."),
    )
    return redirect("proposals_work:detail", pk)


@login_required
@require_POST
def cosign(request: HttpRequest, cosigner_id: int) -> HttpResponse:
    user: Any = request.user
    invitation = access_invitation(user, cosigner_id)
    confirm = request.POST.get("answer") == "confirm"
    attempt(
        request,
        lambda: actions.answer_invitation(user, invitation, confirm),
        success=_("Your answer is recorded."),
    )
    return redirect("proposals_work:list")


@login_required
@require_POST
def proposal_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        ReviewForm,
        lambda u, p, d: actions.review(u, p, d["decision"], d["reason"]),
        _("The review is recorded."),
    )


@login_required
@require_POST
def proposal_assign(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        AssignForm,
        lambda u, p, d: actions.assign(
            u,
            p,
            d["lead"].pk,
            [c.pk for c in d["co_units"]],
            complex_item=d["complex_item"],
            key_supervision=d["key_supervision"],
        ),
        _("Assigned."),
    )


@login_required
@require_POST
def proposal_ask_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        ReturnForm,
        lambda u, p, d: actions.ask_return(u, p, d["reason"]),
        _("The return is requested."),
    )


@login_required
@require_POST
def proposal_decide_return(request: HttpRequest, pk: int) -> HttpResponse:
    grant = request.POST.get("grant") == "1"
    return _step(
        request,
        pk,
        None,
        lambda u, p, d: actions.decide_return(u, p, grant),
        _("The decision is recorded."),
    )


@login_required
@require_POST
def proposal_contact(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        ContactForm,
        lambda u, p, d: actions.record_contact(u, p, d["method"], d["on"], d["notes"]),
        _("The contact is recorded."),
    )


@login_required
@require_POST
def proposal_co_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        CoOpinionForm,
        lambda u, p, d: actions.give_co_opinion(u, p, d["text"]),
        _("Your unit's opinion is sent to the lead unit."),
    )


@login_required
@require_POST
def proposal_reply(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        ReplyForm,
        lambda u, p, d: actions.draft_reply(
            u, p, d["result"], d["text"], d["confidential"], d["confidential_reason"]
        ),
        _("The reply is drafted: read it over, then sign it off to send it."),
    )


@login_required
@require_POST
def proposal_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        None,
        lambda u, p, d: actions.sign_off(u, p),
        _("The reply is signed off and sent."),
    )


@login_required
@require_POST
def proposal_merge(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    _require_role(user)
    proposal = access_proposal(user, pk)
    form = MergeForm(request.POST, choices=open_items(user, proposal))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("proposals_work:detail", pk)
    d = form.cleaned_data
    attempt(
        request,
        lambda: actions.merge(user, proposal, d["into"], d["reason"]),
        success=_("Merged: the other item carries it on."),
    )
    return redirect("proposals_work:detail", pk)


@login_required
@require_POST
def proposal_unmerge(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        UnmergeForm,
        lambda u, p, d: actions.unmerge(u, p, d["reason"]),
        _("The merge is undone: the item is reviewed on its own again."),
    )


@login_required
@require_POST
def proposal_rate(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        RateForm,
        lambda u, p, d: actions.rate(u, p, d["rating"], d["comment"]),
        _("Thank you for rating the reply."),
    )


@require_safe
def public_list(request: HttpRequest) -> HttpResponse:
    qs = Proposal.objects.published().select_related("author", "lead").order_by("-replied_at")
    deputy = None
    wanted = request.GET.get("deputy", "")
    if wanted.isdigit() and len(wanted) <= 9:  # a deputy's own items, from their public page
        deputy = Deputy.objects.public().filter(pk=int(wanted)).first()
        qs = qs.filter(author=deputy) if deputy else qs.none()
    context = {"page": paginate(request, qs, 20), "deputy": deputy}
    return render(request, "proposals/public_list.html", context)


def _require_staff(user: Any) -> None:
    if user.role not in {Role.COMMITTEE, Role.ADMIN}:
        raise Http404


@login_required
@require_safe
def unit_numbers(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_staff(user)
    context = {"units": by_unit(user), "deputies": by_deputy(user), "categories": by_category(user)}
    return render(request, "proposals/numbers.html", context)


def _number_sheets(user: Any) -> list[Sheet]:
    units = Sheet(
        _("By unit"),
        [
            _("Unit"),
            _("Items"),
            _("Replied"),
            _("On time"),
            "A",
            "B",
            "C",
            "D",
            _("Satisfied or basically satisfied"),
            _("Rated"),
            _("Re-handled"),
        ],
        [
            [
                r.unit,
                r.items,
                r.replied,
                r.on_time,
                *r.shares.values(),
                r.satisfied,
                r.rated,
                r.rehandled,
            ]
            for r in by_unit(user)
        ],
    )
    deputies = Sheet(
        _("By deputy"),
        [_("Deputy"), _("Filed"), _("Suggestions"), _("Bills"), _("Accepted"), _("Co-signed")],
        [
            [r.deputy, r.filed, r.suggestions, r.bills, r.accepted, r.cosigned]
            for r in by_deputy(user)
        ],
    )
    categories = Sheet(
        _("By category"),
        [
            _("Category"),
            _("Items"),
            _("Replied"),
            "A",
            "B",
            "C",
            "D",
            _("Satisfied or basically satisfied"),
            _("Rated"),
        ],
        [
            [r.category, r.items, r.replied, *r.shares.values(), r.satisfied, r.rated]
            for r in by_category(user)
        ],
    )
    return [units, deputies, categories]


@login_required
@require_safe
def unit_numbers_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_staff(user)
    sheets = _number_sheets(user)
    content = write_workbook(sheets)
    log(user, "proposals.export_numbers", None, {"rows": sum(s.written for s in sheets)})
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="proposals-figures.xlsx"'
    return response


FORMATS = {"pdf": (render_pdf, PDF_TYPE), "docx": (render_docx, DOCX_TYPE)}


@login_required
@require_safe
def proposal_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The item as the page shows it, as PDF or Word, for whoever may read it."""
    user: Any = request.user
    _require_role(user)
    if fmt not in FORMATS:
        raise Http404
    proposal = access_proposal(user, pk)
    render_it, content_type = FORMATS[fmt]
    body = render_it(build_document(proposal, str(user), timezone.localdate()))
    log(user, "proposals.export_document", proposal, {"format": fmt})
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="proposal-{proposal.pk}.{fmt}"'
    return response

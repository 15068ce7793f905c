"""Notices and the materials library: staff write and publish, deputies read and confirm."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lianxi.audit.log import log
from lianxi.committee import actions
from lianxi.committee.access import (
    access_material,
    access_notice,
    require_deputy,
    require_staff,
)
from lianxi.committee.forms import AudienceForm, MaterialForm, NoticeForm, PublishForm
from lianxi.committee.models import Material, Notice, NoticeAttachment, NoticeRead
from lianxi.committee.models.notices import MaterialKind, NoticeStatus
from lianxi.committee.policies import can_manage, is_committee_staff
from lianxi.committee.querysets import deputy_of
from lianxi.core.refusals import attempt
from lianxi.lib.sheets import XLSX_CONTENT_TYPE, Sheet, write_workbook
from lianxi.portal.rendering import paginate

PER_PAGE = 20


@login_required
@require_safe
def notice_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    staff = is_committee_staff(user)
    if not staff:
        require_deputy(user)
    qs = Notice.objects.visible_to(user)
    status = request.GET.get("status", "")
    if staff and status in NoticeStatus.values:
        qs = qs.filter(status=status)
    deputy = deputy_of(user)
    if staff:
        qs = qs.annotate(
            read_count=Count("reads", distinct=True),
            confirmed_count=Count(
                "reads", filter=Q(reads__confirmed_at__isnull=False), distinct=True
            ),
        ).order_by("-created_at", "-id")
        page = paginate(request, qs, PER_PAGE)
        read_ids: set[int] = set()
    else:
        page = paginate(request, qs.order_by("-published_at", "-id"), PER_PAGE)
        read_ids = set(
            NoticeRead.objects.filter(
                deputy=deputy, notice_id__in=[n.pk for n in page.object_list]
            ).values_list("notice_id", flat=True)
        )
    return render(
        request,
        "committee/notices/list.html",
        {
            "page": page,
            "staff": staff,
            "read_ids": read_ids,
            "status": status,
            "statuses": NoticeStatus.choices,
        },
    )


def _notice_forms(request: HttpRequest, notice: Notice | None) -> tuple[NoticeForm, AudienceForm]:
    user = request.user
    if request.method == "POST":
        return (
            NoticeForm(request.POST, request.FILES),
            AudienceForm(request.POST, prefix="aud", user=user),
        )
    if notice is None:
        return NoticeForm(), AudienceForm(prefix="aud", user=user)
    initial = {
        "kind": notice.kind,
        "title": notice.title,
        "body": notice.body,
        "must_confirm": notice.must_confirm,
        "closes_at": timezone.localtime(notice.closes_at) if notice.closes_at else None,
    }
    return (
        NoticeForm(initial=initial),
        AudienceForm(prefix="aud", user=user, initial=AudienceForm.initial_of(notice.audience)),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notice_edit(request: HttpRequest, notice_id: int | None = None) -> HttpResponse:
    user: Any = request.user
    require_staff(user)
    notice = access_notice(user, notice_id) if notice_id else None
    if notice is not None and not can_manage(user, notice):
        raise Http404
    form, audience = _notice_forms(request, notice)
    if request.method == "POST" and form.is_valid() and audience.is_valid():
        ok, saved = attempt(
            request,
            lambda: actions.save_notice(
                user,
                data=form.data_obj(audience.spec()),
                notice=notice,
                files=form.cleaned_data["attachments"],
            ),
            form,
            _("Saved."),
        )
        if ok:
            return redirect("committee_work:notice", saved.pk)
    return render(
        request,
        "committee/notices/edit.html",
        {"form": form, "audience": audience, "notice": notice},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_safe
def notice_detail(request: HttpRequest, notice_id: int) -> HttpResponse:
    user: Any = request.user
    notice = access_notice(user, notice_id)
    context: dict[str, Any] = {"notice": notice, "attachments": notice.attachments.all()}
    if is_committee_staff(user):
        receipts = {r.deputy_id: r for r in NoticeRead.objects.filter(notice=notice)}
        show = request.GET.get("show", "")
        audience = (
            notice.audience.deputies_qs().select_related("constituency").order_by("name", "pk")
        )
        if show == "unread":
            audience = audience.exclude(pk__in=list(receipts))
        elif show == "unconfirmed":
            audience = audience.exclude(
                pk__in=[d for d, r in receipts.items() if r.confirmed_at is not None]
            )
        page = paginate(request, audience, 50)
        total = notice.audience.deputies_qs().count()
        context.update(
            staff=True,
            page=page,
            receipts=receipts,
            show=show,
            total=total,
            read=len(receipts),
            confirmed=sum(1 for r in receipts.values() if r.confirmed_at),
            publish_form=PublishForm(),
            can_manage=can_manage(user, notice),
            rows=[(d, receipts.get(d.pk)) for d in page.object_list],
        )
    else:
        deputy = deputy_of(user)
        receipt = NoticeRead.objects.filter(notice=notice, deputy=deputy).first()
        if receipt is None:  # the first opening is the read receipt
            receipt = actions.read_notice(user, notice=notice)
        context.update(staff=False, receipt=receipt)
    return render(request, "committee/notices/detail.html", context)


@login_required
@require_POST
def notice_publish(request: HttpRequest, notice_id: int) -> HttpResponse:
    user: Any = request.user
    require_staff(user)
    notice = access_notice(user, notice_id)
    form = PublishForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: actions.publish_notice(user, notice=notice, at=form.cleaned_data["publish_at"]),
            success=_("Done."),
        )
    else:
        for errors in form.errors.values():
            messages.error(request, str(errors[0]))
    return redirect("committee_work:notice", notice.pk)


@login_required
@require_POST
def notice_withdraw(request: HttpRequest, notice_id: int) -> HttpResponse:
    user: Any = request.user
    require_staff(user)
    notice = access_notice(user, notice_id)
    attempt(request, lambda: actions.withdraw_notice(user, notice=notice), success=_("Withdrawn."))
    return redirect("committee_work:notice", notice.pk)


@login_required
@require_POST
def notice_confirm(request: HttpRequest, notice_id: int) -> HttpResponse:
    user: Any = request.user
    notice = access_notice(user, notice_id)
    attempt(
        request,
        lambda: actions.confirm_notice(user, notice=notice),
        success=_("Thank you, your reading is confirmed."),
    )
    return redirect("committee_work:notice", notice.pk)


@login_required
@require_safe
def notice_attachment(request: HttpRequest, notice_id: int, attachment_id: int) -> FileResponse:
    notice = access_notice(request.user, notice_id)
    item = NoticeAttachment.objects.filter(notice=notice, pk=attachment_id).first()
    if item is None:
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:  # the row outlived its file (a restore without media): not there
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def notice_export(request: HttpRequest, notice_id: int) -> HttpResponse:
    """Who read what, as Excel (audited: it lists deputies)."""
    user: Any = request.user
    require_staff(user)
    notice = access_notice(user, notice_id)
    receipts = {r.deputy_id: r for r in NoticeRead.objects.filter(notice=notice)}
    rows: list[list[Any]] = []
    for deputy in notice.audience.deputies_qs().select_related("constituency").order_by("name"):
        r = receipts.get(deputy.pk)
        rows.append(
            [
                deputy.name,
                deputy.get_level_display(),
                deputy.constituency.full_name,
                timezone.localtime(r.read_at).strftime("%Y-%m-%d %H:%M") if r else "",
                timezone.localtime(r.confirmed_at).strftime("%Y-%m-%d %H:%M")
                if r and r.confirmed_at
                else "",
            ]
        )
    header = [_("Deputy"), _("Level"), _("Constituency"), _("First read at"), _("Confirmed at")]
    content = write_workbook([Sheet(_("Read receipts"), header, rows)])
    log(user, "committee.export_receipts", notice, {"rows": len(rows)})
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="notice-{notice.pk}-receipts.xlsx"'
    return response


# ---------------------------------------------------------------- materials


@login_required
@require_safe
def material_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    staff = is_committee_staff(user)
    if not staff:
        require_deputy(user)
    qs = Material.objects.visible_to(user)
    if not staff:
        qs = qs.filter(status=NoticeStatus.PUBLISHED)
    tag = (request.GET.get("tag") or "").strip()[:30]
    kind = request.GET.get("kind", "")
    if tag:
        qs = qs.filter(tags__contains=tag)
    if kind in MaterialKind.values:
        qs = qs.filter(kind=kind)
    qs = qs.annotate(download_count=Count("downloads")).order_by("-created_at", "-id")
    return render(
        request,
        "committee/materials/list.html",
        {
            "page": paginate(request, qs, PER_PAGE),
            "staff": staff,
            "tag": tag,
            "kind": kind,
            "kinds": MaterialKind.choices,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def material_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_staff(user)
    if request.method == "POST":
        form = MaterialForm(request.POST, request.FILES)
        audience = AudienceForm(request.POST, prefix="aud", user=user)
        if form.is_valid() and audience.is_valid():
            ok, saved = attempt(
                request,
                lambda: actions.add_material(
                    user, data=form.data_obj(audience.spec()), upload=form.cleaned_data["file"]
                ),
                form,
                _("Saved."),
            )
            if ok:
                return redirect("committee_work:material", saved.pk)
    else:
        form, audience = MaterialForm(), AudienceForm(prefix="aud", user=user)
    return render(
        request,
        "committee/materials/new.html",
        {"form": form, "audience": audience},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_safe
def material_detail(request: HttpRequest, material_id: int) -> HttpResponse:
    user: Any = request.user
    material = access_material(user, material_id)
    if not is_committee_staff(user) and material.status != NoticeStatus.PUBLISHED:
        raise Http404
    downloads = material.downloads.select_related("user")[:50] if is_committee_staff(user) else []
    return render(
        request,
        "committee/materials/detail.html",
        {
            "material": material,
            "downloads": downloads,
            "staff": is_committee_staff(user),
            "download_count": material.downloads.count(),
        },
    )


@login_required
@require_POST
def material_download(request: HttpRequest, material_id: int) -> HttpResponse | FileResponse:
    """Record the download, then hand over the file (or go to the link)."""
    user: Any = request.user
    material = access_material(user, material_id)
    ok, _record = attempt(request, lambda: actions.download_material(user, material=material))
    if not ok:
        raise Http404
    if material.link and not material.file:
        return redirect(material.link)
    try:
        handle = material.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=material.original_name or "file",
        content_type=material.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def material_withdraw(request: HttpRequest, material_id: int) -> HttpResponse:
    user: Any = request.user
    require_staff(user)
    material = access_material(user, material_id)
    attempt(
        request, lambda: actions.withdraw_material(user, material=material), success=_("Withdrawn.")
    )
    return redirect("committee_work:material", material.pk)

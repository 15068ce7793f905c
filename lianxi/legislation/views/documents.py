"""The staff summary of a consultation as Word and Excel: the same access as the staff pages,
an audit event per export."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from lianxi.audit.log import log
from lianxi.legislation import summary
from lianxi.legislation.access import access_managed
from lianxi.lib.documents import DOCX_TYPE, render_docx
from lianxi.lib.sheets import XLSX_CONTENT_TYPE, write_workbook


@login_required
@require_safe
def summary_docx(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = access_managed(request.user, consultation_id)
    built = summary.build(
        consultation,
        author=str(request.user),
        organisation=settings.SITE_NAME,
        today=timezone.localdate(),
    )
    log(request.user, "legislation.export", consultation, {"format": "docx"})
    response = HttpResponse(render_docx(built), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="consultation-{consultation.pk}.docx"'
    return response


@login_required
@require_safe
def summary_xlsx(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = access_managed(request.user, consultation_id)
    log(request.user, "legislation.export", consultation, {"format": "xlsx"})
    response = HttpResponse(
        write_workbook(summary.sheets(consultation)), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="consultation-{consultation.pk}.xlsx"'
    return response

"""The committee dashboard as a PDF or Word report: the same policy, filters, scope and audit
event (`stats.export`) as the Excel export, with the page's figures and charts."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_safe

from lianxi.audit.log import log
from lianxi.lib.documents import DOCX_TYPE, PDF_TYPE, render_docx, render_pdf
from lianxi.stats.access import SCOPE_TABLE_LABELS, scope_for
from lianxi.stats.models import RefreshRun
from lianxi.stats.policies import can_export
from lianxi.stats.queries import dashboard, entity_rows, name_rows
from lianxi.stats.report import Source, build
from lianxi.stats.views.staff import _filters, _table

DOCUMENT_ROWS = 300  # rows of the per-deputy / station / department table in a report
NAME_LABELS = {
    "deputies": gettext_lazy("Deputy"),
    "stations": gettext_lazy("Station"),
    "departments": gettext_lazy("Department"),
}
FORMATS = {"pdf": (render_pdf, PDF_TYPE), "docx": (render_docx, DOCX_TYPE)}


@login_required
@require_safe
def export_document(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS or not can_export(request.user):
        raise Http404
    scope = scope_for(request.user)
    _form, filters = _filters(request, scope)
    table = _table(request, scope)
    entities = entity_rows(scope, filters, table)
    rows = name_rows(table, list(entities[:DOCUMENT_ROWS]))
    period = f"{filters.start:%Y-%m} – {filters.end:%Y-%m}"
    label = str(SCOPE_TABLE_LABELS[table])
    run = RefreshRun.objects.first()
    source = Source(
        data=dashboard(scope, filters),
        table_label=label,
        name_label=str(NAME_LABELS[table]),
        rows=rows,
        total_rows=entities.count() if len(rows) == DOCUMENT_ROWS else len(rows),
        filters=[
            (pgettext("time span", "Period"), period),
            (_("Area"), filters.area.name if filters.area else _("All")),
            (_("Category"), filters.category.name if filters.category else _("All")),
            (_("Table"), label),
        ],
        organisation=settings.SITE_NAME,
        author=str(request.user),
        today=timezone.localdate(),
        as_of=f"{timezone.localtime(run.finished_at):%Y-%m-%d %H:%M}" if run else "",
    )
    log(
        request.user,
        "stats.export",
        None,
        {
            "format": fmt,
            "table": table,
            "rows": len(rows),
            "period": period,
            "area": filters.area.pk if filters.area else None,
            "category": filters.category.pk if filters.category else None,
        },
    )
    render, content_type = FORMATS[fmt]
    response = HttpResponse(render(build(source)), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="stats-{table}-{filters.start:%Y%m}-{filters.end:%Y%m}.{fmt}"'
    )
    return response

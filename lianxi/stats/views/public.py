"""The public statistics page: aggregates only. No case text, no citizen's name or contact;
breakdown cells under five cases are not shown (queries.SMALL_CELL); deputies, as public
officials, are listed with their answer figures, as on their public pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lianxi.portal.rendering import paginate
from lianxi.stats.access import PUBLIC
from lianxi.stats.forms import FilterForm
from lianxi.stats.models import RefreshRun
from lianxi.stats.queries import SMALL_CELL, dashboard, entity_rows, name_rows

PER_PAGE = 25


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None, scope=PUBLIC, public=True)
    filters = form.filters()
    page = paginate(request, entity_rows(PUBLIC, filters, "deputies", public=True), PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "data": dashboard(PUBLIC, filters, public=True),
        "page": page,
        "rows": name_rows("deputies", list(page.object_list)),
        "query": query.urlencode(),
        "run": RefreshRun.objects.first(),
        "small_cell": SMALL_CELL,
    }
    return render(request, "stats/public/statistics.html", context)

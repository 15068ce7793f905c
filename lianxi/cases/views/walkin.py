"""Walk-in entry: station staff note down a citizen's matter at the station; a deputy notes one
heard on a visit or by phone. Only those two roles reach it (404 for anyone else)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from lianxi.cases import actions
from lianxi.cases.forms.intake import WalkInForm
from lianxi.core.choices import Role
from lianxi.core.refusals import attempt
from lianxi.directory.models import Deputy, Station


def _scope(user: Any) -> tuple[Any, Deputy | None]:
    """(the user's stations, their deputy record) or 404."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    if user.role == Role.STATION_STAFF:
        stations = Station.objects.filter(staff=user, is_active=True).order_by("name")
        if not stations.exists():
            raise Http404
        return stations, None
    if user.role == Role.DEPUTY:
        deputy = Deputy.objects.select_related("constituency").filter(user=user).first()
        if deputy is None or deputy.status != "serving":
            raise Http404
        return Station.objects.filter(deputies=deputy, is_active=True).order_by("name"), deputy
    raise Http404


@require_http_methods(["GET", "POST"])
def walkin(request: HttpRequest) -> HttpResponse:
    stations, deputy = _scope(request.user)
    form = WalkInForm(request.POST or None, stations=stations, deputy=deputy)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            intake = actions.Intake(
                kind=data["kind"],
                title=data["title"],
                content=data["content"],
                channel="deputy" if deputy is not None else "station",
                category=data["category"],
                community=data["community"],
                target_deputy=deputy,
                target_station=data.get("station"),
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
            )
            done = attempt(request, lambda: actions.submit_case(request.user, data=intake), form)
            if done.ok:
                submitted = done.result
                context = {
                    "info": {
                        "number": submitted.case.tracking_number,
                        "code": submitted.query_code,
                        "id": submitted.case.pk,
                    },
                    "walkin": True,
                }
                return render(request, "cases/public/submitted.html", context)
        return render(request, "cases/public/walkin.html", {"form": form}, status=400)
    return render(request, "cases/public/walkin.html", {"form": form})

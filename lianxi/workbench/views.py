"""The signed-in workbench: each role sees its own scope, read through `visible_to`, and
records outside it answer 404 exactly like missing ones (the `access_*` helpers)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lianxi.audit.log import log
from lianxi.directory.access import access_department, access_deputy, access_station
from lianxi.directory.models import Category, Deputy, Station
from lianxi.directory.policies import can_see_deputy_contact, deputy_contact_visible_ids
from lianxi.portal.queries import AREA_CHAIN
from lianxi.portal.rendering import is_partial_request, render_page
from lianxi.workbench import dashboards, waiting


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    board = dashboards.for_role(user.role)(request)
    context = board.context
    if not is_partial_request(request):  # a table paging in place needs no counts
        context = context | {"waiting": waiting.for_request(request)}
    return render_page(request, board.template, context, board.partials)


@login_required
@require_safe
def station(request: HttpRequest, station_id: int) -> HttpResponse:
    obj = access_station(request.user, station_id)
    deputies = list(
        obj.deputies.select_related(f"constituency__{AREA_CHAIN}").order_by("name", "id")
    )
    allowed = deputy_contact_visible_ids(request.user, deputies)
    if allowed:  # showing personal data in full is a disclosure: audit it
        log(request.user, "directory.show_contact", obj, {"deputies": sorted(allowed)})
    context = {
        "station": obj,
        "deputies": [(d, d.pk in allowed) for d in deputies],
        "staff": list(obj.staff.order_by("display_name", "username")),
        "communities": list(obj.communities.select_related("parent").order_by("code")),
    }
    return render(request, "workbench/station.html", context)


@login_required
@require_safe
def department(request: HttpRequest, department_id: int) -> HttpResponse:
    obj = access_department(request.user, department_id)
    categories = Category.objects.select_related("parent").order_by("code")
    context = {
        "department": obj,
        "categories": list(obj.categories.select_related("parent").order_by("code")),
        "default_for": list(categories.filter(default_department=obj)),
        "handlers": list(obj.handlers.order_by("display_name", "username")),
    }
    return render(request, "workbench/department_detail.html", context)


@login_required
@require_safe
def deputy(request: HttpRequest, deputy_id: int) -> HttpResponse:
    found = access_deputy(request.user, deputy_id)
    obj = (
        Deputy.objects.select_related("constituency", "user")
        .prefetch_related(
            "expertise",
            Prefetch(
                "stations",
                queryset=Station.objects.select_related(f"area__{AREA_CHAIN}").order_by("name"),
            ),
        )
        .get(pk=found.pk)
    )
    user: Any = request.user
    reachable = set(
        Station.objects.visible_to(user).filter(deputies=obj).values_list("pk", flat=True)
    )
    show_contact = can_see_deputy_contact(request.user, obj)
    if show_contact and obj.user_id != user.pk:
        log(user, "directory.show_contact", obj, {"deputies": [obj.pk]})
    context = {
        "deputy": obj,
        "show_contact": show_contact,
        "stations": [(s, s.pk in reachable) for s in obj.stations.all()],
    }
    return render(request, "workbench/deputy_detail.html", context)

"""Search pages: the staff search (everything the user may see) and the public search
(published cases only). Thin: validate the form, ask the search service, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lianxi.core.choices import STAFF_ROLES
from lianxi.search.forms import PublicSearchForm, StaffSearchForm
from lianxi.search.service import Results, search


def _page(request: HttpRequest) -> int:
    value = request.GET.get("page") or "1"
    return int(value) if value.isdigit() and len(value) < 6 else 1


def _run(request: HttpRequest, form: Any, *, public: bool) -> Results | None:
    if not request.GET.get("q") or not form.is_valid():
        return None
    return search(request.user, form.params(_page(request)), public=public)


@require_safe
@login_required
def staff_search(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.role not in STAFF_ROLES:
        raise PermissionDenied
    form = StaffSearchForm(request.GET or None)
    results = _run(request, form, public=False)
    return render(request, "search/staff.html", {"form": form, "results": results})


@require_safe
def public_search(request: HttpRequest) -> HttpResponse:
    form = PublicSearchForm(request.GET or None)
    results = _run(request, form, public=True)
    return render(request, "search/public.html", {"form": form, "results": results})

"""Small helpers shared by the portal and workbench views: paging and htmx partials."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def paginate(
    request: HttpRequest, queryset: QuerySet[Any] | list[Any], per_page: int, param: str = "page"
) -> Page:
    """The requested page; out-of-range or malformed numbers give the nearest valid page."""
    return Paginator(queryset, per_page).get_page(request.GET.get(param))


def is_partial_request(request: HttpRequest, target: str | None = None) -> bool:
    """An htmx request that wants only a fragment (not a history restore after a cache miss,
    which needs the whole page). With `target`, only when htmx swaps that element."""
    htmx = getattr(request, "htmx", None)
    if not htmx or htmx.history_restore_request:
        return False
    return target is None or htmx.target == target


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    partials: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the page, or only the partial named for the element htmx is swapping.

    `partials` maps an htmx target id to a partial of `template`
    (django-template-partials' `template.html#name`)."""
    name = template
    for target, partial in (partials or {}).items():
        if is_partial_request(request, target):
            name = f"{template}#{partial}"
            break
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def clean_query(request: HttpRequest, param: str = "q", limit: int = 30) -> str:
    return (request.GET.get(param) or "").strip()[:limit]


def clean_id(request: HttpRequest, param: str) -> int | None:
    value = request.GET.get(param) or ""
    return int(value) if value.isdigit() and len(value) < 19 else None

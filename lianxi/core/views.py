from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext


def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not ready"
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


def _error(request: HttpRequest, status: int) -> HttpResponse:
    return render(request, "errors/error.html", {"status": status}, status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 400)


def forbidden(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 403)


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if request.path.startswith("/api/"):  # the API's one refusal body (api/problems.py)
        return JsonResponse({"detail": gettext("Not found."), "field": None}, status=404)
    return _error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No template context processors: the failure may be in them.
    return HttpResponse(render_to_string("errors/500.html"), status=500)

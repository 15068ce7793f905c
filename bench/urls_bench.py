"""The project's URLs plus `POST /bench/insert-one/`: parse a small JSON body, insert one row
into `bench_row` in a transaction, answer 201 JSON. Same stack (granian, Django middleware,
database), none of the work intake does. Used only by bench/intake.py."""

from __future__ import annotations

import json

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lianxi import urls as project_urls

TABLE = "bench_row"


def ensure_table() -> None:
    """Create the bench-only table (run once by bench/intake.py before the server starts)."""
    key = (
        "id INTEGER PRIMARY KEY AUTOINCREMENT"
        if connection.vendor == "sqlite"
        else "id BIGSERIAL PRIMARY KEY"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} "
            f"({key}, title VARCHAR(200) NOT NULL, created_at VARCHAR(40) NOT NULL)"
        )


@csrf_exempt
@require_POST
def insert_one(request: HttpRequest) -> HttpResponse:
    try:
        title = str(json.loads(request.body or b"{}").get("title", ""))[:200]
    except (ValueError, AttributeError):
        return JsonResponse({"detail": "bad JSON"}, status=400)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (title, created_at) VALUES (%s, %s)",  # noqa: S608
            [title, timezone.now().isoformat()],
        )
        row_id = cursor.lastrowid if connection.vendor == "sqlite" else None
    return JsonResponse({"id": row_id}, status=201)


urlpatterns = [path("bench/insert-one/", insert_one), *project_urls.urlpatterns]
handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500

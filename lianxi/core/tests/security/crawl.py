"""A crawler over the site as each role sees it, for the security sweeps (stored XSS, safe GET).

From each role's start pages it follows the links the pages carry (same site, GET), at most a
few URLs per route so that every page kind is visited without walking every row."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve

from conftest import force_login
from lianxi.accounts.models import User
from lianxi.core.tests.rollback import built_once

# The demo city's account for each role (None: not signed in).
ROLES: dict[str, str | None] = {
    "public": None,
    "citizen": "citizen",
    "deputy": "deputy",
    "station": "station",
    "committee": "committee",
    "handler": "handler",
    "admin": "admin",
}
STARTS = ["/", "/work/", "/notifications/", "/privacy/", "/accounts/profile/"]
# Links a crawl does not follow: signing out ends the crawl's session, switching language
# and the admin's own pages are covered elsewhere (see admin_pages()).
SKIP = re.compile(r"^/(accounts/logout|i18n/|static/|media/|admin/|api/|open311/)")
HREF = re.compile(r'href="([^"#]+)"')


def client_for(role: str) -> Client:
    client = Client()
    username = ROLES[role]
    if username is not None:
        force_login(client, User.objects.get(username=username))
    return client


def route_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name or match.route


@dataclass
class Crawl:
    role: str
    per_route: int = 2
    limit: int = 200
    visited: list[str] = field(default_factory=list)
    routes: Counter[str] = field(default_factory=Counter)

    def links(self, html: str) -> Iterator[str]:
        for raw in HREF.findall(html):
            url = urldefrag(raw.replace("&amp;", "&"))[0]
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not url.startswith("/") or SKIP.match(url):
                continue
            yield url

    def run(self, client: Client, visit: Callable[[str, Any], None]) -> list[str]:
        """GET pages breadth first from the start pages; `visit(url, response)` sees each."""
        queue = list(STARTS)
        seen = set(queue)
        while queue and len(self.visited) < self.limit:
            url = queue.pop(0)
            route = route_of(urlsplit(url).path)
            if route is None or self.routes[route] >= self.per_route:
                continue
            self.routes[route] += 1
            response = client.get(url)
            self.visited.append(url)
            visit(url, response)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for link in self.links(response.content.decode()):
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
        return self.visited


def table_counts() -> dict[str, int]:
    """Rows in every table of the database, in one query."""
    tables = sorted(connection.introspection.table_names())
    quote = connection.ops.quote_name
    # Table names come from the database's own catalogue, not from input.
    parts = [f"SELECT {i}, COUNT(*) FROM {quote(t)}" for i, t in enumerate(tables)]  # noqa: S608
    sql = " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {tables[i]: n for i, n in cursor.fetchall()}


@pytest.fixture(scope="module")
def demo_city(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The admin tests' world (every app's demo data, every table with a row), built once
    per module and rolled back after it."""
    from lianxi.core.tests import admin_world

    yield from built_once(django_db_blocker, admin_world.build)

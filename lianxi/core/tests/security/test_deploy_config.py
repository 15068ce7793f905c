"""quality.md test 21, beside core/tests/test_deploy.py (`check --deploy --fail-level WARNING`
with production settings: no issues) and accounts/tests/test_deploy_check.py (a demo password
fails it): the headers production sends, with its own settings, on pages, the API and error
pages; `/.git/HEAD` and friends 404; a forced 500 is the generic page, on pages and the API; no
check silenced; and the migrations make no account (no default administrator)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from lianxi import urls as project_urls
from lianxi.accounts.models import User
from lianxi.core.tests.security.production import production_settings
from lianxi.directory.models import Category

HEADER_SETTINGS = [
    "DEBUG",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SILENCED_SYSTEM_CHECKS",
]
SECRET = "a-detail-only-the-server-knows"


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(SECRET)


urlpatterns = [path("test-boom/", boom), *project_urls.urlpatterns]
handler404 = project_urls.handler404
handler500 = project_urls.handler500


@pytest.fixture
def prod(settings: Any, tmp_path: Path) -> dict[str, Any]:
    values = production_settings(tmp_path, HEADER_SETTINGS)
    for name, value in values.items():
        if name == "SECURE_PROXY_SSL_HEADER" and value is not None:
            value = tuple(value)
        setattr(settings, name, value)
    return values


def test_production_sends_the_security_headers(db: Any, prod: dict[str, Any]) -> None:
    assert prod["DEBUG"] is False
    assert prod["SILENCED_SYSTEM_CHECKS"] == []  # nothing silenced: the check itself is clean
    client = Client()
    for url in ["/", "/accounts/login/", "/cases/new/", "/api/v1/categories", "/no-such-page/"]:
        answer = client.get(url, secure=True)
        assert answer.status_code in {200, 404}, (url, answer.status_code)
        hsts = dict(
            part.strip().partition("=")[::2]
            for part in answer["Strict-Transport-Security"].split(";")
        )
        assert int(hsts["max-age"]) >= 31_536_000, url
        assert answer["X-Content-Type-Options"] == "nosniff", url
        assert answer["Referrer-Policy"] in {"same-origin", "strict-origin-when-cross-origin"}
        assert answer["X-Frame-Options"] == "DENY", url
        if answer["Content-Type"].startswith("text/html"):
            csp = answer["Content-Security-Policy"]
            assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp, url
    plain = client.get("/accounts/login/")  # plain HTTP is sent to HTTPS
    assert plain.status_code == 301 and plain["Location"].startswith("https://")


@pytest.mark.parametrize(
    "url", ["/.git/HEAD", "/.git/config", "/.env", "/static/../.git/HEAD", "/media/"]
)
def test_repository_and_secrets_are_not_served(db: Any, url: str) -> None:
    answer = Client().get(url)
    assert answer.status_code == 404
    assert b"ref: refs/" not in answer.content and b"SECRET_KEY" not in answer.content


def test_a_forced_500_is_the_generic_page(db: Any, prod: dict[str, Any], settings: Any) -> None:
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    for url, patch in [
        ("/test-boom/", None),
        ("/api/v1/categories", mock.patch.object(Category.objects, "filter")),
    ]:
        if patch is not None:
            patch.start().side_effect = RuntimeError(SECRET)
        try:
            answer = client.get(url, secure=True)
        finally:
            if patch is not None:
                patch.stop()
        text = answer.content.decode()
        assert answer.status_code == 500, url
        assert "系统暂时出了点问题" in text, url
        assert SECRET not in text and "Traceback" not in text and "RuntimeError" not in text
        assert "settings" not in text.lower() and "/work/" not in text


def test_the_migrations_make_no_account(db: Any) -> None:
    """The database as `migrate` leaves it (the suite's is made by migrating): no
    administrator, nor any account, until someone creates one on purpose."""
    assert not User.objects.exists()

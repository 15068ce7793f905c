"""/api/v1/docs shows the API in Chromium under the site's Content-Security-Policy (issue 22:
it was blank because the policy blocked Swagger UI's assets from a CDN)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_api_docs_render_under_the_csp(live_server: Any, open_page: Any, db: Any) -> None:
    page = open_page(1280, 900)
    outside: list[str] = []
    page.on(
        "request",
        lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url),
    )
    page.goto(live_server.url + "/api/v1/docs")
    # Every tag listed (closed at first); one opened shows its operations.
    expect(page.locator(".swagger-ui .opblock-tag").nth(12)).to_be_attached(timeout=30000)
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("lianxi API")
    page.locator(".swagger-ui .opblock-tag", has_text="proposals").first.click()
    expect(page.locator(".swagger-ui .opblock").nth(10)).to_be_attached()
    assert "/api/v1/proposals" in page.locator(".swagger-ui .opblock").first.inner_text()
    assert not outside, outside
    assert not page.blocked, page.blocked

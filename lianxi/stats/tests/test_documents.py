"""The committee dashboard as a PDF and a Word report: the page's figures for the same filters
and scope, the same policy and audit event as the Excel export."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.stats import actions
from lianxi.stats.report import percent
from lianxi.stats.tests.conftest import CANARY_NAME, CANARY_PHONE, Ledger

pytestmark = pytest.mark.django_db
DASHBOARD = "stats_work:dashboard"


@pytest.fixture
def refreshed(world: World, ledger: Ledger) -> Ledger:
    actions.refresh_statistics(None, full=True)
    return ledger


def pdf_text(body: bytes, tmp_path: Path) -> tuple[str, int]:
    path = tmp_path / "stats.pdf"
    path.write_bytes(body)
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout)[1])  # type: ignore[index]
    return re.sub(r"\s+", "", text), pages


def docx_text(body: bytes) -> tuple[str, list[list[list[str]]]]:
    document = Document(io.BytesIO(body))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return "\n".join(p.text for p in document.paragraphs), tables


def test_pdf_has_the_page_figures_and_is_audited(
    world: World, refreshed: Ledger, login: Any, tmp_path: Path
) -> None:
    client = login(world["committee_d1"])
    query = {"table": "deputies", "period": "6"}
    page = client.get(reverse(DASHBOARD), query).context["data"]
    response = client.get(reverse("stats_work:export_pdf"), query)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert re.fullmatch(
        r'attachment; filename="stats-deputies-\d{6}-\d{6}\.pdf"', response["Content-Disposition"]
    )
    text, pages = pdf_text(response.content, tmp_path)
    assert 4 <= pages <= 12
    assert "群众诉求办理情况统计报告" in text and "内部资料" in text
    totals = page["totals"]
    assert f"共收到群众诉求{totals['cases']}件" in text
    assert f"按期答复率{percent(totals['in_time_share'])}" in text
    assert world.deputy_a.name in text and world.deputy_b.name not in text  # the scope
    assert "图1每月诉求数与答复数" in text and "第1页共" in text
    assert CANARY_NAME not in text and CANARY_PHONE not in text
    event = AuditEvent.objects.filter(action="stats.export").get()
    assert event.actor == world["committee_d1"]
    assert event.data["format"] == "pdf" and event.data["table"] == "deputies"
    assert event.data["rows"] == 1


def test_docx_follows_the_filters(world: World, refreshed: Ledger, login: Any) -> None:
    client = login(world["committee"])
    query = {"table": "stations", "period": "6", "category": refreshed.market.pk}
    page = client.get(reverse(DASHBOARD), query)
    response = client.get(reverse("stats_work:export_docx"), query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text, tables = docx_text(response.content)
    with translation.override("zh-hans"):
        category, table, cases = _("Category"), _("Table"), pgettext("count", "Cases")
        stations_label = _("Stations")
    assert f"{category}：市场监管" in text and f"{table}：{stations_label}" in text
    assert tables[0][1] == [cases, str(page.context["data"]["totals"]["cases"])]
    stations = tables[-1]
    assert stations[0][1] == cases
    assert [row[0] for row in stations[1:]] == [r["name"] for r in page.context["rows"]]
    assert [row[1] for row in stations[1:]] == [str(r["cases"]) for r in page.context["rows"]]
    months = next(t for t in tables if t[0][0] == "月份")  # the cases per month
    assert [int(row[1]) for row in months[1:]] == page.context["data"]["trend"]["cases"]
    event = AuditEvent.objects.filter(action="stats.export").get()
    assert event.data["format"] == "docx" and event.data["category"] == refreshed.market.pk


@pytest.mark.parametrize("who", ["deputy_a", "staff_a", "handler_x", "citizen"])
def test_refused_roles_get_404_and_nothing_is_logged(
    world: World, refreshed: Ledger, login: Any, who: str
) -> None:
    client = login(world[who])
    for name in ("stats_work:export_pdf", "stats_work:export_docx"):
        assert client.get(reverse(name), {"period": "6"}).status_code == 404
    assert not AuditEvent.objects.filter(action="stats.export").exists()


def test_anonymous_is_sent_to_sign_in(client: Any, refreshed: Ledger) -> None:
    response = client.get(reverse("stats_work:export_pdf"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_page_links_the_reports_with_its_filters(
    world: World, refreshed: Ledger, login: Any
) -> None:
    html = login(world["committee"]).get(reverse(DASHBOARD), {"period": "3"}).content.decode()
    assert f"{reverse('stats_work:export_pdf')}?period=3&amp;table=deputies" in html
    assert f"{reverse('stats_work:export_docx')}?period=3&amp;table=deputies" in html
    deputy_page = login(world["deputy_a"]).get(reverse(DASHBOARD)).content.decode()
    assert reverse("stats_work:export_pdf") not in deputy_page

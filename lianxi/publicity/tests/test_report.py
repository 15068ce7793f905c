"""The annual report of liaison work: made from the year's figures, edited, previewed as PDF
and Word, made final (frozen files), downloaded by the public; refused to others."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from docx import Document

from conftest import World
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.publicity import actions, annual
from lianxi.publicity.models import AnnualReport, ReportStatus, Story
from lianxi.stats.refresh import refresh_full

pytestmark = pytest.mark.django_db


def pdf_text(body: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(body)
    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def report(world: World, published: Story) -> AnnualReport:
    refresh_full()
    made = actions.create_report(world["committee_d1"], year=2026)
    return actions.edit_report(
        world["committee_d1"],
        made,
        text=actions.ReportText(
            title=made.title,
            foreword="一年来，全区各级人大代表坚持密切联系群众。",
            highlights="全年围绕老旧小区改造开展专题调研。\n\n推动电梯维修资金落实。",
            plans="明年继续完善代表联络站建设。",
        ),
    )


def test_the_figures_come_from_the_year(report: AnnualReport, published: Story) -> None:
    figures = annual.gather(report)
    assert figures.cases["cases"] == 1 and figures.cases["closed"] == 1
    assert [s.pk for s in figures.stories] == [published.pk]
    assert figures.months[4] == ("5月", 1, 1)


def test_preview_finalise_and_download(
    world: World, report: AnnualReport, login: Any, client: Any, tmp_path: Path
) -> None:
    staff = login(world["committee_d1"])
    page = staff.get(reverse("publicity_work:report", args=[report.pk]))
    assert page.status_code == 200 and "2026年数据" in page.content.decode()
    pdf = staff.get(reverse("publicity_work:preview_pdf", args=[report.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content, tmp_path)
    assert "东湖区2026年度代表工作报告" in text and "征求意见稿" in text
    assert "推动电梯维修资金落实" in text and "代表督办，老旧小区电梯恢复运行" in text
    word = staff.get(reverse("publicity_work:preview_docx", args=[report.pk]))
    paragraphs = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "明年继续完善代表联络站建设" in paragraphs
    assert client.get(reverse("publicity:report_pdf", args=[report.pk])).status_code in (404, 200)
    assert staff.post(reverse("publicity_work:finalise", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.FINAL and report.pdf and report.docx
    client.logout()
    public = client.get(reverse("publicity:report_pdf", args=[report.pk]))
    assert public.status_code == 200
    body = b"".join(public.streaming_content)
    final_text = pdf_text(body, tmp_path)
    assert "征求意见稿" not in final_text and "东湖区2026年度代表工作报告" in final_text
    assert "东湖区2026年度代表工作报告" in client.get(reverse("publicity:reports")).content.decode()
    with pytest.raises(IllegalTransition):
        actions.edit_report(
            world["committee_d1"], report, text=actions.ReportText(title="新的标题文字")
        )


def test_a_draft_report_is_not_public(
    world: World, report: AnnualReport, login: Any, client: Any
) -> None:
    assert client.get(reverse("publicity:report_pdf", args=[report.pk])).status_code == 404
    for persona in ("citizen", "deputy_a", "staff_a"):
        user = login(world[persona])
        assert user.get(reverse("publicity_work:report", args=[report.pk])).status_code == 404
        assert user.get(reverse("publicity_work:preview_pdf", args=[report.pk])).status_code == 404


def test_report_rules(world: World, report: AnnualReport) -> None:
    with pytest.raises(InvalidInput):
        actions.create_report(world["committee_d1"], year=2026)  # one a year
    with pytest.raises(InvalidInput):
        actions.create_report(world["committee_d1"], year=2031)  # not yet
    with pytest.raises(NotAllowed):
        actions.create_report(world["deputy_a"], year=2025)
    empty = actions.create_report(world["committee_d1"], year=2025)
    with pytest.raises(InvalidInput) as refused:
        actions.finalise_report(world["committee_d1"], empty, pdf=b"%PDF-", docx=b"PK")
    assert refused.value.field == "highlights"

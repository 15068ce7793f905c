"""The deputy's annual performance report: its figures are the record's, the draft is edited
by the deputy and staff, made final by staff (frozen, stored), downloaded as Word and PDF;
the batch of a year's reports with its progress; who may see what."""

from __future__ import annotations

import io
import subprocess
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from docx import Document

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.performance import actions, reports
from lianxi.performance import actions_reports as report_actions
from lianxi.performance.lines import Want, records_for, sync
from lianxi.performance.models import Record
from lianxi.performance.models_reports import AnnualReport, ReportBatch
from lianxi.performance.scoring import recompute_records

pytestmark = pytest.mark.django_db

YEAR = 2026


@pytest.fixture(autouse=True)
def frozen() -> Any:
    # The year of the records is over: the report can be made final.
    with time_machine.travel("2027-02-01 10:00 +08:00", tick=False):
        yield


def scheme(world: World) -> None:
    actions.save_scheme(
        world["committee"],
        year=YEAR,
        data=actions.SchemeData(
            items=[
                actions.ItemData("visit", 2, 16),
                actions.ItemData("duty_missed", -4, 16),
                actions.ItemData("suggestion_filed", 3, 6),
            ],
            base=30,
        ),
    )


def line(deputy_id: int, kind: str, day: date, label: str, source_id: int) -> None:
    sync(f"test.{kind}", source_id, [Want(deputy_id, kind, day, label)])


@pytest.fixture
def record(world: World) -> Record:
    """李明华's record of 2026: 3 visits, a missed duty shift, 3 suggestions (the cap counts
    two): 30 + 6 − 4 + 6 = 38 points."""
    scheme(world)
    d = world.deputy_a.pk
    line(d, "visit", date(2026, 3, 5), "走访青石社区独居老人", 1)
    line(d, "visit", date(2026, 4, 9), "走访东湖街道商户", 2)
    line(d, "visit", date(2026, 4, 20), "走访学校周边家长", 3)
    line(d, "duty_missed", date(2026, 5, 6), "联络站值班缺席", 4)
    line(d, "suggestion_filed", date(2026, 6, 1), "关于增设社区养老服务点的建议", 5)
    line(d, "suggestion_filed", date(2026, 6, 2), "关于改善学校周边交通的建议", 6)
    line(d, "suggestion_filed", date(2026, 7, 2), "关于老旧小区加装电梯的建议", 7)
    found = records_for([(d, YEAR)])[(d, YEAR)]
    recompute_records([found.pk])
    found.refresh_from_db()
    assert found.score == Decimal("38.00")
    return Record.objects.select_related("deputy__constituency", "version").get(pk=found.pk)


def pdf_text(body: bytes, tmp_path: Path) -> tuple[str, str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(body)
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return text, info.stdout


def docx_text(body: bytes) -> str:
    document = Document(io.BytesIO(body))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def test_the_figures_are_the_records(record: Record) -> None:
    figures = reports.gather(record)
    assert figures.score == record.score == Decimal("38.00")
    assert figures.grade == record.grade == "incompetent"
    assert figures.lines == record.lines.count() == 7
    assert figures.count("visit") == 3
    assert figures.count("suggestion_filed") == 3
    assert figures.count("duty_missed") == 1
    # by month: (month, work done, shortfalls)
    assert figures.months[2] == (3, 1, 0)
    assert figures.months[3] == (4, 2, 0)
    assert figures.months[4] == (5, 0, 1)
    assert figures.months[5] == (6, 2, 0)
    assert sum(d + s for _m, d, s in figures.months) == 7
    values = {row["kind"]: row["value"] for row in figures.breakdown}
    assert values == {"visit": "6.00", "duty_missed": "-4.00", "suggestion_filed": "6.00"}
    listed = {kind: (items, n) for kind, _label, items, n in figures.listed}
    assert set(listed) == {"suggestion_filed"}
    items, n = listed["suggestion_filed"]
    assert n == 3 and items[2] == "07-02　关于老旧小区加装电梯的建议"


def test_the_word_document_holds_the_figures(world: World, record: Record) -> None:
    report = report_actions.create_report(world["deputy_a"], record=record)
    assert report.title == "李明华代表2026年度履职报告"
    assert "李明华" in report.intro and "走访" in report.highlights
    body, name = reports.document(record, "docx")
    assert body.startswith(b"PK") and name.endswith("草稿.docx")
    text = docx_text(body)
    assert "李明华代表2026年度履职报告" in text
    assert "38.00" in text  # the score in the summary sentence
    # The breakdown, item by item: count, points per unit, cap, points.
    assert "走访选民（已审核） | 3 | 2 | 16 | 6" in text
    assert "进站履职缺勤 | 1 | -4 | 16 | -4" in text  # the missed shift, deducted
    assert "提出建议或议案 | 3 | 3 | 6 | 6" in text  # three suggestions, capped at 6
    assert "合计 | – | – | – | 38" in text
    # The work by kind, with its counts.
    assert "走访选民（已审核） | 3" in text and "提出建议或议案 | 3" in text
    assert "关于老旧小区加装电梯的建议" in text
    assert "征求意见稿" in text  # a draft says so
    # The charts are in the document as pictures.
    assert len(Document(io.BytesIO(body)).inline_shapes) == 2


def test_the_pdf_renders(world: World, record: Record, tmp_path: Path) -> None:
    body, name = reports.document(record, "pdf")
    assert body.startswith(b"%PDF-") and name.endswith(".pdf")
    text, info = pdf_text(body, tmp_path)
    pages = int(next(x for x in info.splitlines() if x.startswith("Pages:")).split()[-1])
    assert pages >= 2
    assert "李明华" in text and "38.00" in text


def test_edit_before_final_and_frozen_after(
    world: World, record: Record, login: Any, tmp_path: Path
) -> None:
    deputy = login(world["deputy_a"])
    url = f"/work/performance/{record.pk}/report/"
    assert "制作草稿" in deputy.get(url).content.decode()
    assert deputy.post(f"{url}new/").status_code == 302
    report = AnnualReport.objects.get(record=record)
    saved = deputy.post(
        url,
        {
            "title": "李明华代表2026年度履职报告",
            "intro": "本人是东湖区选区选出的市人大代表。",
            "highlights": "全年围绕养老服务开展调研。\n\n推动社区养老服务点建成。",
            "plans": "明年继续加强与选民的联系。",
        },
    )
    assert saved.status_code == 302
    report.refresh_from_db()
    assert (
        report.highlights.startswith("全年围绕养老服务") and report.edited_by == world["deputy_a"]
    )
    # The deputy cannot make it final; committee staff of the district can.
    assert deputy.post(f"{url}final/").status_code == 404
    staff = login(world["committee_d1"])
    staff.post(url, {"title": report.title, "highlights": report.highlights + "\n\n年底回访。"})
    assert staff.post(f"{url}final/").status_code == 302
    report.refresh_from_db()
    assert report.status == "final" and report.finalised_by == world["committee_d1"]
    assert report.figures["score"] == "38.00" and report.figures["kinds"]["visit"] == "3"
    assert AuditEvent.objects.filter(action="performance.finalise_report", outcome="ok").exists()
    # Frozen: the text no longer changes, by page or by action.
    refused = deputy.post(url, {"title": "改过的标题", "highlights": "改过的内容"})
    assert refused.status_code == 409
    report.refresh_from_db()
    assert report.title == "李明华代表2026年度履职报告" and "年底回访" in report.highlights
    with pytest.raises(IllegalTransition):
        report_actions.edit_report(
            world["committee_d1"], report=report, text=report_actions.ReportText("新的标题")
        )
    # The stored documents are served, even after the record's score changes.
    line(world.deputy_a.pk, "visit", date(2026, 9, 1), "走访农贸市场", 8)
    recompute_records([record.pk])
    record.refresh_from_db()
    assert record.score == Decimal("40.00")
    pdf = deputy.get(f"/work/performance/{record.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    body = b"".join(pdf.streaming_content)
    text, _info = pdf_text(body, tmp_path)
    assert "38.00" in text and "40.00" not in text and "征求意见稿" not in text
    word = deputy.get(f"/work/performance/{record.pk}/report.docx")
    word_text = docx_text(b"".join(word.streaming_content))
    assert "年底回访" in word_text and "38.00" in word_text
    assert AuditEvent.objects.filter(action="performance.export_report").count() == 2


def test_final_needs_the_year_over_and_the_main_text(world: World, record: Record) -> None:
    report = report_actions.create_report(world["committee_d1"], record=record)
    report_actions.edit_report(
        world["committee_d1"], report=report, text=report_actions.ReportText(report.title)
    )
    report.refresh_from_db()
    pdf, docx, figures = report_actions.render_final(report)
    with pytest.raises(InvalidInput):
        report_actions.finalise_report(
            world["committee_d1"], report=report, pdf=pdf, docx=docx, figures=figures
        )
    with pytest.raises(NotAllowed):
        report_actions.finalise_report(
            world["deputy_a"], report=report, pdf=pdf, docx=docx, figures=figures
        )
    report_actions.edit_report(
        world["committee_d1"],
        report=report,
        text=report_actions.ReportText(report.title, highlights="全年履职情况良好。"),
    )
    with time_machine.travel("2026-12-30 10:00 +08:00", tick=False):
        with pytest.raises(InvalidInput):
            report_actions.finalise_report(
                world["committee_d1"], report=report, pdf=pdf, docx=docx, figures=figures
            )
    done = report_actions.finalise_report(
        world["committee_d1"], report=report, pdf=pdf, docx=docx, figures=figures
    )
    assert done.status == "final" and done.pdf.name and done.docx.name
    with pytest.raises(IllegalTransition):
        report_actions.create_report(world["committee_d1"], record=record)


def test_who_sees_a_report(world: World, record: Record, login: Any) -> None:
    report_actions.create_report(world["deputy_a"], record=record)
    base = f"/work/performance/{record.pk}/report"
    for name in ("deputy_a", "committee", "committee_d1", "admin"):
        client = login(world[name])
        assert client.get(f"{base}/").status_code == 200, name
        assert client.get(f"{base}.docx").status_code == 200, name
    d2 = login(world["committee"]).get(f"{base}/").content.decode()
    assert "定稿" in d2  # staff over the deputy may make it final
    for name in ("deputy_b", "staff_a", "handler_x", "citizen"):
        client = login(world[name])
        assert client.get(f"{base}/").status_code == 404, name
        assert client.get(f"{base}.pdf").status_code == 404, name
        assert client.post(f"{base}/", {"title": "别人的报告"}).status_code == 404, name
        assert client.post(f"{base}/final/").status_code == 404, name
    # Staff of another district: the deputy of district 2 is not theirs.
    other = records_for([(world.deputy_b.pk, YEAR)])[(world.deputy_b.pk, YEAR)]
    d1 = login(world["committee_d1"])
    assert d1.get(f"/work/performance/{other.pk}/report/").status_code == 404
    assert d1.post(f"/work/performance/{other.pk}/report/new/").status_code == 404
    assert not AnnualReport.objects.filter(record=other).exists()


def test_a_batch_makes_every_report_of_the_jurisdiction(
    world: World, record: Record, login: Any, commit: Any
) -> None:
    records_for([(world.deputy_b.pk, YEAR)])  # a deputy of district 2: not in d1's batch
    staff = login(world["committee_d1"])
    with commit():
        started = staff.post("/work/performance/reports/", {"year": str(YEAR), "format": "docx"})
    assert started.status_code == 302
    batch = ReportBatch.objects.get()
    assert batch.status == "done" and batch.area == world["committee_d1"].jurisdiction
    serving_in_d1 = Record.objects.filter(
        year=YEAR,
        deputy__status="serving",
        deputy__constituency__prefix__startswith=batch.area.prefix,  # type: ignore[union-attr]
    ).count()
    assert batch.total == batch.done == serving_in_d1 >= 1
    page = staff.get(f"/work/performance/reports/?year={YEAR}").content.decode()
    assert f"已生成 {batch.done} / {batch.total} 份报告" in page
    fragment = staff.get(f"/work/performance/reports/batches/{batch.pk}/")
    assert fragment.status_code == 200 and "hx-trigger" not in fragment.content.decode()
    download = staff.get(f"/work/performance/reports/batches/{batch.pk}/file/")
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert len(names) == batch.total
    assert any("李明华" in n for n in names) and not any("王秀英" in n for n in names)
    ours = next(n for n in names if "李明华" in n)
    assert "38.00" in docx_text(archive.read(ours))
    # Others do not see the batch; another district's staff neither.
    for name in ("deputy_a", "citizen", "staff_a"):
        client = login(world[name])
        assert client.get(f"/work/performance/reports/batches/{batch.pk}/").status_code == 404
        assert client.get(f"/work/performance/reports/batches/{batch.pk}/file/").status_code == 404
        assert client.get("/work/performance/reports/").status_code == 404


def test_a_working_batch_is_polled_and_not_started_twice(world: World, login: Any) -> None:
    staff = world["committee_d1"]
    batch = report_actions.start_batch(staff, year=YEAR, fmt="pdf")  # no commit: stays queued
    assert batch.status == "queued"
    with pytest.raises(IllegalTransition):
        report_actions.start_batch(staff, year=YEAR, fmt="docx")
    with pytest.raises(NotAllowed):
        report_actions.start_batch(world["deputy_a"], year=YEAR, fmt="docx")
    with pytest.raises(InvalidInput):
        report_actions.start_batch(world["committee"], year=YEAR, fmt="odt")
    ReportBatch.objects.filter(pk=batch.pk).update(status="running", total=40, done=10)
    fragment = login(staff).get(f"/work/performance/reports/batches/{batch.pk}/").content.decode()
    assert 'hx-trigger="every 3s"' in fragment and 'value="25"' in fragment

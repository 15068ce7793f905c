"""The API's reads of annual reports and their batches: a deputy sees their own, staff those
of their jurisdiction, others nothing; the download links work for whoever sees the report."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from conftest import World
from lianxi.performance import actions_reports as report_actions
from lianxi.performance.lines import records_for
from lianxi.performance.models_reports import ReportBatch

pytestmark = pytest.mark.django_db

YEAR = 2026


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel("2027-02-01 10:00 +08:00", tick=False):
        yield


@pytest.fixture
def records(world: World) -> Any:
    found = records_for([(world.deputy_a.pk, YEAR), (world.deputy_b.pk, YEAR)])
    a, b = found[(world.deputy_a.pk, YEAR)], found[(world.deputy_b.pk, YEAR)]
    report = report_actions.create_report(world["deputy_a"], record=a)
    report_actions.edit_report(
        world["deputy_a"],
        report=report,
        text=report_actions.ReportText(report.title, highlights="全年走访选民十余次。"),
    )
    report.refresh_from_db()
    pdf, docx, figures = report_actions.render_final(report)
    report_actions.finalise_report(
        world["committee_d1"], report=report, pdf=pdf, docx=docx, figures=figures
    )
    return a, b


def test_a_deputy_reads_their_own_report(world: World, records: Any, login: Any) -> None:
    a, b = records
    deputy = login(world["deputy_a"])
    listed = deputy.get("/api/v1/performance/reports").json()
    assert [r["record_id"] for r in listed] == [a.pk]
    one = deputy.get(f"/api/v1/performance/records/{a.pk}/report").json()
    assert one["status"] == "final" and one["deputy"] == "李明华"
    assert one["final_score"] is None  # no scheme: the record was not scored
    assert one["pdf_url"] == f"/work/performance/{a.pk}/report.pdf"
    assert deputy.get(one["pdf_url"]).status_code == 200
    assert deputy.get(f"/api/v1/performance/records/{b.pk}/report").status_code == 404
    assert deputy.get("/api/v1/performance/report-batches").status_code == 403


def test_staff_read_the_reports_of_their_jurisdiction(
    world: World, records: Any, login: Any
) -> None:
    a, b = records
    city = login(world["committee"])
    listed = city.get(f"/api/v1/performance/reports?year={YEAR}").json()
    assert {r["record_id"]: r["status"] for r in listed} == {a.pk: "final", b.pk: "none"}
    assert [r["record_id"] for r in city.get("/api/v1/performance/reports?status=none").json()] == [
        b.pk
    ]
    district = login(world["committee_d1"])
    assert [r["record_id"] for r in district.get("/api/v1/performance/reports").json()] == [a.pk]
    assert district.get(f"/api/v1/performance/records/{b.pk}/report").status_code == 404
    for name in ("citizen", "staff_a", "handler_x"):
        client = login(world[name])
        assert client.get("/api/v1/performance/reports").json() == []
        assert client.get(f"/api/v1/performance/records/{a.pk}/report").status_code == 404
    assert city.get("/api/v1/performance/reports?status=lost").status_code in (400, 422)


def test_batches_in_the_api(world: World, records: Any, login: Any, commit: Any) -> None:
    with commit():
        report_actions.start_batch(world["committee_d1"], year=YEAR, fmt="docx")
    batch = ReportBatch.objects.get()
    listed = login(world["committee"]).get("/api/v1/performance/report-batches").json()
    assert listed == [
        {
            "id": batch.pk,
            "year": YEAR,
            "area": "东湖区",
            "format": "docx",
            "status": "done",
            "done": batch.total,
            "total": batch.total,
            "created_at": listed[0]["created_at"],
            "finished_at": listed[0]["finished_at"],
            "file_url": f"/work/performance/reports/batches/{batch.pk}/file/",
        }
    ]
    # Staff of a district do not see the city's batches, nor another district's.
    with commit():
        report_actions.start_batch(world["committee"], year=YEAR, fmt="pdf")
    assert len(login(world["committee"]).get("/api/v1/performance/report-batches").json()) == 2
    assert len(login(world["committee_d1"]).get("/api/v1/performance/report-batches").json()) == 1

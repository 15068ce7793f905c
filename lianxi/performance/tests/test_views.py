"""The performance pages: the deputy's own record and entries, staff's ranking, review and
scheme; everyone else, and staff of another district, get the same 404 as a missing page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import World
from lianxi.performance import actions
from lianxi.performance.models import ManualEntry, Record

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel("2026-06-01 10:00 +08:00", tick=False):
        yield


def post_entry(client: Any, **extra: Any) -> Any:
    data = {
        "year": "2026",
        "kind": "manual_inspection",
        "title": "参加省人大常委会组织的生态环境执法检查",
        "day": "2026-04-20",
        "description": "随检查组赴三个县区。",
        "attachment": SimpleUploadedFile("检查通知.png", PNG, content_type="image/png"),
    } | extra
    return client.post("/work/performance/entries/new/", data)


def test_deputy_adds_an_entry_and_staff_approve_it(world: World, login: Any, commit: Any) -> None:
    deputy = login(world["deputy_a"])
    home = deputy.get("/work/performance/")
    assert home.status_code == 200 and "履职档案" in home.content.decode()
    assert "提交审核" in home.content.decode()
    done = post_entry(deputy)
    assert done.status_code == 302
    record = Record.objects.get(deputy=world.deputy_a, year=2026)
    assert done["Location"] == f"/work/performance/{record.pk}/"
    page = deputy.get(done["Location"]).content.decode()
    assert "参加省人大常委会组织的生态环境执法检查" in page
    entry = ManualEntry.objects.get()
    assert deputy.get(f"/work/performance/entries/{entry.pk}/file/").status_code == 200

    staff = login(world["committee_d1"])
    with commit():
        saved = staff.post(
            "/work/performance/schemes/2026/",
            {
                "base": "60",
                "excellent_from": "90",
                "competent_from": "60",
                "basic_from": "45",
                "points_manual_inspection": "2",
                "cap_manual_inspection": "6",
            },
        )
    assert saved.status_code == 302
    record.refresh_from_db()
    assert str(record.score) == "60.00"
    queue = staff.get("/work/performance/entries/").content.decode()
    assert "李明华" in queue
    assert staff.post(f"/work/performance/entries/{entry.pk}/approve/").status_code == 302
    record.refresh_from_db()
    assert str(record.score) == "62.00"
    ranking = staff.get("/work/performance/?year=2026").content.decode()
    assert "李明华" in ranking and "62.00" in ranking


def test_a_bad_entry_answers_400_naming_the_field(world: World, login: Any) -> None:
    deputy = login(world["deputy_a"])
    answer = post_entry(deputy, day="2025-03-01")
    assert answer.status_code == 400
    assert ManualEntry.objects.count() == 0
    assert "2026" in answer.content.decode()


def test_reject_needs_a_reason(world: World, login: Any) -> None:
    entry = actions.submit_entry(
        world["deputy_a"],
        year=2026,
        data=actions.EntryData("manual_other", "走访企业座谈", date(2026, 5, 1)),
        file=("a.png", PNG),
    )
    staff = login(world["committee"])
    staff.post(f"/work/performance/entries/{entry.pk}/reject/", {"reason": ""})
    entry.refresh_from_db()
    assert entry.status == "pending"
    staff.post(f"/work/performance/entries/{entry.pk}/reject/", {"reason": "缺少活动证明"})
    entry.refresh_from_db()
    assert entry.status == "rejected" and entry.reason == "缺少活动证明"
    page = login(world["deputy_a"]).get(f"/work/performance/{entry.record_id}/").content.decode()
    assert "缺少活动证明" in page


def test_who_sees_a_record(world: World, login: Any) -> None:
    entry = actions.submit_entry(
        world["deputy_a"],
        year=2026,
        data=actions.EntryData("manual_other", "走访企业座谈", date(2026, 5, 1)),
        file=("a.png", PNG),
    )
    url = f"/work/performance/{entry.record_id}/"
    for name in ("deputy_a", "committee", "committee_d1", "admin"):
        assert login(world[name]).get(url).status_code == 200, name
    for name in ("deputy_b", "staff_a", "handler_x", "citizen"):
        client = login(world[name])
        assert client.get(url).status_code == 404, name
        assert client.get(f"/work/performance/entries/{entry.pk}/file/").status_code == 404
        assert client.post(f"/work/performance/entries/{entry.pk}/approve/").status_code == 404
    other = actions.submit_entry(
        world["deputy_b"],
        year=2026,
        data=actions.EntryData("manual_other", "参加专题调研", date(2026, 5, 2)),
        file=("b.png", PNG),
    )
    assert (
        login(world["committee_d1"]).get(f"/work/performance/{other.record_id}/").status_code == 404
    )
    for name in ("staff_a", "handler_x", "citizen"):
        assert login(world[name]).get("/work/performance/").status_code == 404
        assert login(world[name]).get("/work/performance/schemes/2026/").status_code == 404
    assert login(world["deputy_a"]).get("/work/performance/schemes/2026/").status_code == 404
    assert login(world["deputy_a"]).post("/work/performance/recompute/").status_code == 404


def test_scheme_page_refuses_bad_bands(world: World, login: Any) -> None:
    staff = login(world["committee"])
    assert "走访" in staff.get("/work/performance/schemes/2026/").content.decode()
    answer = staff.post(
        "/work/performance/schemes/2026/",
        {
            "base": "30",
            "excellent_from": "50",
            "competent_from": "60",
            "basic_from": "45",
            "points_visit": "2",
        },
    )
    assert answer.status_code == 400


def test_publish_summary(world: World, login: Any) -> None:
    entry = actions.submit_entry(
        world["deputy_a"],
        year=2026,
        data=actions.EntryData("manual_other", "走访企业座谈", date(2026, 5, 1)),
        file=("a.png", PNG),
    )
    staff = login(world["committee"])
    staff.post(
        f"/work/performance/{entry.record_id}/publish/",
        {"summary": "该代表全年积极走访选民，按时答复群众诉求。", "published": "on"},
    )
    record = Record.objects.get(pk=entry.record_id)
    assert record.published and "积极走访" in record.summary
    assert (
        login(world["deputy_a"]).post(f"/work/performance/{record.pk}/publish/").status_code == 404
    )


def test_the_public_sees_only_a_published_summary(world: World, client: Any) -> None:
    entry = actions.submit_entry(
        world["deputy_a"],
        year=2026,
        data=actions.EntryData("manual_other", "走访企业座谈", date(2026, 5, 1)),
        file=("a.png", PNG),
    )
    record = Record.objects.get(pk=entry.record_id)
    page = f"/deputies/{world.deputy_a.pk}/"
    assert "全年积极走访" not in client.get(page).content.decode()
    actions.publish_summary(
        world["committee"], record=record, summary="该代表全年积极走访选民。", published=True
    )
    shown = client.get(page).content.decode()
    assert "全年积极走访" in shown and "走访企业座谈" not in shown

"""Commendation and accountability: the shortlist computed against hand-made records, publishing
(the deputy told, the public page shows it), talks (who sees and edits them, each state),
flags (found once, told once, kept in step with the scores), and who reaches each page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest
import time_machine

from conftest import World
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.directory.tests import factories as f
from lianxi.notifications.models import OutboxMessage
from lianxi.performance import actions
from lianxi.performance import actions_accountability as acts
from lianxi.performance.flags import causes
from lianxi.performance.lines import Want, sync
from lianxi.performance.models import Record
from lianxi.performance.models_accountability import Commendation, Flag, Talk
from lianxi.performance.scoring import recompute_year
from lianxi.performance.shortlist import candidates, eligible_ids

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel("2026-12-10 10:00 +08:00", tick=False):
        yield


def add(deputy: Any, kind: str, n: int, year: int = 2026, start: int = 1) -> None:
    for i in range(start, start + n):
        sync(f"test.{kind}", deputy.pk * 1000 + i, [Want(deputy.pk, kind, date(year, 3, 1), kind)])


def scheme(world: World, year: int = 2026, base: Any = 50, **items: Any) -> None:
    items = items or {"visit": 10, "duty_missed": -1, "activity_missed": -1}
    actions.save_scheme(
        world["committee"],
        year=year,
        data=actions.SchemeData(
            items=[actions.ItemData(k, p, None) for k, p in items.items()], base=base
        ),
    )
    recompute_year(year)


def told(action: str, user: Any) -> list[str]:
    return list(
        OutboxMessage.objects.filter(kind=action, user=user, channel="inapp").values_list(
            "body", flat=True
        )
    )


@pytest.fixture
def four(world: World) -> dict[str, Any]:
    """By hand, scheme 2026 = 50 + 10 a visit − 1 a missed duty or activity (bands 90/60/45):
    A 5 visits → 100 优秀, clean; B (district 2) 5 visits and a missed duty → 99 优秀;
    C 4 visits → 90 优秀 with an admonition in 2026; D 3 visits → 80 称职."""
    c = f.deputy("赵建国", world.district1)
    d = f.deputy("钱文静", world.district1)
    add(world.deputy_a, "visit", 5)
    add(world.deputy_b, "visit", 5)
    add(world.deputy_b, "duty_missed", 1)
    add(c, "visit", 4)
    add(d, "visit", 3)
    acts.record_talk(
        world["committee"],
        deputy=c,
        data=acts.TalkData("admonition", date(2026, 9, 1), "多次无故缺席代表小组活动"),
    )
    scheme(world)
    return {"a": world.deputy_a, "b": world.deputy_b, "c": c, "d": d}


def test_the_scores_are_as_computed_by_hand(world: World, four: dict[str, Any]) -> None:
    scores = {r.deputy.name: (r.score, r.grade) for r in Record.objects.filter(year=2026)}
    assert scores == {
        "李明华": (D("100.00"), "excellent"),
        "王秀英": (D("99.00"), "excellent"),
        "赵建国": (D("90.00"), "excellent"),
        "钱文静": (D("80.00"), "competent"),
    }


def test_shortlist_rules(world: World, four: dict[str, Any]) -> None:
    c = acts.open_commendation(world["committee"], year=2026, title="2026年度优秀人大代表")
    assert c.min_score == D("90.00")  # the year's 优秀 band
    found = {x.record.deputy.name: x.reasons for x in candidates(c)}
    assert list(found) == ["李明华", "王秀英", "赵建国"]  # best first; 钱文静 is 称职
    assert found["李明华"] == []
    assert found["王秀英"] == ["本年度无故缺席 1 次"]
    assert found["赵建国"] == ["本年度受过诫勉谈话"]
    assert set(eligible_ids(c)) == {four["a"].pk}
    # Rules relaxed one by one.
    c.no_absence = False
    assert set(eligible_ids(c)) == {four["a"].pk, four["b"].pk}
    c.no_admonition = False
    assert set(eligible_ids(c)) == {four["a"].pk, four["b"].pk, four["c"].pk}
    c.excellent_only, c.min_score = False, D(80)
    assert set(eligible_ids(c)) == {d.pk for d in four.values()}
    c.min_score = D("99.50")
    assert set(eligible_ids(c)) == {four["a"].pk}
    # District staff's commendation covers their district only.
    d1 = acts.open_commendation(world["committee_d1"], year=2026, title="东湖区表彰")
    d1.no_absence = d1.no_admonition = False
    assert set(eligible_ids(d1)) == {four["a"].pk, four["c"].pk}


def test_save_and_publish(world: World, four: dict[str, Any], client: Any, login: Any) -> None:
    staff = world["committee"]
    c = acts.open_commendation(staff, year=2026, title="2026年度优秀人大代表")
    data = acts.CommendationData(
        title="2026年度优秀人大代表",
        min_score=90,
        picks={four["a"].pk: "全年走访选民五次，按时答复群众诉求。", four["b"].pk: ""},
    )
    with pytest.raises(InvalidInput) as refused:
        acts.save_commendation(staff, commendation=c, data=data)
    assert refused.value.field == "picks" and "王秀英" in refused.value.message
    data.picks = {four["a"].pk: "全年走访选民五次，按时答复群众诉求。"}
    acts.save_commendation(staff, commendation=c, data=data)
    assert c.commendees.get().score == D("100.00")
    with pytest.raises(InvalidInput) as no_text:
        acts.publish_commendation(staff, commendation=c)
    assert no_text.value.field == "decision"
    page = f"/deputies/{four['a'].pk}/"
    assert "2026年度优秀人大代表" not in client.get(page).content.decode()
    assert told("performance.publish_commendation", world["deputy_a"]) == []
    data.decision = "经常委会主任会议研究，决定对以下代表予以表彰。"
    acts.save_commendation(staff, commendation=c, data=data)
    with pytest.raises(NotAllowed):
        acts.publish_commendation(world["committee_d1"], commendation=c)
    acts.publish_commendation(staff, commendation=c)
    c.refresh_from_db()
    assert c.status == "published" and c.published_by == staff
    assert told("performance.publish_commendation", world["deputy_a"]) == [
        "您受到表彰：2026年度优秀人大代表。"
    ]
    assert told("performance.publish_commendation", world["deputy_b"]) == []
    shown = client.get(page).content.decode()
    assert "2026年度优秀人大代表" in shown and "全年走访选民五次" in shown
    with pytest.raises(IllegalTransition):
        acts.save_commendation(staff, commendation=c, data=data)
    with pytest.raises(IllegalTransition):
        acts.publish_commendation(staff, commendation=c)
    # The deputy's record shows it.
    record = Record.objects.get(deputy=four["a"], year=2026)
    mine = login(world["deputy_a"]).get(f"/work/performance/{record.pk}/").content.decode()
    assert "2026年度优秀人大代表" in mine


def test_commendation_pages(world: World, four: dict[str, Any], login: Any) -> None:
    staff = login(world["committee"])
    opened = staff.post("/work/performance/commendations/", {"year": "2026", "title": "年度表彰"})
    assert opened.status_code == 302
    c = Commendation.objects.get()
    url = f"/work/performance/commendations/{c.pk}/"
    assert opened["Location"] == url
    page = staff.get(url).content.decode()
    assert "李明华" in page and "无故缺席" in page and "诫勉谈话" in page  # rules and reasons
    bad = staff.post(
        url,
        {
            "title": "年度表彰",
            "min_score": "90",
            "excellent_only": "on",
            "no_absence": "on",
            "no_admonition": "on",
            "pick": [str(four["b"].pk)],
        },
    )
    assert bad.status_code == 400 and "王秀英" in bad.content.decode()
    saved = staff.post(
        url,
        {
            "title": "年度表彰",
            "min_score": "90",
            "excellent_only": "on",
            "no_absence": "on",
            "no_admonition": "on",
            "decision": "决定对李明华代表予以表彰。",
            "pick": [str(four["a"].pk)],
            f"citation_{four['a'].pk}": "走访选民五次",
        },
    )
    assert saved.status_code == 302 and c.commendees.get().citation == "走访选民五次"
    for name in ("committee_d1", "deputy_a", "deputy_b"):
        assert login(world[name]).get(url).status_code == 404, name  # a draft
    assert login(world["committee_d1"]).post(f"{url}publish/").status_code == 404
    for name in ("handler_x", "citizen", "staff_a"):
        client = login(world[name])
        assert client.get(url).status_code == 404
        assert client.get("/work/performance/commendations/").status_code == 404
        assert client.post("/work/performance/commendations/", {"year": "2026"}).status_code == 404
    staff = login(world["committee"])  # one client: each login replaces the last
    assert staff.post(f"{url}publish/").status_code == 302
    c.refresh_from_db()
    assert c.status == "published"
    deputy = login(world["deputy_b"])
    assert deputy.get(url).status_code == 200
    assert deputy.post(url, {"title": "改"}).status_code == 404
    assert "年度表彰" in deputy.get("/work/performance/commendations/").content.decode()
    assert deputy.post("/work/performance/commendations/", {"year": "2026"}).status_code == 404


def test_talks_each_state_and_who_sees_them(world: World, login: Any) -> None:
    add(world.deputy_a, "visit", 1)
    record = Record.objects.get(deputy=world.deputy_a, year=2026)
    staff = login(world["committee_d1"])
    new = f"/work/performance/{record.pk}/talks/new/"
    assert "提醒谈话" in staff.get(new).content.decode()
    empty = staff.post(new, {"kind": "reminder", "day": "2026-11-02", "reasons": ""})
    assert empty.status_code == 400 and Talk.objects.count() == 0
    future = staff.post(new, {"kind": "reminder", "day": "2027-01-02", "reasons": "走访不足"})
    assert future.status_code == 400
    done = staff.post(
        new,
        {
            "kind": "reminder",
            "day": "2026-11-02",
            "reasons": "今年走访选民次数明显不足",
            "follow_ups": "年底前补足走访",
        },
    )
    talk = Talk.objects.get()
    url = f"/work/performance/talks/{talk.pk}/"
    assert done.status_code == 302 and done["Location"] == url
    assert len(told("performance.record_talk", world["deputy_a"])) == 1
    assert "走访选民次数" not in told("performance.record_talk", world["deputy_a"])[0]
    # Edited while open.
    edited = staff.post(
        url,
        {
            "kind": "admonition",
            "day": "2026-11-02",
            "reasons": "今年走访选民次数明显不足",
            "follow_ups": "12月底前补足",
        },
    )
    assert edited.status_code == 302
    talk.refresh_from_db()
    assert talk.kind == "admonition" and talk.follow_ups == "12月底前补足"
    # Who sees it.
    for name in ("deputy_a", "committee", "admin"):
        assert login(world[name]).get(url).status_code == 200, name
    for name in ("deputy_b", "handler_x", "citizen", "staff_a"):
        client = login(world[name])
        assert client.get(url).status_code == 404, name
        assert client.post(f"{url}close/", {"outcome": "已整改"}).status_code == 404, name
        assert client.get(new).status_code == 404, name
    assert (
        "走访选民次数"
        not in login(world["deputy_b"]).get("/work/performance/talks/").content.decode()
    )
    mine = login(world["deputy_a"])
    assert "走访选民次数" in mine.get("/work/performance/talks/").content.decode()
    assert "今年走访选民次数" in mine.get(f"/work/performance/{record.pk}/").content.decode()
    assert (
        mine.post(url, {"kind": "reminder", "day": "2026-11-02", "reasons": "改"}).status_code
        == 404
    )
    for name in ("handler_x", "citizen"):
        assert login(world[name]).get("/work/performance/talks/").status_code == 404
    # Never public.
    assert (
        "走访选民次数"
        not in login(world["citizen"]).get(f"/deputies/{world.deputy_a.pk}/").content.decode()
    )
    # Closed with the outcome: no more changes.
    staff = login(world["committee_d1"])
    assert staff.post(f"{url}close/", {"outcome": ""}).status_code == 302
    talk.refresh_from_db()
    assert talk.status == "open"
    assert staff.post(f"{url}close/", {"outcome": "已补足走访，谈话目的达到"}).status_code == 302
    talk.refresh_from_db()
    assert talk.status == "closed" and talk.outcome == "已补足走访，谈话目的达到"
    assert len(told("performance.close_talk", world["deputy_a"])) == 1
    assert (
        staff.post(url, {"kind": "reminder", "day": "2026-11-02", "reasons": "改"}).status_code
        == 404
    )
    with pytest.raises(IllegalTransition):
        acts.close_talk(world["committee"], talk=talk, outcome="再次关闭")


def test_staff_of_another_district_cannot_hold_a_talk(world: World, login: Any) -> None:
    add(world.deputy_b, "visit", 1)
    record = Record.objects.get(deputy=world.deputy_b)
    assert (
        login(world["committee_d1"]).get(f"/work/performance/{record.pk}/talks/new/").status_code
        == 404
    )
    with pytest.raises(NotAllowed):
        acts.record_talk(
            world["committee_d1"],
            deputy=world.deputy_b,
            data=acts.TalkData("reminder", date(2026, 11, 1), "未按时答复群众诉求"),
        )
    talk = acts.record_talk(
        world["committee"],
        deputy=world.deputy_b,
        data=acts.TalkData("reminder", date(2026, 11, 1), "未按时答复群众诉求"),
    )
    with pytest.raises(NotAllowed):
        acts.update_talk(
            world["committee_d1"],
            talk=talk,
            data=acts.TalkData("reminder", date(2026, 11, 1), "改"),
        )
    assert (
        login(world["committee_d1"]).get(f"/work/performance/talks/{talk.pk}/").status_code == 404
    )


def test_flag_causes() -> None:
    assert causes("incompetent", D(30), None) == (True, False)
    assert causes("basic", D("59.99"), D("59.99")) == (False, True)
    assert causes("basic", D("59.99"), D(60)) == (False, False)
    assert causes("competent", D(60), D(10)) == (False, False)
    assert causes("", None, D(10)) == (False, False)


def test_flags_found_once_and_kept_in_step(world: World, login: Any) -> None:
    """2025: everyone 55 (base only). 2026: A 1 visit → 55 (below 60 twice), B a missed duty
    → 30 不称职 (and below 60 twice)."""
    add(world.deputy_a, "visit", 1)
    add(world.deputy_b, "duty_missed", 1)
    scheme(world, 2026, base=50, visit=5, duty_missed=-20)
    assert {(f.record.deputy_id, f.incompetent, f.two_years_low) for f in Flag.objects.all()} == {
        (world.deputy_b.pk, True, False)
    }
    scheme(world, 2025, base=55, visit=1)  # 2025 recomputed: 2026's second-year flags found
    flags = {f.record.deputy_id: (f.incompetent, f.two_years_low) for f in Flag.objects.all()}
    assert flags == {world.deputy_a.pk: (False, True), world.deputy_b.pk: (True, True)}
    recompute_year(2026)
    recompute_year(2025)
    assert Flag.objects.count() == 2
    city, d1 = world["committee"], world["committee_d1"]
    assert len(told("performance.flag_found", city)) == 2
    assert (
        told("performance.flag_found", d1) == ["李明华代表 2026 年度被标记：连续两年低于60分。"]
        or len(told("performance.flag_found", d1)) == 1
    )
    # A changes so that A is no longer below 60: the flag goes; back again: nobody told twice.
    add(world.deputy_a, "visit", 1, start=50)
    recompute_year(2026)
    assert not Flag.objects.filter(record__deputy=world.deputy_a).exists()
    Record.objects.filter(deputy=world.deputy_a, year=2026).first().lines.filter(
        source="test.visit"
    ).order_by("-pk").first().delete()
    recompute_year(2026)
    assert Flag.objects.filter(record__deputy=world.deputy_a, record__year=2026).exists()
    assert len(told("performance.flag_found", d1)) == 1
    # The ranking and the flags page.
    ranking = login(d1).get("/work/performance/?year=2026").content.decode()
    assert 'data-testid="flagged"' in ranking and "1 名代表" in ranking
    page = login(d1).get("/work/performance/flags/?year=2026").content.decode()
    assert "李明华" in page and "王秀英" not in page
    assert (
        "王秀英"
        in login(city).get("/work/performance/flags/?year=2026&why=incompetent").content.decode()
    )
    low = login(city).get("/work/performance/flags/?year=2026&why=incompetent").content.decode()
    assert "李明华" not in low
    for name in ("deputy_a", "handler_x", "citizen"):
        assert login(world[name]).get("/work/performance/flags/").status_code == 404


def test_liaison_reminders_show_on_the_record(world: World, login: Any) -> None:
    from lianxi.liaison.actions import send_compliance_reminders
    from lianxi.liaison.models import LiaisonRule

    LiaisonRule.objects.create(level="municipal", year=2026, min_visits=12)
    add(world.deputy_a, "visit", 1)
    send_compliance_reminders(None, today=date(2026, 12, 1))
    record = Record.objects.get(deputy=world.deputy_a)
    page = login(world["deputy_a"]).get(f"/work/performance/{record.pk}/").content.decode()
    assert "2026-12" in page and "/work/liaison/compliance/?year=2026" in page
    body = told("liaison.send_compliance_reminders", world["deputy_a"])[0]
    assert body in page
    staff = login(world["committee_d1"]).get(f"/work/performance/{record.pk}/").content.decode()
    assert body in staff and "记录谈话" in staff


def test_the_api_reads_per_role(world: World, four: dict[str, Any], login: Any) -> None:
    staff = world["committee"]
    c = acts.open_commendation(staff, year=2026, title="2026年度优秀人大代表")
    acts.save_commendation(
        staff,
        commendation=c,
        data=acts.CommendationData(
            title="2026年度优秀人大代表",
            min_score=90,
            decision="决定对李明华代表予以表彰。",
            picks={four["a"].pk: "走访选民五次"},
        ),
    )
    talk = acts.record_talk(
        world["committee_d1"],
        deputy=world.deputy_a,
        data=acts.TalkData("reminder", date(2026, 11, 2), "答复群众诉求不及时"),
    )
    base = "/api/v1/performance"
    city = login(staff)
    listed = city.get(f"{base}/commendations").json()
    assert [x["title"] for x in listed] == ["2026年度优秀人大代表"]
    one = city.get(f"{base}/commendations/{c.pk}").json()
    assert one["status"] == "draft" and one["commended"][0]["citation"] == "走访选民五次"
    assert "得分不低于 90.00 分" in one["rules"][0]
    flags = city.get(f"{base}/flags?year=2026").json()
    assert flags == []
    d1 = login(world["committee_d1"])
    assert d1.get(f"{base}/commendations/{c.pk}").status_code == 404  # a draft of the city
    deputy = login(world["deputy_a"])
    assert deputy.get(f"{base}/commendations").json() == []
    assert deputy.get(f"{base}/commendations/{c.pk}").status_code == 404
    assert deputy.get(f"{base}/flags").status_code == 403
    mine = deputy.get(f"{base}/talks").json()
    assert [t["reasons"] for t in mine] == ["答复群众诉求不及时"]
    assert deputy.get(f"{base}/talks/{talk.pk}").json()["status"] == "open"
    other = login(world["deputy_b"])
    assert other.get(f"{base}/talks").json() == []
    assert other.get(f"{base}/talks/{talk.pk}").status_code == 404
    for name in ("handler_x", "citizen"):
        client = login(world[name])
        assert client.get(f"{base}/talks/{talk.pk}").status_code == 404
        assert client.get(f"{base}/talks").json() == []
        assert client.get(f"{base}/commendations").status_code == 403
        assert client.get(f"{base}/flags").status_code == 403
    acts.publish_commendation(staff, commendation=c)
    deputy = login(world["deputy_b"])
    assert deputy.get(f"{base}/commendations/{c.pk}").json()["status"] == "published"

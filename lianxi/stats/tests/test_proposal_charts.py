"""The committee dashboard's charts of deputies' suggestions and bills: stored by the refresh
job in the statistics tables, scoped to the user's jurisdiction and the dashboard's filters,
and equal to the figures of the proposals' numbers page."""

from __future__ import annotations

import json
import random
import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import World
from lianxi.directory.models import Category
from lianxi.directory.tests import factories as f
from lianxi.proposals.models import Cosigner, Proposal
from lianxi.stats import actions
from lianxi.stats.models import ProposalDeputyMonth, ProposalUnitMonth
from lianxi.stats.tasks import refresh_recent

pytestmark = pytest.mark.django_db
DASHBOARD = "stats_work:dashboard"
NOW = "2026-06-15 10:00 +08:00"
TODAY = date(2026, 6, 15)
# (status, result, rating, rehandled); drafts and merged items never count as filed.
STATES = [
    ("draft", "", "", False),
    ("filed", "", "", False),
    ("accepted", "", "", False),
    ("declined", "", "", False),
    ("merged", "", "", False),
    ("assigned", "", "", False),
    ("assigned", "B", "unsatisfied", True),
    ("return_asked", "", "", False),
    ("replied", "A", "", False),
    ("replied", "C", "", False),
    ("closed", "A", "satisfied", False),
    ("closed", "B", "basic", False),
    ("closed", "D", "unsatisfied", True),
]


def _moment(days_ago: int) -> datetime:
    tz = timezone.get_current_timezone()
    return datetime(2026, 6, 15, 10, tzinfo=tz) - timedelta(days=days_ago)


@pytest.fixture
def items(world: World) -> list[Proposal]:
    """Forty items of three deputies in both districts, every state, two units, three
    categories (one a subcategory), co-signers, some replied late; one filed 20 months ago."""
    rng = random.Random(18)
    housing = f.category("城乡建设", "P01")
    housing_sub = f.category("物业管理", "P0101", housing)
    market = f.category("市场监管", "P02")
    deputy_c = f.deputy("赵建国", world.district1)
    authors = [world.deputy_a, world.deputy_b, deputy_c]
    signers = [world.deputy_a, world.deputy_b, deputy_c]
    made = []
    for number in range(40):
        status, result, rating, rehandled = STATES[number % len(STATES)]
        author = authors[number % 3]
        filed = _moment(600 if number == 7 else rng.randint(1, 330))
        has_lead = status in {"assigned", "return_asked", "replied", "closed"}
        due = filed.date() + timedelta(days=90)
        replied_at = None
        if status in {"replied", "closed"}:
            replied_at = filed + timedelta(days=rng.choice([30, 95, 120]))
        item = Proposal.objects.create(
            kind="bill" if number % 4 == 0 else "suggestion",
            title=f"关于第{number}号事项的建议",
            body="群众反映集中，建议统筹解决。",
            author=author,
            area=author.constituency,
            category=[housing, housing_sub, market, None][number % 4],
            status=status,
            filed_at=None if status == "draft" else filed,
            lead=(world.dept_x if number % 2 else world.dept_y) if has_lead else None,
            due_date=due if has_lead else None,
            result=result,
            replied_at=replied_at,
            rating=rating,
            rehandled=rehandled,
        )
        for signer in signers:
            if signer != author and rng.random() < 0.6:
                Cosigner.objects.create(
                    proposal=item,
                    deputy=signer,
                    status=rng.choice(["confirmed", "confirmed", "invited", "declined"]),
                )
        made.append(item)
    return made


def chart_data(response: Any) -> dict[str, Any]:
    """The data the page's charts draw (the json_script the page embeds)."""
    html = response.content.decode()
    found = re.search(
        r'<script id="stats-proposals-data" type="application/json">(.*?)</script>', html
    )
    assert found, "the dashboard embeds no proposals' chart data"
    return json.loads(found.group(1))


def numbers_page(client: Any) -> dict[str, list[dict[str, Any]]]:
    """The numbers page's three tables, in the charts' terms."""
    context = client.get(reverse("proposals_work:numbers")).context
    return {
        "units": [
            {
                "name": r.unit,
                "items": r.items,
                "replied": r.replied,
                "on_time": r.on_time,
                **{f"result_{k.lower()}": n for k, n in r.shares.items()},
                "satisfied": r.satisfied,
                "rated": r.rated,
                "rehandled": r.rehandled,
            }
            for r in context["units"]
        ],
        "deputies": [
            {
                "name": r.deputy,
                "filed": r.filed,
                "suggestions": r.suggestions,
                "bills": r.bills,
                "accepted": r.accepted,
                "cosigned": r.cosigned,
            }
            for r in context["deputies"]
        ],
        "categories": [
            {
                "name": r.category,
                "items": r.items,
                "replied": r.replied,
                **{f"result_{k.lower()}": n for k, n in r.shares.items()},
                "satisfied": r.satisfied,
                "rated": r.rated,
            }
            for r in context["categories"]
        ],
    }


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("who", ["admin", "committee", "committee_d1"])
def test_the_charts_equal_the_numbers_page(
    world: World, login: Any, items: list[Proposal], who: str
) -> None:
    actions.refresh_statistics(None, full=True)
    client = login(world[who])
    charts = chart_data(client.get(reverse(DASHBOARD), {"period": "36"}))
    expected = numbers_page(client)
    assert charts["units"] and charts["deputies"] and charts["categories"]
    for table in ("units", "deputies", "categories"):
        assert charts[table] == expected[table], table
        assert charts["counts"][table] == len(expected[table])
    # Something was late, re-handled, rated and co-signed, so those columns were compared.
    units = charts["units"]
    assert sum(u["on_time"] for u in units) < sum(u["replied"] for u in units)
    assert sum(u["rehandled"] for u in units) and sum(u["rated"] for u in units)
    assert sum(d["cosigned"] for d in charts["deputies"])


@time_machine.travel(NOW, tick=False)
def test_the_district_sees_only_its_items(world: World, login: Any, items: list[Proposal]) -> None:
    actions.refresh_statistics(None, full=True)
    city = chart_data(login(world["committee"]).get(reverse(DASHBOARD), {"period": "36"}))
    district = chart_data(login(world["committee_d1"]).get(reverse(DASHBOARD), {"period": "36"}))
    d1_filed = Proposal.objects.filter(
        area__prefix__startswith=world.district1.prefix,
        status__in=[
            "filed",
            "accepted",
            "assigned",
            "return_asked",
            "replied",
            "closed",
            "declined",
        ],
    ).count()
    assert sum(c["items"] for c in district["categories"]) == d1_filed
    assert 0 < d1_filed < sum(c["items"] for c in city["categories"])
    assert world.deputy_b.name not in [d["name"] for d in district["deputies"] if d["filed"]]
    # An area outside the jurisdiction is not offered: the district's own figures stay.
    other = login(world["committee_d1"]).get(
        reverse(DASHBOARD), {"period": "36", "area": world.district2.pk}
    )
    assert chart_data(other) == district


@time_machine.travel(NOW, tick=False)
def test_period_and_category_filters(world: World, login: Any, items: list[Proposal]) -> None:
    actions.refresh_statistics(None, full=True)
    client = login(world["committee"])
    old = items[7]
    assert old.filed_at is not None and old.filed_at < _moment(400)
    whole = chart_data(client.get(reverse(DASHBOARD), {"period": "36"}))
    year = chart_data(client.get(reverse(DASHBOARD), {"period": "12"}))
    total = sum(c["items"] for c in whole["categories"])
    assert sum(c["items"] for c in year["categories"]) == total - 1
    housing = Category.objects.get(code="P01")
    by_category = chart_data(
        client.get(reverse(DASHBOARD), {"period": "36", "category": housing.pk})
    )
    # The top-level category covers its subcategory; each keeps its own row as filed.
    names = {c["name"]: c["items"] for c in by_category["categories"]}
    assert set(names) == {"城乡建设", "物业管理"}
    filed_housing = Proposal.objects.filter(
        category__in=[housing, *housing.children.all()]
    ).exclude(status__in=["draft", "merged"])
    assert sum(names.values()) == filed_housing.count()


@time_machine.travel(NOW, tick=False)
def test_other_roles_see_no_proposal_charts(
    world: World, login: Any, items: list[Proposal]
) -> None:
    actions.refresh_statistics(None, full=True)
    for who in ("deputy_a", "staff_a", "handler_x"):
        html = login(world[who]).get(reverse(DASHBOARD)).content.decode()
        assert "stats-proposals-data" not in html, who


@time_machine.travel(NOW, tick=False)
def test_the_hourly_job_refreshes_them_idempotently(
    world: World, login: Any, items: list[Proposal]
) -> None:
    refresh_recent()
    rows = sorted(ProposalUnitMonth.objects.values_list("month", "unit_id", "items", "replied"))
    deputies = ProposalDeputyMonth.objects.count()
    refresh_recent()
    assert (
        sorted(ProposalUnitMonth.objects.values_list("month", "unit_id", "items", "replied"))
        == rows
    )
    assert ProposalDeputyMonth.objects.count() == deputies
    # A reply given since shows after the next run, not before.
    item = next(p for p in items if p.status == "assigned" and not p.result)
    item.status, item.result, item.replied_at = "replied", "A", timezone.now()
    item.save()
    client = login(world["committee"])
    before = chart_data(client.get(reverse(DASHBOARD), {"period": "36"}))
    refresh_recent()
    after = chart_data(client.get(reverse(DASHBOARD), {"period": "36"}))
    replied = lambda data: sum(u["replied"] for u in data["units"])  # noqa: E731
    assert replied(after) == replied(before) + 1
    assert after["units"] == numbers_page(client)["units"]


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_the_charts_are_drawn(
    transactional_db: Any,
    live_server: Any,
    world: World,
    items: list[Proposal],
    open_page: Any,
    width: int,
) -> None:
    """In Chromium, at a phone's width and a desk's: the four charts are drawn from the data
    the page embeds, nothing blocked by the CSP (screenshots under var/screenshots)."""
    from pathlib import Path

    from conftest import in_thread
    from e2e.helpers import sign_in_as

    with time_machine.travel(NOW, tick=True):
        in_thread(lambda: actions.refresh_statistics(None, full=True))
        page = open_page(width, 900)
        sign_in_as(page, live_server.url, "committee")
        page.goto(live_server.url + "/work/stats/?period=36")
        for chart in ("results", "rates", "deputies", "categories"):
            page.wait_for_selector(f"#stats-proposal-{chart} canvas")
        section = page.locator("#stats-proposals")
        assert "议案建议" in section.inner_text()
        # Every chart fits the page's width (no sideways scrolling on a phone).
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shots = Path(__file__).resolve().parents[3] / "var" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        section.screenshot(path=str(shots / f"stats-proposals-{width}.png"))
        assert page.blocked == []

"""The public home: each headline figure counts exactly what its label says (from the
statistics tables), the month's resolved cases, stories and open consultations."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from lianxi.cases import actions as case_actions
from lianxi.cases.models import OutOfScopeRule
from lianxi.core.home import SECTIONS, home_section
from lianxi.publicity import showcase
from lianxi.publicity.tests.conftest import resolved_case
from lianxi.stats.refresh import refresh_full

pytestmark = pytest.mark.django_db


def test_each_figure_counts_what_its_label_says(world: World, submit: Any, client: Any) -> None:
    resolved_case(world, submit)  # received, accepted, answered, rated satisfied, closed
    declined = submit(world["citizen"], title="邻里纠纷已进入诉讼")
    case_actions.decline_case(
        world["committee"], case=declined, rule=OutOfScopeRule.objects.get(name="已进入诉讼程序")
    )
    waiting = submit(world["citizen"], title="路面坑洼尚未答复")
    case_actions.accept_case(world["committee"], case=waiting)
    unrated = resolved_case(world, submit, publish=False)  # a second closed one, rated
    assert unrated.status == "closed"
    refresh_full()
    figures = {f.key: f for f in showcase.figures()["items"]}
    assert figures["received"].value == "4"  # every case submitted in the period
    assert figures["resolved"].value == "2"  # the two closed
    # answered ÷ accepted: 2 answered of 3 accepted (the declined one is not accepted)
    assert figures["answer_rate"].value == "66.7%"
    assert figures["satisfaction"].value == "100.0%"  # 2 satisfied of 2 ratings
    assert figures["resolved"].label == "其中已办结（件）"
    page = client.get("/").content.decode()
    assert 'id="figure-received">4<' in page and 'id="figure-answer_rate">66.7%<' in page
    chart = showcase.figures()["chart"]
    assert sum(chart["cases"]) == 4 and sum(chart["answered"]) == 2


def test_empty_home_has_empty_states(client: Any, world: World) -> None:
    page = client.get("/").content.decode()
    assert "还没有发布履职成果" in page
    assert "本月还没有公开的办结诉求" in page
    assert "目前没有正在征求意见的草案" in page
    assert 'id="figure-satisfaction">–<' in page


def test_resolved_this_month_reads_the_digest(world: World, submit: Any) -> None:
    case = resolved_case(world, submit)
    rows, count = showcase.resolved_this_month()
    assert count == 1 and rows[0].tracking_number == case.tracking_number


def test_home_queries_are_few(
    client: Any, world: World, published: Any, django_assert_max_num_queries: Any
) -> None:
    client.get("/")
    with django_assert_max_num_queries(25):
        assert client.get("/").status_code == 200


def test_other_apps_add_home_sections_without_the_portal_importing_them(
    client: Any, world: World
) -> None:
    before = list(SECTIONS)
    try:
        home_section(order=45, template="publicity/tests/_probe.html")(
            lambda: {"word": "民意调查进行中"}
        )
        home_section(order=46, template="publicity/tests/_none.html")(lambda: None)
        from django.template import engines

        engine = engines["django"].engine
        from django.template.loaders.locmem import Loader

        engine.template_loaders.append(
            Loader(engine, {"publicity/tests/_probe.html": "<p id=probe>{{ section.word }}</p>"})
        )
        try:
            assert "<p id=probe>民意调查进行中</p>" in client.get("/").content.decode()
        finally:
            engine.template_loaders.pop()
    finally:
        SECTIONS[:] = before

"""A poll with branching, in Chromium: committee staff build it in the pages (a single-choice
question whose third answer skips question 2, a scale, a required multiple choice, free text)
and open it; a citizen on a phone signs in with a one-time code, the branch hides question 2,
a required question left empty is refused by the server, and an answer to the skipped question
slipped past the page is dropped by the server; staff close the poll; the public sees the
result charts and counts."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from conftest import World, in_thread
from e2e.helpers import latest_sms_code, sign_in_as
from lianxi.polls.models import Poll, Response

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"
QUESTIONS = [
    # kind, text, required, options, branching
    ("single", "您多久去一次社区公园？", True, "每天\n每周\n从不", "3 -> 3"),
    ("scale", "您对公园设施的满意程度？", True, "", ""),
    ("multi", "您希望公园增加哪些设施？", True, "健身器材\n儿童游乐\n公共厕所", ""),
    ("text", "其他意见和建议", False, "", ""),
]


def shot(page: Any, name: str, width: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"polls-{name}-{width}.png"), full_page=True)


def done(page: Any, button: str) -> None:
    page.click(button)
    page.wait_for_selector(".alert-success")


def build_poll(page: Any, base: str, world: World) -> int:
    today = timezone.localdate()
    page.goto(base + "/work/polls/new/")
    page.fill("#id_title", "社区公园设施民意调查")
    page.fill("#id_intro", "了解居民对社区公园设施的意见，作为年度民生实事的参考。")
    page.select_option("#id_area", str(world.city.pk))
    page.select_option("#id_audience", "public")
    page.fill("#id_opens_on", today.isoformat())
    page.fill("#id_closes_on", (today + timedelta(days=14)).isoformat())
    page.check("#id_results_public")
    done(page, "#save-poll")
    poll_id = int(page.url.rstrip("/").rsplit("/", 1)[-1])
    for kind, text, required, options, branches in QUESTIONS:
        page.click("#add-question")
        page.select_option("#id_kind", kind)
        page.fill("#id_text", text)
        if required:
            page.check("#id_required")
        else:
            page.uncheck("#id_required")
        page.fill("#id_options", options)
        page.fill("#id_branches", branches)
        done(page, "#save-question")
    return poll_id


@pytest.mark.parametrize("width", [390, 1280])
def test_staff_build_a_branching_poll_a_citizen_answers_the_public_sees(
    transactional_db: Any, live_server: Any, world: World, open_page: Any, width: int
) -> None:
    base = live_server.url

    # Staff build the poll with its branching in the pages and open it.
    staff = open_page(width, 900)
    sign_in_as(staff, base, "committee")
    poll_id = build_poll(staff, base, world)
    rules = staff.locator("#question-list .branch-rule").all_inner_texts()
    assert len(rules) == 1 and "3" in rules[0], rules
    shot(staff, "built", width)
    done(staff, "#publish-poll")
    assert "进行中" in staff.locator("#poll-status").inner_text() or in_thread(
        lambda: Poll.objects.get(pk=poll_id).status == "open"
    )
    questions = in_thread(lambda: list(Poll.objects.get(pk=poll_id).questions.all()))
    q1, q2, q3, q4 = questions

    # A citizen on a phone: signs in with a one-time code from the poll's page.
    citizen = open_page(390, 844)
    citizen.goto(f"{base}/polls/{poll_id}/")
    citizen.click("#sign-in-to-answer")
    citizen.fill("input[name=phone]", "13700001111")
    citizen.locator("main form button[type=submit]").first.click()
    citizen.wait_for_selector("input[name=code]")
    citizen.fill("input[name=code]", in_thread(latest_sms_code))
    citizen.locator("main form button[type=submit]").first.click()
    citizen.wait_for_url(f"**/polls/{poll_id}/")

    # "从不" skips question 2: the page hides it.
    assert citizen.locator("#question-2").is_visible()
    citizen.check(f"#q{q1.pk}-2")
    citizen.wait_for_selector("#question-2", state="hidden")
    assert citizen.locator("#question-3").is_visible()
    shot(citizen, "branch", 390)

    # Question 3 is required: left empty, the server refuses the answers and names it.
    citizen.click("#send-answers")
    citizen.wait_for_selector("#answer-error")
    assert "3" in citizen.locator("#answer-error").inner_text()
    assert citizen.locator("#question-3 .invalid-feedback").is_visible()
    assert in_thread(lambda: Response.objects.filter(poll_id=poll_id).count()) == 0
    shot(citizen, "refused", 390)

    # What the citizen chose is kept, and so is the path the branching takes.
    assert citizen.is_checked(f"#q{q1.pk}-2")
    assert citizen.locator("#question-2").is_hidden()

    # Answered; an answer to the skipped question slipped past the page is dropped.
    citizen.check(f"#q{q3.pk}-0")
    citizen.check(f"#q{q3.pk}-2")
    citizen.fill(f"#q{q4.pk}", "希望晚上公园照明更亮一些。")
    citizen.evaluate(
        "id => { const i = document.getElementById(id); i.disabled = false; i.checked = true; }",
        f"q{q2.pk}-4",
    )
    citizen.click("#send-answers")
    citizen.wait_for_selector("#answered")
    answers = in_thread(lambda: Response.objects.get(poll_id=poll_id).answers)
    assert answers == {str(q1.pk): 2, str(q3.pk): [0, 2], str(q4.pk): "希望晚上公园照明更亮一些。"}
    shot(citizen, "answered", 390)

    # Staff close the poll; the public sees the charts and the counts.
    staff.goto(f"{base}/work/polls/{poll_id}/")
    done(staff, "#close-poll")
    public = open_page(width, 900)
    public.goto(f"{base}/polls/{poll_id}/")
    public.click("#see-results")
    public.wait_for_selector("#chart-1 canvas")
    public.wait_for_selector("#chart-3 canvas")
    assert "1" in public.locator("#results-summary").inner_text()
    counts = (
        public.locator(".poll-result").nth(0).locator(".poll-counts tbody tr").all_inner_texts()
    )
    assert [row.split() for row in counts] == [["每天", "0"], ["每周", "0"], ["从不", "1"]]
    multi = public.locator(".poll-result").nth(2).locator(".poll-counts tbody tr").all_inner_texts()
    assert [row.split() for row in multi] == [
        ["健身器材", "1"],
        ["儿童游乐", "0"],
        ["公共厕所", "1"],
    ]
    assert "0" in public.locator(".poll-result").nth(1).inner_text()
    shot(public, "results", width)
    assert [p.blocked for p in (staff, citizen, public)] == [[], [], []]

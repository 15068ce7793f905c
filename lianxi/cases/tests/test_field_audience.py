"""A field's audience is stated where it is typed, and staff-only notes stay off the citizen's
pages: the deputy's referral note is for the department, the decline note is internal."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import World
from lianxi.cases import actions
from lianxi.cases.forms.staff import AcceptForm, DeclineForm, ReferForm, ReplyForm
from lianxi.cases.views.public import public_timeline

pytestmark = pytest.mark.django_db

SECRET = "请住建局优先处理，该楼栋曾多次投诉物业"


def test_referral_note_is_for_staff_only(
    world: World, submit: Any, client: Any, login: Any
) -> None:
    case = actions.accept_case(world["committee"], case=submit(world["citizen"]))
    case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x, note=SECRET)
    referred = case.events.get(step="referred")
    assert referred.public and referred.text == ""
    assert case.events.get(step="note").public is False
    assert not any(SECRET in row["text"] for row in public_timeline(case))

    client.force_login(world["citizen"])
    page = client.get(reverse("cases:mine_detail", args=[case.pk])).content.decode()
    assert "已交办承办单位" in page  # the step itself is public
    assert SECRET not in page
    client.logout()
    staff = login(world["handler_x"])
    assert SECRET in staff.get(reverse("casework:detail", args=[case.pk])).content.decode()


def test_decline_note_is_kept_internally(world: World, submit: Any, rule: Any) -> None:
    case = actions.decline_case(world["committee"], case=submit(), rule=rule, note=SECRET)
    note = case.events.get(step="note")
    assert note.text == SECRET and note.public is False
    assert not any(SECRET in row["text"] for row in public_timeline(case))


@pytest.mark.parametrize(
    ("form", "field", "audience"),
    [
        (AcceptForm, "note", "公开"),
        (ReferForm, "note", "仅工作人员"),
        (DeclineForm, "note", "仅工作人员"),
        (ReplyForm, "text", "公开"),
    ],
)
def test_each_note_says_who_reads_it(
    world: World, submit: Any, form: Any, field: str, audience: str
) -> None:
    case = actions.accept_case(world["committee"], case=submit())
    with translation.override("zh-hans"):
        bound = form(user=world["deputy_a"], case=case, prefix="x")
        assert str(bound.fields[field].help_text).startswith(audience)


def test_the_deadline_that_applies_is_shown_at_each_step(
    world: World, submit: Any, login: Any
) -> None:
    """The deputy's clock from acceptance, then the department's once it signs for the case:
    never "—" while someone must act."""
    from lianxi.cases.deadlines import applicable

    case = actions.accept_case(world["committee"], case=submit(world["citizen"]))
    from django.test import Client

    staff = login(world["committee"])
    citizen = Client()
    citizen.force_login(world["citizen"])

    def shown(case: Any) -> tuple[str, str]:
        staff_page = staff.get(reverse("casework:detail", args=[case.pk])).content.decode()
        mine = citizen.get(reverse("cases:mine_detail", args=[case.pk])).content.decode()
        return staff_page, mine

    for step in ("assigned", "referred", "in_progress"):
        if step == "referred":
            case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
        if step == "in_progress":
            case = actions.department_accept(world["handler_x"], case=case)
        deadline = applicable(case)
        assert deadline is not None
        due = deadline.due.strftime("%Y-%m-%d")
        staff_page, mine = shown(case)
        assert 'id="case-deadline"' in staff_page and due in staff_page, step
        assert f'id="case-answer-due">{due}<' in mine, step
        assert deadline.party == ("department" if step == "in_progress" else "deputy")

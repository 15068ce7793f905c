"""Excel export of a staff list: contact masked for every role; audited."""

from __future__ import annotations

import io
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.cases import actions

LIST = reverse("casework:list")


def sheet_rows(response: Any) -> list[list[Any]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_export_masks_contact_even_after_disclosure(world: World, login: Any, submit: Any) -> None:
    case = submit(contact_name="张三丰")
    case = actions.accept_case(world["committee"], case=case)
    case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
    rows = sheet_rows(login(world["handler_x"]).get(LIST, {"format": "xlsx"}))
    assert len(rows) == 2 and rows[1][0] == case.tracking_number
    assert rows[1][-2:] == ["张**", "136****5678"]
    event = AuditEvent.objects.filter(action="cases.export").latest("id")
    assert event.data["rows"] == 1 and event.actor == world["handler_x"]
    actions.disclose_contact(world["deputy_a"], case=case)
    rows = sheet_rows(login(world["handler_x"]).get(LIST, {"format": "xlsx"}))
    assert rows[1][-2:] == ["张**", "136****5678"]  # still masked: reveal one case at a time


def test_export_follows_the_filters_and_scope(world: World, login: Any, submit: Any) -> None:
    submit(title="东湖区的事项一")
    submit(title="西山区的事项二", community=world.community2)
    rows = sheet_rows(
        login(world["committee"]).get(
            LIST, {"view": "all", "district": world.district2.pk, "format": "xlsx"}
        )
    )
    assert [r[3] for r in rows[1:]] == ["西山区的事项二"]
    assert rows[1][-1] == "136****5678"  # committee staff too
    rows = sheet_rows(login(world["deputy_b"]).get(LIST, {"format": "xlsx"}))
    assert [r[3] for r in rows[1:]] == ["西山区的事项二"]
    assert (
        sheet_rows(login(world["staff_a"]).get(LIST, {"format": "xlsx"}))[1][3] == "东湖区的事项一"
    )


def test_a_citizens_formula_is_exported_as_quoted_text(
    world: World, login: Any, submit: Any
) -> None:
    submit(title='=HYPERLINK("http://evil")小区电梯')
    book = load_workbook(
        io.BytesIO(login(world["committee"]).get(LIST, {"format": "xlsx"}).content)
    )
    assert book.active is not None
    title = book.active["D2"]
    assert (title.value, title.data_type) == ('\'=HYPERLINK("http://evil")小区电梯', "s")

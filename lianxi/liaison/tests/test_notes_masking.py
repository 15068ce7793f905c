"""Phone and ID numbers typed into a visit's or a reception's notes are shown in clear only to
those who need them (the visit's deputies; the station's staff at the desk); reviewers, other
staff and administrators read them masked, on the page and in the export."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from django.test import Client
from openpyxl import load_workbook

from conftest import World, force_login
from lianxi.liaison import actions
from lianxi.liaison.actions.visits import VisitInput

PHONE, IDNO = "13572046813", "330106198807154213"
NOTES = f"王阿姨反映漏水，电话{PHONE}，身份证{IDNO}。"


def _visit(world: World) -> Any:
    return actions.log_visit(
        world["deputy_a"],
        data=VisitInput(
            date=date(2026, 11, 20),
            community=world.community1,
            method="forum",
            people_met=3,
            people_note=f"联系人{PHONE}",
            matters=NOTES,
        ),
    )


def _page(world: World, name: str, url: str) -> str:
    response = force_login(Client(), world[name]).get(url)
    assert response.status_code == 200, (name, url, response.status_code)
    return response.content.decode()


def test_visit_notes_clear_for_its_deputy_masked_for_reviewers(world: World) -> None:
    visit = _visit(world)
    url = f"/work/liaison/visits/{visit.pk}/"
    mine = _page(world, "deputy_a", url)
    assert PHONE in mine and IDNO in mine
    for name in ("committee", "admin"):
        page = _page(world, name, url)
        assert PHONE not in page and IDNO not in page, name
        assert "135****6813" in page and "330106********3" in page


def test_visit_export_masks_the_notes(world: World) -> None:
    _visit(world)

    def cells(name: str) -> str:
        response = force_login(Client(), world[name]).get(
            "/work/liaison/export/visits.xlsx", {"year": 2026}
        )
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        return " ".join(str(v) for s in book for row in s.iter_rows(values_only=True) for v in row)

    for name in ("committee", "staff_a", "admin"):  # deputies do not export
        text = cells(name)
        assert "王阿姨反映漏水" in text and PHONE not in text and IDNO not in text, name
        assert "135****6813" in text


def test_reception_notes_clear_for_the_station_masked_for_the_administrator(
    world: World,
) -> None:
    tz = datetime.now().astimezone().tzinfo
    shift = actions.add_shift(
        world["staff_a"],
        station=world.station_a,
        kind="one_off",
        starts_at=datetime(2026, 11, 20, 9, tzinfo=tz),
        ends_at=datetime(2026, 11, 20, 11, tzinfo=tz),
        deputies=[world.deputy_a],
    )
    staff = force_login(Client(), world["staff_a"])
    saved = staff.post(
        f"/work/liaison/shifts/{shift.pk}/reception/",
        {"people_received": 2, "matters": NOTES, "minutes": f"回访{PHONE}"},
    )
    assert saved.status_code in (200, 302), saved.content.decode()[:500]
    url = f"/work/liaison/shifts/{shift.pk}/"
    assert PHONE in _page(world, "staff_a", url)
    admin = _page(world, "admin", url)
    assert PHONE not in admin and IDNO not in admin and "135****6813" in admin
    assert 'id="reception-form"' not in admin

"""Directory actions: permission, jurisdiction, and an audit event for every one."""

from __future__ import annotations

import io

import openpyxl
import pytest

from conftest import CANARY_PHONE, World, make_user
from lianxi.audit.models import AuditEvent
from lianxi.core.choices import Role
from lianxi.core.errors import InvalidInput, NotAllowed
from lianxi.directory import actions
from lianxi.directory.models import Station
from lianxi.directory.tests import factories as f
from lianxi.directory.tests.test_excel import make_xlsx

STATION_HEADERS = ["名称", "类型", "所在区域代码", "地址"]


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def cells(content: bytes) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    text = str(list(workbook.worksheets[0].iter_rows(values_only=True)))
    workbook.close()
    return text


# ---------------------------------------------------------------------------------------
# Import


def test_committee_of_district_1_cannot_import_a_station_in_district_2(world: World) -> None:
    content = make_xlsx(
        STATION_HEADERS,
        [
            ["东湖新站", "代表联络站", world.community1.code, "青石路1号"],
            ["西山新站", "代表联络站", world.community2.code, "松林路1号"],
        ],
    )
    result = actions.import_directory(world["committee_d1"], kind="stations", data=content)
    assert result.messages == [
        "第3行「所在区域代码」：示范省示范市西山区松林街道松林社区（990102001001）"
        "不在您的管辖范围（东湖区）内"
    ]
    assert not Station.objects.filter(name__in=["东湖新站", "西山新站"]).exists()
    (event,) = events("directory.import")
    assert event.outcome == "failed"
    assert event.actor == world["committee_d1"]
    assert event.data["errors"] == 1 and event.data["created"] == 0


def test_committee_of_district_1_imports_inside_its_district(world: World) -> None:
    content = make_xlsx(
        STATION_HEADERS, [["东湖新站", "代表联络站", world.community1.code, "路1号"]]
    )
    result = actions.import_directory(world["committee_d1"], kind="stations", data=content)
    assert result.ok and result.created == 1
    (event,) = events("directory.import")
    assert event.outcome == "ok"
    assert event.data | {"sha256": "", "bytes": 0} == {
        "kind": "stations",
        "rows": 1,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "errors": 0,
        "sha256": "",
        "bytes": 0,
    }


def test_committee_cannot_take_over_a_station_outside_by_name(world: World) -> None:
    content = make_xlsx(
        STATION_HEADERS, [[world.station_b.name, "代表联络站", world.community1.code, "路1号"]]
    )
    result = actions.import_directory(world["committee_d1"], kind="stations", data=content)
    assert result.messages == [
        "第2行「名称」：“松林社区代表联络站”是您管辖范围以外已有的联络站，不能修改"
    ]
    world.station_b.refresh_from_db()
    assert world.station_b.area == world.community2


def test_committee_of_district_1_cannot_import_deputies_or_departments_outside(
    world: World,
) -> None:
    deputies = make_xlsx(
        ["姓名", "层级", "届次", "选区代码", "界别"],
        [["新代表", "县", 18, world.district2.code, "农民"]],
    )
    result = actions.import_directory(world["committee_d1"], kind="deputies", data=deputies)
    assert result.messages == [
        "第2行「选区代码」：示范省示范市西山区（990102000000）不在您的管辖范围（东湖区）内"
    ]
    departments = make_xlsx(
        ["名称", "类型", "所在区域代码"], [["市新局", "政府部门", world.city.code]]
    )
    result = actions.import_directory(world["committee_d1"], kind="departments", data=departments)
    assert result.messages == [
        "第2行「所在区域代码」：示范省示范市（990100000000）不在您的管辖范围（东湖区）内"
    ]


@pytest.mark.parametrize("persona", ["staff_a", "deputy_a", "handler_x", "citizen"])
def test_roles_without_permission_cannot_import(world: World, persona: str) -> None:
    content = make_xlsx(STATION_HEADERS, [["新站", "代表联络站", world.community1.code, "路"]])
    with pytest.raises(NotAllowed):
        actions.import_directory(world[persona], kind="stations", data=content)
    assert not Station.objects.filter(name="新站").exists()
    (event,) = events("directory.import")
    assert (event.outcome, event.actor) == ("denied", world[persona])


def test_committee_without_jurisdiction_cannot_import(world: World) -> None:
    nowhere = make_user("committee_nowhere", Role.COMMITTEE)
    with pytest.raises(NotAllowed):
        actions.import_directory(nowhere, kind="stations", data=b"")
    assert events("directory.import")[0].outcome == "denied"


def test_unknown_kind_is_invalid(world: World) -> None:
    with pytest.raises(InvalidInput):
        actions.import_directory(world["admin"], kind="users", data=b"")


def test_refused_file_is_audited_as_failed(world: World) -> None:
    result = actions.import_directory(world["admin"], kind="deputies", data=b"not excel")
    assert not result.ok
    (event,) = events("directory.import")
    assert event.outcome == "failed" and event.data["bytes"] == 9


# ---------------------------------------------------------------------------------------
# Export


def test_export_masks_contact_and_is_audited(world: World) -> None:
    content = actions.export_directory(world["committee"], kind="deputies", include_contact=False)
    assert CANARY_PHONE not in cells(content)
    assert "139****5678" in cells(content)
    (event,) = events("directory.export")
    assert event.data == {"kind": "deputies", "rows": 2, "contact": False}
    assert events("directory.reveal_contact") == []


@pytest.mark.parametrize("persona", ["admin", "committee"])
def test_export_with_contact_is_audited_as_a_reveal(world: World, persona: str) -> None:
    content = actions.export_directory(world[persona], kind="deputies", include_contact=True)
    assert CANARY_PHONE in cells(content)
    (reveal,) = events("directory.reveal_contact")
    assert reveal.actor == world[persona]
    assert reveal.data["rows"] == 2 and reveal.data["fields"] == ["phone", "email"]
    assert CANARY_PHONE not in str(reveal.data)


def test_export_is_scoped_to_the_jurisdiction(world: World) -> None:
    content = actions.export_directory(world["committee_d1"], kind="deputies")
    assert "李明华" in cells(content) and "王秀英" not in cells(content)
    assert events("directory.export")[0].data["rows"] == 1
    content = actions.export_directory(world["committee_d1"], kind="stations")
    assert world.station_a.name in cells(content) and world.station_b.name not in cells(content)


@pytest.mark.parametrize("persona", ["staff_a", "deputy_a", "handler_x", "citizen"])
def test_roles_without_permission_cannot_export(world: World, persona: str) -> None:
    with pytest.raises(NotAllowed):
        actions.export_directory(world[persona], kind="stations", include_contact=False)
    assert events("directory.export")[0].outcome == "denied"


# ---------------------------------------------------------------------------------------
# Stations: deputies and staff


def test_attach_and_detach_deputy(world: World) -> None:
    newcomer = f.deputy("周新", world.district1)
    actions.attach_deputy(world["committee_d1"], station=world.station_a, deputy=newcomer)
    assert newcomer in world.station_a.deputies.all()
    actions.detach_deputy(world["committee_d1"], station=world.station_a, deputy=newcomer)
    assert newcomer not in world.station_a.deputies.all()
    (attach,) = events("directory.attach_deputy")
    (detach,) = events("directory.detach_deputy")
    assert attach.data == {"deputy": newcomer.pk, "changed": True}
    assert detach.target_id == str(world.station_a.pk)


def test_attach_is_idempotent_and_still_audited(world: World) -> None:
    actions.attach_deputy(world["admin"], station=world.station_a, deputy=world.deputy_a)
    assert events("directory.attach_deputy")[0].data["changed"] is False
    assert world.station_a.deputies.count() == 1


def test_committee_cannot_attach_outside_its_jurisdiction(world: World) -> None:
    with pytest.raises(NotAllowed):
        actions.attach_deputy(world["committee_d1"], station=world.station_b, deputy=world.deputy_a)
    with pytest.raises(NotAllowed):
        actions.attach_deputy(world["committee_d1"], station=world.station_a, deputy=world.deputy_b)
    assert [e.outcome for e in events("directory.attach_deputy")] == ["denied", "denied"]
    # The city committee, and administrators, may.
    actions.attach_deputy(world["committee"], station=world.station_a, deputy=world.deputy_b)
    assert world.deputy_b in world.station_a.deputies.all()


def test_deputy_of_an_enclosing_constituency_may_serve_in_the_district(world: World) -> None:
    city_deputy = f.deputy("市代表", world.city)
    actions.attach_deputy(world["committee_d1"], station=world.station_a, deputy=city_deputy)
    assert city_deputy in world.station_a.deputies.all()


def test_set_station_staff(world: World) -> None:
    staff_b = world["staff_b"]
    actions.set_station_staff(
        world["committee_d1"], station=world.station_a, user=staff_b, add=True
    )
    assert staff_b in world.station_a.staff.all()
    actions.set_station_staff(
        world["committee_d1"], station=world.station_a, user=staff_b, add=False
    )
    assert staff_b not in world.station_a.staff.all()
    assert [e.data for e in events("directory.set_station_staff")] == [
        {"user": staff_b.pk, "add": True, "changed": True},
        {"user": staff_b.pk, "add": False, "changed": True},
    ]


def test_set_station_staff_refusals(world: World) -> None:
    with pytest.raises(InvalidInput):
        actions.set_station_staff(
            world["admin"], station=world.station_a, user=world["citizen"], add=True
        )
    with pytest.raises(NotAllowed):
        actions.set_station_staff(
            world["committee_d1"], station=world.station_b, user=world["staff_a"], add=True
        )
    with pytest.raises(NotAllowed):
        actions.set_station_staff(
            world["staff_a"], station=world.station_a, user=world["staff_b"], add=True
        )
    assert world.station_a.staff.count() == 1
    assert [e.outcome for e in events("directory.set_station_staff")] == [
        "failed",
        "denied",
        "denied",
    ]


def test_every_directory_action_writes_an_audit_event(world: World) -> None:
    admin = world["admin"]
    content = actions.export_directory(admin, kind="stations")
    calls = {
        "directory.import": lambda: actions.import_directory(admin, kind="stations", data=content),
        "directory.export": lambda: actions.export_directory(admin, kind="departments"),
        "directory.attach_deputy": lambda: actions.attach_deputy(
            admin, station=world.station_b, deputy=world.deputy_a
        ),
        "directory.detach_deputy": lambda: actions.detach_deputy(
            admin, station=world.station_b, deputy=world.deputy_a
        ),
        "directory.set_station_staff": lambda: actions.set_station_staff(
            admin, station=world.station_b, user=world["staff_a"], add=True
        ),
    }
    declared = {
        getattr(obj, "action_name", None) for obj in vars(actions).values() if callable(obj)
    } - {None}
    assert declared == set(calls)
    for name, call in calls.items():
        before = AuditEvent.objects.filter(action=name).count()
        call()
        assert AuditEvent.objects.filter(action=name, outcome="ok").count() == before + 1, name

"""Django admin of the directory: change lists with search and filters, personal data,
Excel import and export through the same actions, audited saves."""

from __future__ import annotations

import io
import json
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import CANARY_PHONE, World
from lianxi.audit.models import AuditEvent
from lianxi.directory import excel
from lianxi.directory.models import Category, Expertise, Station
from lianxi.directory.tests import factories as f
from lianxi.directory.tests.test_excel import make_xlsx

CHANGELISTS = [
    ("area", {"q": "东湖", "level": "3"}, "东湖区", "西山区"),
    ("area", {"q": "990102"}, "西山区", "东湖区"),
    ("expertise", {"q": "医疗"}, "医疗卫生", "养老"),
    (
        "deputy",
        {
            "q": "李",
            "level": "municipal",
            "status": "serving",
            "sector": "professional",
            "term": "17",
        },
        "李明华",
        "王秀英",
    ),
    ("deputy", {"q": "外科"}, "李明华", "王秀英"),
    (
        "station",
        {"q": "社区", "kind": "station", "is_active": "1", "district": "990101000000"},
        "青石社区代表联络站",
        "松林社区代表联络站",
    ),
    (
        "department",
        {"q": "住房", "kind": "government", "is_active": "1"},
        "示范市住房",
        "东湖区市场",
    ),
    ("category", {"q": "路灯", "level": "2"}, "测试路灯", "测试绿地"),
]


@pytest.fixture
def admin_client(world: World, login: Any) -> Any:
    return login(world["admin"])


@pytest.fixture
def filled(world: World) -> World:
    world.deputy_a.occupation = "外科医生"
    world.deputy_a.save()
    world.deputy_a.expertise.add(Expertise.objects.create(name="医疗卫生"))
    Expertise.objects.create(name="养老")
    root = f.category("测试城建", "T01", default_department=world.dept_x)
    f.category("测试路灯", "T0101", root, keywords="路灯 照明")
    f.category("测试绿地", "T0102", root)
    return world


@pytest.mark.parametrize(
    "model", ["area", "expertise", "deputy", "station", "department", "category"]
)
def test_changelist_loads(filled: World, admin_client: Any, model: str) -> None:
    response = admin_client.get(reverse(f"admin:directory_{model}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize(("model", "params", "shown", "hidden"), CHANGELISTS)
def test_changelist_search_and_filters(
    filled: World, admin_client: Any, model: str, params: dict[str, str], shown: str, hidden: str
) -> None:
    response = admin_client.get(reverse(f"admin:directory_{model}_changelist"), params)
    assert response.status_code == 200
    page = response.content.decode()
    assert "?e=1" not in response.get("Location", "")  # an unknown filter redirects with e=1
    assert shown in page
    assert hidden not in page


def test_deputy_list_shows_no_contact(filled: World, admin_client: Any) -> None:
    page = admin_client.get(reverse("admin:directory_deputy_changelist")).content.decode()
    assert CANARY_PHONE not in page and "139****5678" not in page


def test_add_forms_load(world: World, admin_client: Any) -> None:
    for model in ["area", "expertise", "deputy", "station", "department", "category"]:
        assert admin_client.get(reverse(f"admin:directory_{model}_add")).status_code == 200, model


def test_deputy_change_form_shows_contact_to_admin_and_audits_it(
    world: World, admin_client: Any
) -> None:
    url = reverse("admin:directory_deputy_change", args=[world.deputy_a.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert CANARY_PHONE in response.content.decode()
    event = AuditEvent.objects.get(action="directory.reveal_contact")
    assert event.target_id == str(world.deputy_a.pk) and event.data["via"] == "admin"


def test_station_and_department_change_forms(world: World, admin_client: Any) -> None:
    for name, obj in (("station", world.station_a), ("department", world.dept_x)):
        response = admin_client.get(reverse(f"admin:directory_{name}_change", args=[obj.pk]))
        assert response.status_code == 200
    form = (
        admin_client.get(reverse("admin:directory_station_change", args=[world.station_a.pk]))
        .context["adminform"]
        .form
    )
    staff_choices = {u.username for u in form.fields["staff"].queryset}
    assert staff_choices == {"staff_a", "staff_b"}


def test_admin_saves_are_audited(world: World, admin_client: Any) -> None:
    response = admin_client.post(reverse("admin:directory_expertise_add"), {"name": "城市更新"})
    assert response.status_code == 302
    expertise = Expertise.objects.get(name="城市更新")
    event = AuditEvent.objects.get(action="records.create")
    assert event.target_id == str(expertise.pk) and event.actor == world["admin"]
    response = admin_client.post(
        reverse("admin:directory_category_add"),
        {
            "code": "T02",
            "name": "测试绿化",
            "time_limit_days": 10,
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Category.objects.get(code="T02").level == 1


def test_deputy_admin_form_checks_the_phone(world: World, admin_client: Any) -> None:
    url = reverse("admin:directory_deputy_change", args=[world.deputy_a.pk])
    data = {
        "name": "李明华",
        "level": "municipal",
        "term": 17,
        "constituency": world.district1.pk,
        "sector": "professional",
        "status": "serving",
        "phone": "12345",
        "email": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "phone" in response.context["adminform"].form.errors
    response = admin_client.post(url, data | {"phone": "+86 139-1234-0000"})
    assert response.status_code == 302
    world.deputy_a.refresh_from_db()
    assert world.deputy_a.phone == "13912340000"
    assert AuditEvent.objects.filter(action="records.change", target_id=str(world.deputy_a.pk))


def test_autocomplete_for_station_communities_offers_communities_only(
    world: World, admin_client: Any
) -> None:
    params = {"app_label": "directory", "model_name": "station", "field_name": "communities"}
    response = admin_client.get(reverse("admin:autocomplete"), params | {"term": "青石"})
    names = [r["text"] for r in json.loads(response.content)["results"]]
    assert names == ["青石社区"]
    response = admin_client.get(
        reverse("admin:autocomplete"), params | {"field_name": "area", "term": "青石"}
    )
    assert len(json.loads(response.content)["results"]) == 2  # street and community


@pytest.mark.parametrize("persona", ["committee", "staff_a", "citizen"])
def test_other_roles_do_not_reach_the_admin(world: World, login: Any, persona: str) -> None:
    client = login(world[persona])
    for name in ["admin:directory_deputy_changelist", "admin:directory_deputy_import"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


# ---------------------------------------------------------------------------------------
# Import and export in the admin


def test_changelist_links_to_import_and_export(world: World, admin_client: Any) -> None:
    page = admin_client.get(reverse("admin:directory_deputy_changelist")).content.decode()
    assert reverse("admin:directory_deputy_import") in page
    assert reverse("admin:directory_deputy_export") + "?contact=1" in page
    page = admin_client.get(reverse("admin:directory_station_changelist")).content.decode()
    assert reverse("admin:directory_station_export") + "?contact=1" not in page


@pytest.mark.parametrize("model", ["deputy", "station", "department"])
def test_import_page_loads(world: World, admin_client: Any, model: str) -> None:
    response = admin_client.get(reverse(f"admin:directory_{model}_import"))
    assert response.status_code == 200
    assert "/work/directory/template/" in response.content.decode()


def test_admin_import_success_and_errors(world: World, admin_client: Any) -> None:
    url = reverse("admin:directory_station_import")
    good = make_xlsx(
        ["名称", "类型", "所在区域代码", "地址"], [["后台新站", "代表联络点", "990102001001", "路"]]
    )
    response = admin_client.post(
        url, {"file": SimpleUploadedFile("s.xlsx", good, content_type=excel.XLSX_CONTENT_TYPE)}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:directory_station_changelist")
    assert Station.objects.get(name="后台新站").kind == "point"
    bad = make_xlsx(["名称", "类型", "所在区域代码", "地址"], [["坏站", "代表联络站", "123", "路"]])
    response = admin_client.post(
        url, {"file": SimpleUploadedFile("b.xlsx", bad, content_type=excel.XLSX_CONTENT_TYPE)}
    )
    assert response.status_code == 200
    assert "<td>2</td><td>所在区域代码</td><td>“123”不是 12 位的区划代码</td>" in (
        response.content.decode()
    )
    assert not Station.objects.filter(name="坏站").exists()
    assert [
        e.outcome for e in AuditEvent.objects.filter(action="directory.import").order_by("id")
    ] == [
        "ok",
        "failed",
    ]


def test_admin_export(world: World, admin_client: Any) -> None:
    response = admin_client.get(reverse("admin:directory_deputy_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = str(list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].values))
    assert CANARY_PHONE not in rows
    response = admin_client.get(reverse("admin:directory_deputy_export"), {"contact": "1"})
    rows = str(list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].values))
    assert CANARY_PHONE in rows
    assert AuditEvent.objects.filter(action="directory.export").count() == 2
    assert AuditEvent.objects.filter(action="directory.reveal_contact").count() == 1

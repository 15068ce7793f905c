"""Staff pages: /work/directory/ import, export and template downloads."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import CANARY_PHONE, World
from lianxi.audit.models import AuditEvent
from lianxi.directory import excel
from lianxi.directory.models import Deputy, Station
from lianxi.directory.tests.test_excel import make_xlsx

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NO_PERMISSION = ["staff_a", "deputy_a", "handler_x", "citizen"]


def upload(content: bytes, name: str = "file.xlsx") -> dict[str, Any]:
    return {"file": SimpleUploadedFile(name, content, content_type=excel.XLSX_CONTENT_TYPE)}


def sheet_text(content: bytes) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    text = str(list(workbook.worksheets[0].iter_rows(values_only=True)))
    workbook.close()
    return text


def urls(kind: str = "stations") -> list[str]:
    return [
        reverse("directory:index"),
        reverse("directory:import", kwargs={"kind": kind}),
        reverse("directory:export", kwargs={"kind": kind}),
        reverse("directory:template", kwargs={"kind": kind}),
    ]


def test_urls() -> None:
    assert urls("deputies") == [
        "/work/directory/",
        "/work/directory/import/deputies/",
        "/work/directory/export/deputies.xlsx",
        "/work/directory/template/deputies.xlsx",
    ]


@pytest.mark.parametrize("persona", NO_PERMISSION)
def test_roles_without_permission_get_404(world: World, login: Any, persona: str) -> None:
    client = login(world[persona])
    for url in urls():
        assert client.get(url).status_code == 404, url
    content = make_xlsx(
        ["名称", "类型", "所在区域代码", "地址"], [["新站", "代表联络站", "990101001001", "路"]]
    )
    response = client.post(urls()[1], upload(content))
    assert response.status_code == 404
    assert not Station.objects.filter(name="新站").exists()


def test_anonymous_is_sent_to_sign_in(world: World, client: Any) -> None:
    for url in urls():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_unknown_kind_is_404(world: World, login: Any) -> None:
    client = login(world["admin"])
    assert client.get("/work/directory/import/users/").status_code == 404
    assert client.get("/work/directory/export/users.xlsx").status_code == 404


@pytest.mark.parametrize("persona", ["admin", "committee", "committee_d1"])
def test_index_lists_the_three_kinds(world: World, login: Any, persona: str) -> None:
    response = login(world[persona]).get(reverse("directory:index"), **EN)
    assert response.status_code == 200
    for kind in excel.KINDS:
        for url in urls(kind)[1:]:
            assert url in response.content.decode()
    assert 'name="contact" value="1"' in response.content.decode()


def test_import_page_shows_how_to_and_template_link(world: World, login: Any) -> None:
    response = login(world["committee"]).get(urls("deputies")[1], **EN)
    assert response.status_code == 200
    page = response.content.decode()
    assert "/work/directory/template/deputies.xlsx" in page
    assert "name and constituency code" in page
    for column in excel.COLUMNS["deputies"]:
        assert column.header in page
    assert 'enctype="multipart/form-data"' in page


def test_template_download(world: World, login: Any) -> None:
    response = login(world["committee_d1"]).get(urls("stations")[3])
    assert response.status_code == 200
    assert response["Content-Type"] == excel.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="stations-template.xlsx"'
    header, example = list(
        openpyxl.load_workbook(io.BytesIO(response.content))
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    assert list(header) == [c.header for c in excel.COLUMNS["stations"]]
    assert example[2] == world.district1.code  # the user's own jurisdiction


def test_import_success_redirects_with_counts(world: World, login: Any) -> None:
    client = login(world["committee_d1"])
    content = make_xlsx(
        ["名称", "类型", "所在区域代码", "地址"],
        [
            ["东湖新站", "代表联络站", world.community1.code, "青石路1号"],
            [world.station_a.name, "代表之家", world.community1.code, "青石路2号"],
        ],
    )
    url = urls("stations")[1]
    response = client.post(url, upload(content), **EN)
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url, **EN).content.decode()
    assert "Imported 2 rows: 1 created, 1 updated, 0 unchanged." in page
    assert Station.objects.get(name="东湖新站").area == world.community1
    world.station_a.refresh_from_db()
    assert world.station_a.kind == "home"


def test_import_errors_are_listed_per_row_and_column(world: World, login: Any) -> None:
    client = login(world["committee"])
    count = Deputy.objects.count()
    content = make_xlsx(
        ["姓名", "层级", "届次", "选区代码", "界别"],
        [
            ["张伟", "市", 17, "990101000000", "工人"],
            ["刘洋", "省级", 17, "990101000000", "工人"],
            ["陈静", "市", 17, "990199000000", "工人"],
        ],
    )
    response = client.post(urls("deputies")[1], upload(content), **EN)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was imported: 2 problems found." in page
    assert (
        "<tr><td>3</td><td>层级</td><td>“省级”不是有效的层级，应为 全国、省、市、县、乡 之一</td></tr>"
        in page
    )
    assert "<tr><td>4</td><td>选区代码</td><td>区划代码“990199000000”不存在</td></tr>" in page
    assert Deputy.objects.count() == count


def test_import_refuses_non_xlsx(world: World, login: Any) -> None:
    response = login(world["admin"]).post(
        urls("departments")[1], upload(b"name,kind\n", "list.csv"), **EN
    )
    assert response.status_code == 200
    assert "文件不是有效的 Excel（.xlsx）文件" in response.content.decode()


def test_import_requires_a_file(world: World, login: Any) -> None:
    response = login(world["admin"]).post(urls("departments")[1], {}, **EN)
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not AuditEvent.objects.filter(action="directory.import").exists()


def test_export_download_masks_phones(world: World, login: Any) -> None:
    response = login(world["committee"]).get(urls("deputies")[2])
    assert response.status_code == 200
    assert response["Content-Type"] == excel.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="deputies-')
    assert "no-store" in response["Cache-Control"]
    text = sheet_text(response.content)
    assert "139****5678" in text and CANARY_PHONE not in text


@pytest.mark.parametrize("persona", ["admin", "committee"])
def test_export_with_contact_for_allowed_roles(world: World, login: Any, persona: str) -> None:
    response = login(world[persona]).get(urls("deputies")[2], {"contact": "1"})
    assert response.status_code == 200
    assert CANARY_PHONE in sheet_text(response.content)
    assert AuditEvent.objects.filter(
        action="directory.reveal_contact", actor=world[persona]
    ).exists()


@pytest.mark.parametrize("persona", NO_PERMISSION)
def test_export_with_contact_refused_to_other_roles(world: World, login: Any, persona: str) -> None:
    response = login(world[persona]).get(urls("deputies")[2], {"contact": "1"})
    assert response.status_code == 404
    assert CANARY_PHONE.encode() not in response.content


def test_export_is_scoped_to_the_jurisdiction(world: World, login: Any) -> None:
    response = login(world["committee_d1"]).get(urls("stations")[2])
    text = sheet_text(response.content)
    assert world.station_a.name in text and world.station_b.name not in text

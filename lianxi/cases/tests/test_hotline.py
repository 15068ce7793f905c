"""12345-hotline import: every row checked first, all or nothing, no duplicates."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from conftest import World
from lianxi.cases.hotline import HotlineImportError, import_hotline
from lianxi.cases.models import Case, CaseEvent
from lianxi.core.errors import InvalidInput, NotAllowed

HEADER = [
    "工单编号",
    "来电时间",
    "诉求类型",
    "标题",
    "诉求内容",
    "所属区域/社区",
    "联系人",
    "联系电话",
    "地址",
]
CONTENT = "小区门口道路坑洼积水严重，雨天老人孩子出行困难，请尽快修复。"


def rows(*extra: list[str]) -> list[list[str]]:
    return [
        HEADER,
        [
            "GD001",
            "2026-03-01 09:00",
            "投诉",
            "道路积水",
            CONTENT,
            "青石社区",
            "张三",
            "13611112222",
            "青石路1号",
        ],
        ["GD002", "2026-03-01 10:00", "建议", "", CONTENT, "东湖区青石街道青石社区", "", "", ""],
        *extra,
    ]


def as_csv(table: list[list[str]], encoding: str = "utf-8") -> bytes:
    return "\n".join(",".join(r) for r in table).encode(encoding)


def as_xlsx(table: list[list[str]]) -> bytes:
    book = Workbook()
    for r in table:
        book.active.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (as_csv(rows()), "a.csv"),
        (as_csv(rows(), "gb18030"), "a.csv"),
        (as_xlsx(rows()), "a.xlsx"),
    ],
)
def test_imports_all_rows(world: World, data: bytes, name: str) -> None:
    numbers = import_hotline(world["committee"], data=data, filename=name, mapping="12345")
    assert len(numbers) == 2
    first = Case.objects.get(tracking_number=numbers[0])
    assert first.channel == "hotline" and first.kind == "complaint"
    assert first.community == world.community1 and first.contact_phone == "13611112222"
    second = Case.objects.get(tracking_number=numbers[1])
    assert second.kind == "suggestion" and second.title == CONTENT[:30]
    assert first.events.get(step="submitted").data["external_id"] == "GD001"


def test_any_bad_row_refuses_the_whole_file(world: World) -> None:
    table = rows(
        ["GD003", "", "闲聊", "标题标题", CONTENT, "青石社区", "", "", ""],
        ["GD004", "", "投诉", "标题标题", "短", "不存在社区", "", "12", ""],
        ["GD001", "", "投诉", "标题标题", CONTENT, "", "", "", ""],
    )
    with pytest.raises(HotlineImportError) as refused:
        import_hotline(world["admin"], data=as_csv(table), filename="a.csv", mapping="12345")
    errors = refused.value.errors
    assert any("4" in e and "诉求类型" in e for e in errors)
    assert any("5" in e and "诉求内容" in e for e in errors)
    assert any("5" in e and "所属区域/社区" in e for e in errors)
    assert any("5" in e and "联系电话" in e for e in errors)
    assert any("6" in e and "工单编号" in e and "2" in e for e in errors)
    assert len(errors) == 5
    assert Case.objects.count() == 0


def test_a_file_imported_twice_is_refused(world: World) -> None:
    data = as_csv(rows())
    import_hotline(world["admin"], data=data, filename="a.csv", mapping="12345")
    with pytest.raises(HotlineImportError) as refused:
        import_hotline(world["admin"], data=data, filename="a.csv", mapping="12345")
    assert len(refused.value.errors) == 2
    assert Case.objects.count() == 2


def test_custom_mapping_and_bad_mapping(world: World) -> None:
    table = [["单号", "类型", "内容"], ["X1", "求助", CONTENT]]
    mapping = '{"external_id": "单号", "kind": "类型", "content": "内容"}'
    assert (
        len(import_hotline(world["admin"], data=as_csv(table), filename="a.csv", mapping=mapping))
        == 1
    )
    with pytest.raises(InvalidInput):
        import_hotline(world["admin"], data=as_csv(table), filename="a.csv", mapping="{bad")
    with pytest.raises(HotlineImportError):  # the preset's columns are not in this file
        import_hotline(world["admin"], data=as_csv(table), filename="a.csv", mapping="12345")
    with pytest.raises(InvalidInput):
        import_hotline(world["admin"], data=b"x", filename="a.pdf", mapping="12345")
    with pytest.raises(InvalidInput):
        import_hotline(world["admin"], data=b"PK\x03\x04junk", filename="a.xlsx", mapping="12345")


def test_committee_outside_jurisdiction_and_other_roles(world: World) -> None:
    table = [*rows()[:1], ["GD9", "", "投诉", "道路积水", CONTENT, "松林社区", "", "", ""]]
    with pytest.raises(HotlineImportError):
        import_hotline(world["committee_d1"], data=as_csv(table), filename="a.csv", mapping="12345")
    for name in ["deputy_a", "staff_a", "citizen", "handler_x"]:
        with pytest.raises(NotAllowed):
            import_hotline(world[name], data=as_csv(rows()), filename="a.csv", mapping="12345")
    assert Case.objects.count() == 0 and not CaseEvent.objects.exists()


def test_command(world: World, tmp_path: Any, capsys: Any) -> None:
    from django.core.management import CommandError, call_command

    path = tmp_path / "orders.xlsx"
    path.write_bytes(as_xlsx(rows()))
    call_command("import_hotline", str(path), "--mapping", "12345", "--user", "committee")
    assert capsys.readouterr().out.strip() == "2"
    with pytest.raises(CommandError):
        call_command("import_hotline", str(path), "--user", "committee")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"x" * (10 * 1024 * 1024 + 1), "a.csv", "文件大小超过 10 MB。"),
        (b"PK\x03\x04junk", "a.xlsx", "无法读取该 xlsx 工作簿。"),
        (as_csv(rows()), "a.xlsx", "无法读取该 xlsx 工作簿。"),
        (b"x", "a.pdf", "请上传 .xlsx 或 .csv 文件。"),
        (b"\xff\xfe\x81\x30\x81", "a.csv", "文件编码既不是 UTF-8 也不是 GBK。"),
        (b"\n,,\n", "a.csv", "文件为空。"),
        (
            as_csv([["工单编号", "诉求类型"], ["1", "投诉"]]),
            "a.csv",
            "缺少以下列：来电时间、标题、",
        ),
        (
            as_csv(rows() + [["GD9", "", "投诉", "", CONTENT, "", "", "", ""]] * 5000),
            "a.csv",
            "每次最多导入 5000 行。",
        ),
    ],
)
def test_problems_of_the_file(world: World, data: bytes, name: str, message: str) -> None:
    with pytest.raises(HotlineImportError) as refused:
        import_hotline(world["admin"], data=data, filename=name, mapping="12345")
    assert refused.value.errors[0].startswith(message) and len(refused.value.errors) == 1
    assert Case.objects.count() == 0


def test_rows_are_numbered_as_in_the_spreadsheet_and_a_header_alone_imports_nothing(
    world: World,
) -> None:
    table = rows([""] * 9, ["GD003", "", "闲聊", "", CONTENT, "", "", "", ""])
    with pytest.raises(HotlineImportError) as refused:
        import_hotline(world["admin"], data=as_xlsx(table), filename="a.xlsx", mapping="12345")
    assert refused.value.errors == [
        "第5行「诉求类型」：必须为以下之一：投诉、建议、求助、咨询、意见"
    ]
    header = as_csv(rows()[:1])
    assert import_hotline(world["admin"], data=header, filename="a.csv", mapping="12345") == []

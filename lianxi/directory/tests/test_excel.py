"""The xlsx format: export → import roundtrip, row/column error messages, refused files."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from typing import Any

import openpyxl
import pytest

from conftest import CANARY_PHONE, World
from lianxi.directory import excel
from lianxi.directory.excel import lookups
from lianxi.directory.models import Area, Department, Deputy, Expertise, Station
from lianxi.directory.tests import factories as f
from lianxi.lib.sheets import reading

DEPUTY_HEADERS = ["姓名", "层级", "届次", "选区代码", "界别", "手机", "专业领域"]
NOT_XLSX = "文件不是有效的 Excel（.xlsx）文件，请用模板填写后另存为 .xlsx 格式"


def make_xlsx(headers: list[Any], rows: list[list[Any]], title: str = "Sheet") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rows_of(content: bytes) -> list[tuple[Any, ...]]:
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return rows


def export(kind: str, world: World, contact: bool = True) -> bytes:
    model = {"deputies": Deputy, "stations": Station, "departments": Department}[kind]
    content, _count = excel.export_workbook(
        kind, world["admin"], model.objects.all(), include_contact=contact
    )
    return content


@pytest.fixture
def rich(world: World) -> World:
    """The world, with every column of every kind filled in somewhere."""
    deputy = world.deputy_a
    deputy.gender, deputy.birth_year, deputy.delegation = "m", 1972, "东湖区代表团"
    deputy.occupation, deputy.bio, deputy.email = "医生", "从医三十年。", "li@example.com"
    deputy.save()
    deputy.expertise.add(
        Expertise.objects.create(name="医疗卫生"), Expertise.objects.create(name="养老")
    )
    station = world.station_a
    station.latitude, station.longitude = Decimal("30.512345"), Decimal("114.301234")
    station.opening_hours, station.phone = "周一至周五 9:00-17:00", "027-87654321"
    station.description = "设在社区服务中心二楼。"
    station.save()
    root = f.category("测试城建", "T01")
    world.dept_x.categories.add(root, f.category("测试道路", "T0101", root))
    world.dept_x.short_name, world.dept_x.phone = "市住建局", "027-12345678"
    world.dept_x.save()
    return world


# ---------------------------------------------------------------------------------------
# Roundtrip


def test_roundtrip_of_unchanged_data_changes_nothing(rich: World) -> None:
    for kind in excel.KINDS:
        content = export(kind, rich)
        result = excel.import_workbook(kind, content, scope=None)
        assert result.ok, result.messages
        assert (result.rows, result.created, result.updated, result.unchanged) == (2, 0, 0, 2)
        assert rows_of(export(kind, rich)) == rows_of(content)


def test_changed_fields_and_relations_count_as_updated(rich: World) -> None:
    content = export("stations", rich)
    rich.station_a.opening_hours = "改过"
    rich.station_a.save()
    rich.station_b.deputies.clear()
    stamp = Station.objects.get(pk=rich.station_b.pk).updated_at
    result = excel.import_workbook("stations", content, scope=None)
    assert (result.created, result.updated, result.unchanged) == (0, 2, 0)
    rich.station_a.refresh_from_db()
    assert rich.station_a.opening_hours == "周一至周五 9:00-17:00"
    assert list(rich.station_b.deputies.all()) == [rich.deputy_b]
    assert Station.objects.get(pk=rich.station_b.pk).updated_at > stamp


def test_roundtrip_restores_and_recreates_records(rich: World) -> None:
    files = {kind: export(kind, rich) for kind in excel.KINDS}
    before = {kind: rows_of(content) for kind, content in files.items()}
    deputy = rich.deputy_a
    deputy.occupation, deputy.phone = "改过了", "13700000000"
    deputy.save()
    deputy.expertise.clear()
    rich.deputy_b.delete()  # recreated from the file
    rich.station_a.communities.clear()
    rich.station_a.latitude = None
    rich.station_a.save()
    rich.dept_x.categories.clear()
    rich.dept_y.delete()

    for kind in excel.KINDS:  # deputies first: stations name them
        result = excel.import_workbook(kind, files[kind], scope=None)
        assert result.ok, result.messages

    deputy.refresh_from_db()
    assert deputy.occupation == "医生" and deputy.phone == CANARY_PHONE
    assert sorted(deputy.expertise.values_list("name", flat=True)) == ["养老", "医疗卫生"]
    recreated = Deputy.objects.get(name="王秀英", constituency=rich.district2)
    assert recreated.phone == "13900002222"
    assert list(rich.station_b.deputies.all()) == [recreated]
    assert Department.objects.filter(name="东湖区市场监督管理局").exists()
    for kind in excel.KINDS:
        assert rows_of(export(kind, rich)) == before[kind]


def test_masked_contact_keeps_the_stored_values(rich: World) -> None:
    content = export("deputies", rich, contact=False)
    header, *rows = rows_of(content)
    phone_column, email_column = header.index("手机"), header.index("邮箱")
    assert rows[0][phone_column] == "139****5678"
    assert rows[0][email_column] == "l***@example.com"
    assert CANARY_PHONE not in str(rows)
    result = excel.import_workbook("deputies", content, scope=None)
    assert result.ok, result.messages
    rich.deputy_a.refresh_from_db()
    assert rich.deputy_a.phone == CANARY_PHONE
    assert rich.deputy_a.email == "li@example.com"


def test_new_records_with_all_columns(world: World) -> None:
    content = make_xlsx(
        [c.header for c in excel.COLUMNS["stations"]],
        [
            [
                "新建联络站",
                "代表之家",
                "990101001001",
                "990101001001",
                "青石路8号",
                "30.5",
                114.25,
                "每天",
                "027-1234",
                "简介",
                "李明华",
                "否",
            ]
        ],
    )
    result = excel.import_workbook("stations", content, scope=None)
    assert result.ok, result.messages
    assert (result.created, result.updated, result.unchanged) == (1, 0, 0)
    station = Station.objects.get(name="新建联络站")
    assert (station.kind, station.is_active) == ("home", False)
    assert station.latitude == Decimal("30.500000") and station.longitude == Decimal("114.25")
    assert list(station.communities.all()) == [world.community1]
    assert list(station.deputies.all()) == [world.deputy_a]


def test_numbers_typed_as_numbers_and_blank_rows(world: World) -> None:
    content = make_xlsx(
        ["姓名*", " 层级 ", "届次", "选区代码", "界别", "专业领域"],
        [
            ["赵一", "市", 17.0, 990101000000, "工人", "环保，交通、环保"],
            [None, None, None, None, None, None],
            ["钱二", "县", "第16届", "990101000000", "农民", None],
        ],
    )
    result = excel.import_workbook("deputies", content, scope=None)
    assert result.ok, result.messages
    assert result.rows == 2 and result.created == 2
    zhao = Deputy.objects.get(name="赵一")
    assert (zhao.term, zhao.constituency, zhao.status) == (17, world.district1, "serving")
    assert sorted(zhao.expertise.values_list("name", flat=True)) == ["交通", "环保"]
    assert Deputy.objects.get(name="钱二").term == 16


def test_template_has_headers_example_and_notes(world: World) -> None:
    for kind in excel.KINDS:
        content = excel.template_workbook(kind, world.district1.code)
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        assert workbook.sheetnames == [excel.SHEET_TITLES[kind], "填写说明"]
        header, example = rows_of(content)
        assert list(header) == [c.header for c in excel.COLUMNS[kind]]
        assert len(example) == len(header)
        # The example row itself is valid.
        result = excel.import_workbook(kind, content, scope=None)
        assert result.ok, result.messages


def test_export_never_writes_formulas_and_imports_back_unchanged(world: World) -> None:
    formula = '=HYPERLINK("http://evil.example","x")'
    world.deputy_a.occupation = formula
    world.deputy_a.save()
    content = export("deputies", world)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    cells = [c for row in workbook.worksheets[0].iter_rows() for c in row]
    occupation = next(c for c in cells if str(c.value).endswith('"x")'))
    assert occupation.value == "'" + formula and occupation.data_type == "s"
    result = excel.import_workbook("deputies", content, scope=None)
    assert result.ok and result.unchanged == 2, result.messages
    world.deputy_a.refresh_from_db()
    assert world.deputy_a.occupation == formula


# ---------------------------------------------------------------------------------------
# Row errors: nothing is imported, messages name the row and the column


def test_bad_rows_import_nothing_and_name_row_and_column(world: World) -> None:
    deputies, expertise = Deputy.objects.count(), Expertise.objects.count()
    content = make_xlsx(
        DEPUTY_HEADERS,
        [
            ["张伟", "市", 17, "990101000000", "工人", "13800001111", "新领域"],  # row 2: fine
            ["刘洋", "省级", 17, "990101000000", "工人", "", ""],  # row 3
            ["陈静", "市", 17, "990199000000", "工人", "", ""],  # row 4
            ["赵磊", "市", 40, "990101000000", "士兵", "12345", ""],  # row 5
            ["张伟", "市", 17, "990101000000", "工人", "", ""],  # row 6: repeats row 2
            ["", "市", 17, "9901", "工人", "", ""],  # row 7
        ],
    )
    result = excel.import_workbook("deputies", content, scope=None)
    assert not result.ok
    assert result.messages == [
        "第3行「层级」：“省级”不是有效的层级，应为 全国、省、市、县、乡 之一",
        "第4行「选区代码」：区划代码“990199000000”不存在",
        "第5行「届次」：“40”应在 1 到 30 之间",
        "第5行「界别」：“士兵”不是有效的界别，应为 工人、农民、专业技术人员、企业管理人员、"
        "党政干部、解放军和武警、社区工作者、其他 之一",
        "第5行「手机」：不是有效的手机号码（应为 11 位中国大陆手机号）",
        "第6行「姓名」：与第2行重复（姓名和选区代码相同）",
        "第7行「姓名」：不能为空",
        "第7行「选区代码」：“9901”不是 12 位的区划代码",
    ]
    assert (result.created, result.updated) == (0, 0)
    assert Deputy.objects.count() == deputies
    assert Expertise.objects.count() == expertise


def test_row_numbers_count_blank_rows(world: World) -> None:
    content = make_xlsx(
        ["名称", "类型", "所在区域代码", "地址", "是否开放", "驻站代表"],
        [
            ["甲站", "代表联络站", "990101001001", "路1号", "是", ""],
            [None] * 6,
            [
                "乙站",
                "联络站",
                "990101001001",
                "路2号",
                "也许",
                "无名氏、李明华(990102000000)、王秀英",
            ],
        ],
    )
    result = excel.import_workbook("stations", content, scope=None)
    assert result.messages == [
        "第4行「类型」：“联络站”不是有效的类型，应为 代表之家、代表联络站、代表联络点 之一",
        "第4行「驻站代表」：找不到代表“无名氏”",
        "第4行「驻站代表」：找不到代表“李明华(990102000000)”",
        "第4行「是否开放」：“也许”应为 是 或 否",
    ]
    assert not Station.objects.filter(name="甲站").exists()


def test_deputy_reference_must_be_unambiguous(world: World) -> None:
    f.deputy("李明华", world.district2)
    content = make_xlsx(
        ["名称", "类型", "所在区域代码", "地址", "驻站代表"],
        [["甲站", "代表联络站", "990101001001", "路1号", "李明华"]],
    )
    result = excel.import_workbook("stations", content, scope=None)
    assert result.messages == ["第2行「驻站代表」：有多位代表叫“李明华”，请写成 姓名(选区代码)"]
    content = make_xlsx(
        ["名称", "类型", "所在区域代码", "地址", "驻站代表"],
        [["甲站", "代表联络站", "990101001001", "路1号", "李明华（990101000000）"]],
    )
    assert excel.import_workbook("stations", content, scope=None).ok


def test_department_categories_and_communities_are_checked(world: World) -> None:
    content = make_xlsx(
        ["名称", "类型", "所在区域代码", "承办类别"],
        [["新局", "政府部门", "990101000000", "NOPE"]],
    )
    assert excel.import_workbook("departments", content, scope=None).messages == [
        "第2行「承办类别」：类别代码“NOPE”不存在"
    ]
    content = make_xlsx(
        ["名称", "类型", "所在区域代码", "地址", "服务社区代码"],
        [["甲站", "代表联络站", "990101001001", "路1号", "990101001000"]],
    )
    assert excel.import_workbook("stations", content, scope=None).messages == [
        "第2行「服务社区代码」：示范省示范市东湖区青石街道（990101001000）不是社区或村，不能作为服务社区"
    ]


def test_scope_limits_rows(world: World) -> None:
    content = make_xlsx(
        ["名称", "类型", "所在区域代码", "地址"],
        [
            ["东站", "代表联络站", "990101001001", "路1号"],
            ["西站", "代表联络站", "990102001001", "路2号"],
        ],
    )
    result = excel.import_workbook("stations", content, scope=world.district1)
    assert result.messages == [
        "第3行「所在区域代码」：示范省示范市西山区松林街道松林社区（990102001001）"
        "不在您的管辖范围（东湖区）内"
    ]
    assert not Station.objects.filter(name="东站").exists()


def test_errors_are_capped(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(excel, "MAX_ERRORS", 2)
    content = make_xlsx(DEPUTY_HEADERS, [["甲", "X", 17, "990101000000", "工人"]] * 4)
    result = excel.import_workbook("deputies", content, scope=None)
    assert len(result.errors) == 3
    assert result.messages[-1] == "另有 2 处错误未列出，请先改正以上错误"


# ---------------------------------------------------------------------------------------
# Refused files


@pytest.mark.parametrize(
    "data",
    [
        b"name,level\n",
        b"PK\x03\x04 truncated",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old .xls file",
    ],
    ids=["csv", "broken-zip", "xls"],
)
def test_non_xlsx_bytes_are_refused(world: World, data: bytes) -> None:
    result = excel.import_workbook("deputies", data, scope=None)
    assert result.messages == [NOT_XLSX]


def test_zip_that_is_not_a_workbook_is_refused(world: World) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert excel.import_workbook("stations", buffer.getvalue(), scope=None).messages == [NOT_XLSX]


def test_zip_bomb_is_refused(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_UNZIPPED_BYTES", 1000)
    content = make_xlsx(DEPUTY_HEADERS, [["甲", "市", 17, "990101000000", "工人"]] * 50)
    assert excel.import_workbook("deputies", content, scope=None).messages == [
        "文件解压后过大，请分成多个文件导入"
    ]


def test_too_large_file_is_refused(world: World, settings: Any) -> None:
    settings.MAX_IMPORT_BYTES = 1024 * 1024
    data = excel.XLSX_MAGIC + b"0" * (1024 * 1024)
    assert excel.import_workbook("deputies", data, scope=None).messages == [
        "文件大小超过 1 MB 的上限，请分成多个文件导入"
    ]


def test_missing_headers_are_named_in_one_message(world: World) -> None:
    content = make_xlsx(["姓名", "手机"], [["甲", "13800001111"]])
    assert excel.import_workbook("deputies", content, scope=None).messages == [
        "缺少必需的列：层级、届次、选区代码、界别"
    ]
    content = make_xlsx(
        ["名称", "名称", "类型", "所在区域代码"], [["甲", "甲", "法院", "990101000000"]]
    )
    assert excel.import_workbook("departments", content, scope=None).messages == [
        "第1行：「名称」列出现了不止一次"
    ]


def test_too_many_rows_are_refused(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(excel, "MAX_ROWS", 3)
    content = make_xlsx(DEPUTY_HEADERS, [["甲", "市", 17, "990101000000", "工人"]] * 4)
    assert excel.import_workbook("deputies", content, scope=None).messages == [
        "数据超过 3 行的上限，请分成多个文件导入"
    ]


def test_header_only_file_is_refused(world: World) -> None:
    content = make_xlsx(DEPUTY_HEADERS, [])
    assert excel.import_workbook("deputies", content, scope=None).messages == [
        "文件中没有数据行（第1行是表头，数据从第2行开始）"
    ]


def test_area_lookup_queries_are_batched(world: World, django_assert_max_num_queries: Any) -> None:
    for index in range(30):
        Area.objects.create(
            name=f"社区{index}", code=f"9901010010{index + 10:02d}", level=5, parent=world.street1
        )
    rows = [[f"站{i}", "代表联络站", f"9901010010{i + 10:02d}", f"路{i}号"] for i in range(30)]
    content = make_xlsx(["名称", "类型", "所在区域代码", "地址"], rows)
    with django_assert_max_num_queries(12):
        result = excel.import_workbook("stations", content, scope=None)
    assert result.ok and result.created == 30


def test_concurrent_insert_of_the_same_name_imports_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if another import created the station between validation and writing.
    monkeypatch.setattr(lookups, "existing_by_name", lambda *args: {})
    content = make_xlsx(
        ["名称", "类型", "所在区域代码", "地址"],
        [
            ["全新站", "代表联络站", "990101001001", "路1号"],
            [world.station_a.name, "代表联络站", "990101001001", "路2号"],
        ],
    )
    result = excel.import_workbook("stations", content, scope=None)
    assert result.messages == ["导入时有其他人同时修改了这些记录，未导入任何数据，请重新上传文件"]
    assert not Station.objects.filter(name="全新站").exists()

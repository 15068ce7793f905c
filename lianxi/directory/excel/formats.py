"""The three file formats of the directory: fixed Chinese labels, columns, example rows."""

from __future__ import annotations

import re
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lianxi.core.choices import CongressLevel
from lianxi.directory.choices import DepartmentKind, DeputyStatus, Gender, Sector, StationKind
from lianxi.lib import sheets
from lianxi.lib.sheets import CellError, Column, choice_column, show, text, yes_no_column
from lianxi.lib.sheets.cells import YES

DEPUTIES, STATIONS, DEPARTMENTS = "deputies", "stations", "departments"
KINDS: tuple[str, ...] = (DEPUTIES, STATIONS, DEPARTMENTS)

# Fixed Chinese labels of the file format (independent of the interface language).
LEVEL_LABELS: dict[str, str] = {
    CongressLevel.NATIONAL: "全国",
    CongressLevel.PROVINCIAL: "省",
    CongressLevel.MUNICIPAL: "市",
    CongressLevel.COUNTY: "县",
    CongressLevel.TOWNSHIP: "乡",
}
GENDER_LABELS: dict[str, str] = {Gender.MALE: "男", Gender.FEMALE: "女"}
SECTOR_LABELS: dict[str, str] = {
    Sector.WORKER: "工人",
    Sector.FARMER: "农民",
    Sector.PROFESSIONAL: "专业技术人员",
    Sector.ENTERPRISE: "企业管理人员",
    Sector.OFFICIAL: "党政干部",
    Sector.MILITARY: "解放军和武警",
    Sector.COMMUNITY: "社区工作者",
    Sector.OTHER: "其他",
}
STATUS_LABELS: dict[str, str] = {
    DeputyStatus.SERVING: "在任",
    DeputyStatus.RESIGNED: "辞职",
    DeputyStatus.RECALLED: "罢免",
}
STATION_KIND_LABELS: dict[str, str] = {
    StationKind.HOME: "代表之家",
    StationKind.STATION: "代表联络站",
    StationKind.POINT: "代表联络点",
}
DEPARTMENT_KIND_LABELS: dict[str, str] = {
    DepartmentKind.GOVERNMENT: "政府部门",
    DepartmentKind.COURT: "法院",
    DepartmentKind.PROCURATORATE: "检察院",
    DepartmentKind.SUPERVISORY: "监察委员会",
    DepartmentKind.STREET_OFFICE: "街道办事处",
    DepartmentKind.ENTERPRISE: "公用企业",
}
# Extra spellings accepted on import (never written).
GENDER_ALIASES = {"男性": Gender.MALE, "女性": Gender.FEMALE}
STATUS_ALIASES = {"已辞职": DeputyStatus.RESIGNED, "已罢免": DeputyStatus.RECALLED}

CODE_RE = re.compile(r"^\d{12}$")
TERM_RE = re.compile(r"^第?\s*(\d+)\s*届?$")
KEEP: Any = object()  # a masked phone or email: the stored value stays


def area_code(value: str) -> str:
    if not CODE_RE.match(value):
        raise CellError(f"“{show(value)}”不是 12 位的区划代码")
    return value


def masked(parse: sheets.Parser) -> sheets.Parser:
    """A contact cell: a masked value (with *) keeps the stored one."""
    return lambda value: KEEP if "*" in value else parse(value)


def expertise_item(value: str) -> str:
    if len(value) > 40:
        raise CellError(f"“{show(value)}”超过 40 个字的上限")
    return value


# Columns that stations and departments share.
AREA = Column("所在区域代码", True, 16, key="area", parse=area_code, note=_("12-digit area code."))
OFFICE_PHONE = Column("办公电话", False, 16, key="phone", parse=sheets.phone())
NAME_NOTES = {
    STATIONS: _("Existing stations are matched by name."),
    DEPARTMENTS: _("Existing departments are matched by name."),
}


def _named(kind: str) -> Column:
    return Column("名称", True, 26, key="name", parse=text(80), note=NAME_NOTES[kind])


def _codes(header: str, key: str, width: int, note: str | Promise) -> Column:
    return Column(header, False, width, key=key, parse=sheets.listing(), blank=[], note=note)


def _contact(header: str, key: str, width: int, parse: sheets.Parser, note: Promise) -> Column:
    return Column(header, False, width, key=key, parse=masked(parse), note=note)


COLUMNS: dict[str, tuple[Column, ...]] = {
    DEPUTIES: (
        Column(
            "姓名",
            True,
            12,
            key="name",
            parse=text(40),
            note=_("Matched with the constituency code."),
        ),
        choice_column("性别", GENDER_LABELS, key="gender", width=8, accept=GENDER_ALIASES),
        Column(
            "出生年份",
            False,
            10,
            key="birth_year",
            parse=sheets.integer(1920, 2010),
            blank=None,
            note=_("Four digits, e.g. 1972."),
        ),
        choice_column("层级", LEVEL_LABELS, key="level", required=True, width=8),
        Column(
            "届次",
            True,
            8,
            key="term",
            parse=sheets.integer(1, 30, TERM_RE),
            note=_("Number of the congress, e.g. 17."),
        ),
        Column(
            "选区代码", True, 16, key="constituency", parse=area_code, note=_("12-digit area code.")
        ),
        Column("代表团", False, 14, key="delegation", parse=text(60)),
        choice_column("界别", SECTOR_LABELS, key="sector", required=True),
        Column("职业", False, 20, key="occupation", parse=text(100)),
        Column(
            "专业领域",
            False,
            20,
            key="expertise",
            parse=sheets.listing(expertise_item),
            blank=[],
            note=_("Separated by 、; new names are added."),
        ),
        choice_column(
            "状态",
            STATUS_LABELS,
            key="status",
            width=8,
            accept=STATUS_ALIASES,
            blank=DeputyStatus.SERVING,
            note=_("Empty means serving."),
        ),
        Column("简介", False, 30, key="bio", parse=text(2000)),
        _contact("手机", "phone", 16, sheets.mobile(), _("Masked values keep the stored number.")),
        _contact("邮箱", "email", 22, sheets.email(), _("Masked values keep the stored address.")),
    ),
    STATIONS: (
        _named(STATIONS),
        choice_column("类型", STATION_KIND_LABELS, key="kind", required=True, width=12),
        AREA,
        _codes("服务社区代码", "communities", 30, _("Community codes separated by 、.")),
        Column("地址", True, 30, key="address", parse=text(200)),
        Column("纬度", False, 12, key="latitude", parse=sheets.decimal(-90, 90), blank=None),
        Column("经度", False, 12, key="longitude", parse=sheets.decimal(-180, 180), blank=None),
        Column("开放时间", False, 20, key="opening_hours", parse=text(200)),
        OFFICE_PHONE,
        Column("简介", False, 30, key="description", parse=text(2000)),
        _codes(
            "驻站代表",
            "deputies",
            36,
            _("Separated by 、; write name(constituency code), e.g. 李明华(990101000000)."),
        ),
        yes_no_column("是否开放", key="is_active", note=_("Empty means 是.")),
    ),
    DEPARTMENTS: (
        _named(DEPARTMENTS),
        Column("简称", False, 14, key="short_name", parse=text(30)),
        choice_column("类型", DEPARTMENT_KIND_LABELS, key="kind", required=True),
        AREA,
        _codes("承办类别", "categories", 24, _("Category codes separated by 、.")),
        OFFICE_PHONE,
        yes_no_column("是否启用", key="is_active", note=_("Empty means 是.")),
    ),
}
SHEET_TITLES = {DEPUTIES: "代表", STATIONS: "联络站", DEPARTMENTS: "承办单位"}
MATCHED_BY = {DEPUTIES: "姓名和选区代码", STATIONS: "名称", DEPARTMENTS: "名称"}


def example_row(kind: str, area_code: str = "110101000000") -> list[Any]:
    """One illustrative row for the template (to be deleted before importing)."""
    if kind == DEPUTIES:
        return [
            "张三",
            "男",
            1975,
            "市",
            17,
            area_code,
            "东湖区代表团",
            "专业技术人员",
            "医生",
            "医疗卫生、社会保障",
            "在任",
            "",
            "13800000000",
            "zhangsan@example.com",
        ]
    if kind == STATIONS:
        return [
            "示例社区代表联络站",
            "代表联络站",
            area_code,
            "",
            "示例路1号",
            30.5,
            114.3,
            "周一至周五 9:00-17:00",
            "027-12345678",
            "",
            "",
            YES,
        ]
    if kind == DEPARTMENTS:
        return [
            "示例区住房和城乡建设局",
            "区住建局",
            "政府部门",
            area_code,
            "",
            "027-12345678",
            YES,
        ]
    raise ValueError(f"unknown kind {kind!r}")

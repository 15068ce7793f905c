"""Export of deputies, stations and departments, and the import templates."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import models
from django.db.models import Prefetch

from lianxi.directory.excel.formats import (
    COLUMNS,
    DEPARTMENT_KIND_LABELS,
    DEPARTMENTS,
    DEPUTIES,
    GENDER_LABELS,
    LEVEL_LABELS,
    MATCHED_BY,
    SECTOR_LABELS,
    SHEET_TITLES,
    STATION_KIND_LABELS,
    STATIONS,
    STATUS_LABELS,
    example_row,
)
from lianxi.directory.models import Area, Category, Deputy
from lianxi.lib import sheets
from lianxi.lib.masking import mask_phone
from lianxi.lib.sheets.cells import NO, YES


def _mask_email(email: str) -> str:
    if not email:
        return ""
    local, _sep, domain = email.partition("@")
    return (local[:1] + "***@" + domain) if domain else "***"


def _deputy_rows(queryset: models.QuerySet, include_contact: bool) -> Iterator[list[Any]]:
    query = queryset.select_related("constituency").prefetch_related("expertise")
    for d in query:
        yield [
            d.name,
            GENDER_LABELS.get(d.gender, ""),
            d.birth_year,
            LEVEL_LABELS.get(d.level, d.level),
            d.term,
            d.constituency.code,
            d.delegation,
            SECTOR_LABELS.get(d.sector, d.sector),
            d.occupation,
            "、".join(e.name for e in d.expertise.all()),
            STATUS_LABELS.get(d.status, d.status),
            d.bio,
            d.phone if include_contact else mask_phone(d.phone),
            d.email if include_contact else _mask_email(d.email),
        ]


def _station_rows(queryset: models.QuerySet) -> Iterator[list[Any]]:
    query = queryset.select_related("area").prefetch_related(
        Prefetch("communities", queryset=Area.objects.order_by("code")),
        Prefetch("deputies", queryset=Deputy.objects.select_related("constituency")),
    )
    for s in query:
        yield [
            s.name,
            STATION_KIND_LABELS.get(s.kind, s.kind),
            s.area.code,
            "、".join(c.code for c in s.communities.all()),
            s.address,
            float(s.latitude) if s.latitude is not None else None,
            float(s.longitude) if s.longitude is not None else None,
            s.opening_hours,
            s.phone,
            s.description,
            "、".join(f"{d.name}({d.constituency.code})" for d in s.deputies.all()),
            YES if s.is_active else NO,
        ]


def _department_rows(queryset: models.QuerySet) -> Iterator[list[Any]]:
    query = queryset.select_related("area").prefetch_related(
        Prefetch("categories", queryset=Category.objects.order_by("code"))
    )
    for d in query:
        yield [
            d.name,
            d.short_name,
            DEPARTMENT_KIND_LABELS.get(d.kind, d.kind),
            d.area.code,
            "、".join(c.code for c in d.categories.all()),
            d.phone,
            YES if d.is_active else NO,
        ]


def _workbook(kind: str, rows: Iterable[list[Any]], actor: Any) -> tuple[bytes, int]:
    sheet = sheets.columns_sheet(SHEET_TITLES[kind], COLUMNS[kind], rows)
    creator = actor.get_username() if getattr(actor, "is_authenticated", False) else ""
    return sheets.write_workbook([sheet], creator=creator), sheet.written


def export_workbook(
    kind: str, actor: Any, queryset: models.QuerySet, *, include_contact: bool = False
) -> tuple[bytes, int]:
    """The records of `queryset` (already scoped by the caller) and their number; deputies'
    phone and email are masked unless `include_contact`."""
    if kind == DEPUTIES:
        return _workbook(kind, _deputy_rows(queryset, include_contact), actor)
    if kind == STATIONS:
        return _workbook(kind, _station_rows(queryset), actor)
    if kind == DEPARTMENTS:
        return _workbook(kind, _department_rows(queryset), actor)
    raise ValueError(f"unknown kind {kind!r}")


def template_workbook(kind: str, area_code: str = "110101000000") -> bytes:
    """The import template: headers with drop-downs, one example row, and a sheet of notes."""
    return sheets.template_workbook(
        SHEET_TITLES[kind],
        COLUMNS[kind],
        example_row(kind, area_code),
        [
            "第1行是表头，请勿修改；数据从第2行开始，每行一条记录。导入前请删除示例行。",
            f"已有记录按{MATCHED_BY[kind]}匹配并更新，其余新建；文件中没有的列不会改动已有数据。",
            "只要有一行出错，整个文件都不会导入；请按错误提示改正后重新上传。",
        ],
    )

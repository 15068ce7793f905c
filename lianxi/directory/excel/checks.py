"""Checking the rows of a directory file: what the columns' parsers cannot know (areas and
deputies that exist, the importer's jurisdiction, rows that repeat each other)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lianxi.directory.excel import lookups
from lianxi.directory.excel.formats import KEEP
from lianxi.directory.excel.lookups import Areas, DeputyRefs, category_ids, named
from lianxi.directory.excel.saving import Checked, Record
from lianxi.directory.models import Area, Department, Station
from lianxi.lib.sheets import Problems, Row, Table, repeats, show


def _repeats(records: list[Record], what: str, problems: Problems) -> None:
    for record, first in repeats((r, r.key) for r in records):
        problems.add(f"与第{first.number}行重复（{what}相同）", record.number, "name")


def _values(row: Row, *relations: str) -> dict[str, Any]:
    """The row's field values: without relations, and without the masked contact details
    (whose stored values stay)."""
    return {k: v for k, v in row.fields(*relations).items() if v is not KEEP}


def check_deputies(table: Table, scope: Area | None) -> Checked:
    areas = Areas(named(table, "constituency"), scope)
    records: list[Record] = []
    for row in table.rows:
        constituency = areas.one(row, "constituency")
        if row.failed or constituency is None:
            continue
        values = _values(row, "expertise") | {"constituency": constituency}
        relations = {"expertise": row["expertise"]} if row.has("expertise") else {}
        key = (values["name"], constituency.pk)
        records.append(Record(row.number, key, values, relations))
    _repeats(records, "姓名和选区代码", table.problems)
    existing = lookups.existing_deputies([(r.number, r.key) for r in records], table.problems)
    return records, existing


def check_stations(table: Table, scope: Area | None) -> Checked:
    areas = Areas(named(table, "area", "communities"), scope)
    deputies = DeputyRefs(table, scope)

    def relate(row: Row, area: Area | None) -> dict[str, list[Any]]:
        relations: dict[str, list[Any]] = {}
        if row.has("communities"):
            relations["communities"] = areas.communities(row, "communities")
        if row.has("deputies"):
            relations["deputies"] = deputies.resolve(row, "deputies", area)
        return relations

    return _named_records(Station, _place_records(table, areas, relate), scope, table.problems)


def check_departments(table: Table, scope: Area | None) -> Checked:
    areas = Areas(named(table, "area"), scope)
    categories = category_ids(table)

    def relate(row: Row, _area: Area | None) -> dict[str, list[Any]]:
        if not row.has("categories"):
            return {}
        ids: list[Any] = []
        for code in row.get("categories") or []:
            if code in categories:
                ids.append(categories[code])
            else:
                row.fail("categories", f"类别代码“{show(code)}”不存在")
        return {"categories": ids}

    return _named_records(Department, _place_records(table, areas, relate), scope, table.problems)


def _place_records(
    table: Table, areas: Areas, relate: Callable[[Row, Area | None], dict[str, list[Any]]]
) -> list[Record]:
    """The valid rows of a file of stations or departments (each in an area, with relations
    that `relate` resolves)."""
    records: list[Record] = []
    for row in table.rows:
        area = areas.one(row, "area")
        relations = relate(row, area)
        if row.failed or area is None:
            continue
        values = _values(row, *relations) | {"area": area}
        records.append(Record(row.number, values["name"], values, relations))
    return records


def _named_records(
    model: type[Station] | type[Department],
    records: list[Record],
    scope: Area | None,
    problems: Problems,
) -> Checked:
    """Stations and departments are matched by name."""
    _repeats(records, "名称", problems)
    pairs = [(r.number, r.key) for r in records]
    return records, lookups.existing_by_name(model, pairs, scope, problems)

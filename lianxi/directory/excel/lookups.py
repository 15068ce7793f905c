"""What the rows of a directory file name (areas, deputies, categories, stored records),
fetched in a few queries and checked against the importer's jurisdiction."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from lianxi.directory.excel.formats import CODE_RE
from lianxi.directory.models import Area, Category, Department, Deputy, Station
from lianxi.lib.sheets import Problems, Row, Table, show

BATCH = 500
DEPUTY_REF_RE = re.compile(r"^(?P<name>[^()（）]+?)\s*(?:[(（]\s*(?P<code>\d{12})\s*[)）])?$")


def chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def in_scope(scope: Area | None, area: Area) -> bool:
    """Whether `area` lies inside the jurisdiction `scope` (None: everywhere)."""
    return scope is None or scope.contains(area)


def deputy_may_serve(scope: Area | None, constituency: Area, station_area: Area | None) -> bool:
    """Whether someone with jurisdiction `scope` may attach a deputy to a station there:
    the deputy's constituency lies inside the jurisdiction, or encloses the station's area
    (a deputy elected by a whole city may serve at a station in one of its districts)."""
    if scope is None or scope.contains(constituency):
        return True
    return station_area is not None and constituency.contains(station_area)


def named(table: Table, *keys: str) -> list[str]:
    """Every value the rows give in these columns (single values and lists alike)."""
    found: list[str] = []
    for row in table.rows:
        for key in keys:
            value = row.get(key)
            if isinstance(value, list):
                found.extend(value)
            elif value:
                found.append(value)
    return found


class Areas:
    """Areas named in the file, fetched in a few queries, checked against the scope."""

    def __init__(self, codes: Iterable[str], scope: Area | None) -> None:
        wanted = sorted({c for c in codes if CODE_RE.match(c)})
        self.by_code: dict[str, Area] = {}
        for chunk in chunks(wanted):
            self.by_code.update((a.code, a) for a in Area.objects.filter(code__in=chunk))
        self.scope = scope

    def get(self, row: Row, key: str, value: str) -> Area | None:
        if not CODE_RE.match(value):
            row.fail(key, f"“{show(value)}”不是 12 位的区划代码")
            return None
        area = self.by_code.get(value)
        if area is None:
            row.fail(key, f"区划代码“{value}”不存在")
            return None
        if self.scope is not None and not self.scope.contains(area):
            row.fail(key, f"{area.full_name}（{area.code}）不在您的管辖范围（{self.scope.name}）内")
            return None
        return area

    def one(self, row: Row, key: str) -> Area | None:
        """The area of a single-code column whose format has been checked."""
        code = row.get(key)
        return self.get(row, key, code) if code else None

    def communities(self, row: Row, key: str) -> list[int]:
        ids: list[int] = []
        for code in row.get(key) or []:
            community = self.get(row, key, code)
            if community is not None and community.level != 5:
                row.fail(key, f"{community.full_name}（{code}）不是社区或村，不能作为服务社区")
            elif community is not None:
                ids.append(community.pk)
        return ids


class DeputyRefs:
    """Resolves 驻站代表 entries: 姓名(选区代码), or a name that is unambiguous."""

    def __init__(self, table: Table, scope: Area | None) -> None:
        names: set[str] = set()
        for entry in named(table, "deputies"):
            match = DEPUTY_REF_RE.match(entry)
            if match:
                names.add(match.group("name"))
        self.by_name: dict[str, list[Deputy]] = defaultdict(list)
        for chunk in chunks(sorted(names)):
            query = Deputy.objects.filter(name__in=chunk).select_related("constituency")
            for deputy in query:
                self.by_name[deputy.name].append(deputy)
        self.scope = scope

    def resolve(self, row: Row, key: str, station_area: Area | None) -> list[int]:
        ids: list[int] = []
        for entry in row.get(key) or []:
            match = DEPUTY_REF_RE.match(entry)
            if not match:
                row.fail(key, f"“{show(entry)}”格式不对，应写成 姓名(选区代码)")
                continue
            name, code = match.group("name"), match.group("code")
            candidates = [
                d for d in self.by_name.get(name, []) if code is None or d.constituency.code == code
            ]
            if not candidates:
                row.fail(key, f"找不到代表“{show(entry)}”")
            elif len(candidates) > 1:
                hint = "同选区有多位同名代表，请在后台处理" if code else "请写成 姓名(选区代码)"
                row.fail(key, f"有多位代表叫“{name}”，{hint}")
            elif not deputy_may_serve(self.scope, candidates[0].constituency, station_area):
                row.fail(key, f"代表“{show(entry)}”不在您的管辖范围内")
            else:
                ids.append(candidates[0].pk)
        return ids


def category_ids(table: Table) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in chunks(sorted(set(named(table, "categories")))):
        found.update(Category.objects.filter(code__in=chunk).values_list("code", "pk"))
    return found


def existing_by_name(
    model: type[Station] | type[Department],
    rows: list[tuple[int, str]],
    scope: Area | None,
    problems: Problems,
) -> dict[Any, Any]:
    """The stored records of the names of these (row number, name) pairs; one outside the
    scope is a problem of its row."""
    found: dict[str, Any] = {}
    for chunk in chunks(sorted({name for _number, name in rows})):
        found.update(
            (o.name, o) for o in model.objects.filter(name__in=chunk).select_related("area")
        )
    noun = "联络站" if model is Station else "承办单位"
    for number, name in rows:
        obj = found.get(name)
        if obj is not None and not in_scope(scope, obj.area):
            problems.add(f"“{show(name)}”是您管辖范围以外已有的{noun}，不能修改", number, "name")
    return found


def existing_deputies(
    rows: list[tuple[int, tuple[str, int]]], problems: Problems
) -> dict[Any, Deputy]:
    """The stored deputies of the (name, constituency id) keys of these (row number, key)
    pairs; a key that several stored deputies share is a problem of its row."""
    found: dict[Any, list[Deputy]] = defaultdict(list)
    for chunk in chunks(sorted({name for _number, (name, _area) in rows})):
        for deputy in Deputy.objects.filter(name__in=chunk):
            found[(deputy.name, deputy.constituency_id)].append(deputy)
    for number, key in rows:
        if len(found.get(key, [])) > 1:
            problems.add(
                "系统中已有多位同名且同选区的代表，无法确定要更新哪一位，请先在后台处理",
                number,
                "name",
            )
    return {key: deputies[0] for key, deputies in found.items() if len(deputies) == 1}

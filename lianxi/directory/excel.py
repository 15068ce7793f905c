"""Excel (xlsx) export and import of deputies, liaison stations and departments.

The file format is Chinese: column headers, enumeration labels and row error messages are
fixed Chinese strings (the file is exchanged with offices that work in Chinese), whatever the
interface language. Explanatory notes for the how-to page are translatable.

Import is all-or-nothing: every row is parsed and validated first; any error means nothing
is written. Call `import_workbook` through `lianxi.directory.actions.import_directory`, which
checks permission, holds the transaction and writes the audit event.

Conventions of the format:
- Lists inside one cell are separated by 、 (also accepted: ， , ； ;).
- Areas are given by their 12-digit administrative code.
- A deputy attached to a station is written as 姓名(选区代码), e.g. 李明华(990101000000);
  the bracket may be left out when the name alone is unambiguous.
- A masked phone or email (containing *) means "leave the stored value unchanged", so a
  file exported without contact details can be edited and imported again safely.
- A column left out of the file leaves that field unchanged on existing records.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lianxi.core.choices import CongressLevel
from lianxi.directory.choices import DepartmentKind, DeputyStatus, Gender, Sector, StationKind
from lianxi.directory.models import Area, Category, Department, Deputy, Expertise, Station
from lianxi.lib.masking import mask_phone
from lianxi.lib.phones import normalise_mobile

DEPUTIES, STATIONS, DEPARTMENTS = "deputies", "stations", "departments"
KINDS: tuple[str, ...] = (DEPUTIES, STATIONS, DEPARTMENTS)
MAX_ROWS = 20_000
MAX_ERRORS = 500  # listed; further errors are only counted
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024  # refuses zip bombs before openpyxl inflates them
XLSX_MAGIC = b"PK\x03\x04"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BATCH = 500

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
YES, NO = "是", "否"
YES_WORDS = {"是", "开放", "启用", "y", "yes", "true", "1", "√"}
NO_WORDS = {"否", "关闭", "停用", "n", "no", "false", "0", "×"}

LIST_SPLIT_RE = re.compile(r"[、，,；;\r\n]+")
CODE_RE = re.compile(r"^\d{12}$")
TERM_RE = re.compile(r"^第?\s*(\d+)\s*届?$")
INT_RE = re.compile(r"^[+-]?\d+$")
OFFICE_PHONE_RE = re.compile(r"^[0-9+()（）\-\s转/、,，]{3,40}$")
DEPUTY_REF_RE = re.compile(r"^(?P<name>[^()（）]+?)\s*(?:[(（]\s*(?P<code>\d{12})\s*[)）])?$")
INVISIBLE = str.maketrans({"\u00a0": " ", "\u3000": " ", "\u200b": None, "\ufeff": None})


@dataclass(frozen=True)
class Column:
    header: str
    required: bool = False
    width: int = 14
    choices: tuple[str, ...] = ()
    note: str | Promise = ""


COLUMNS: dict[str, tuple[Column, ...]] = {
    DEPUTIES: (
        Column("姓名", True, 12, note=_("Matched with the constituency code.")),
        Column("性别", False, 8, tuple(GENDER_LABELS.values())),
        Column("出生年份", False, 10, note=_("Four digits, e.g. 1972.")),
        Column("层级", True, 8, tuple(LEVEL_LABELS.values())),
        Column("届次", True, 8, note=_("Number of the congress, e.g. 17.")),
        Column("选区代码", True, 16, note=_("12-digit area code.")),
        Column("代表团", False, 14),
        Column("界别", True, 14, tuple(SECTOR_LABELS.values())),
        Column("职业", False, 20),
        Column("专业领域", False, 20, note=_("Separated by 、; new names are added.")),
        Column("状态", False, 8, tuple(STATUS_LABELS.values()), note=_("Empty means serving.")),
        Column("简介", False, 30),
        Column("手机", False, 16, note=_("Masked values keep the stored number.")),
        Column("邮箱", False, 22, note=_("Masked values keep the stored address.")),
    ),
    STATIONS: (
        Column("名称", True, 26, note=_("Existing stations are matched by name.")),
        Column("类型", True, 12, tuple(STATION_KIND_LABELS.values())),
        Column("所在区域代码", True, 16, note=_("12-digit area code.")),
        Column("服务社区代码", False, 30, note=_("Community codes separated by 、.")),
        Column("地址", True, 30),
        Column("纬度", False, 12),
        Column("经度", False, 12),
        Column("开放时间", False, 20),
        Column("办公电话", False, 16),
        Column("简介", False, 30),
        Column(
            "驻站代表",
            False,
            36,
            note=_("Separated by 、; write name(constituency code), e.g. 李明华(990101000000)."),
        ),
        Column("是否开放", False, 10, (YES, NO), note=_("Empty means 是.")),
    ),
    DEPARTMENTS: (
        Column("名称", True, 26, note=_("Existing departments are matched by name.")),
        Column("简称", False, 14),
        Column("类型", True, 14, tuple(DEPARTMENT_KIND_LABELS.values())),
        Column("所在区域代码", True, 16, note=_("12-digit area code.")),
        Column("承办类别", False, 24, note=_("Category codes separated by 、.")),
        Column("办公电话", False, 16),
        Column("是否启用", False, 10, (YES, NO), note=_("Empty means 是.")),
    ),
}
SHEET_TITLES = {DEPUTIES: "代表", STATIONS: "联络站", DEPARTMENTS: "承办单位"}
KIND_NOUNS = {DEPUTIES: "代表", STATIONS: "联络站", DEPARTMENTS: "承办单位"}


# ---------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class RowError:
    """One problem; `row` is the row number as Excel shows it (the header is row 1)."""

    detail: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if self.row is None:
            return self.detail
        if self.column is None:
            return f"第{self.row}行：{self.detail}"
        return f"第{self.row}行「{self.column}」：{self.detail}"


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def messages(self) -> list[str]:
        return [str(error) for error in self.errors]


class _Errors:
    """Collects errors; lists the first MAX_ERRORS and counts the rest."""

    def __init__(self) -> None:
        self.items: list[RowError] = []
        self.hidden = 0

    def add(self, detail: str, row: int | None = None, column: str | None = None) -> None:
        if len(self.items) < MAX_ERRORS:
            self.items.append(RowError(detail, row, column))
        else:
            self.hidden += 1

    def __bool__(self) -> bool:
        return bool(self.items)

    def final(self, kind: str) -> list[RowError]:
        """In row order, and within a row in the order of the columns of the format."""
        position = {column.header: index for index, column in enumerate(COLUMNS[kind])}
        items = sorted(self.items, key=lambda e: (e.row or 0, position.get(e.column or "", -1)))
        if self.hidden:
            items.append(RowError(f"另有 {self.hidden} 处错误未列出，请先改正以上错误"))
        return items


# ---------------------------------------------------------------------------------------
# Cell values


def _text(value: Any) -> str:
    """A cell as clean text: numbers without a trailing .0, booleans as 是/否."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).translate(INVISIBLE).strip()


def _show(value: str, limit: int = 30) -> str:
    return value if len(value) <= limit else value[:limit] + "…"


def _split(value: str) -> list[str]:
    seen: dict[str, None] = {}
    for part in LIST_SPLIT_RE.split(value):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return list(seen)


def _mask_email(email: str) -> str:
    if not email:
        return ""
    local, _sep, domain = email.partition("@")
    return (local[:1] + "***@" + domain) if domain else "***"


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


def _chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# ---------------------------------------------------------------------------------------
# Reading the file


@dataclass
class _Sheet:
    present: set[str]
    rows: list[tuple[int, dict[str, Any]]]


def _normalise_header(value: Any) -> str:
    return _text(value).rstrip("*＊").strip()


def _read(kind: str, data: bytes, errors: _Errors) -> _Sheet | None:
    """Check the file and return its rows, or None after adding a file-level error."""
    limit = settings.MAX_IMPORT_BYTES
    if len(data) > limit:
        errors.add(f"文件大小超过 {limit // (1024 * 1024)} MB 的上限，请分成多个文件导入")
        return None
    not_xlsx = "文件不是有效的 Excel（.xlsx）文件，请用模板填写后另存为 .xlsx 格式"
    if not data.startswith(XLSX_MAGIC):
        errors.add(not_xlsx)
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        errors.add(not_xlsx)
        return None
    if inflated > MAX_UNZIPPED_BYTES:
        errors.add("文件解压后过大，请分成多个文件导入")
        return None
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on malformed files
        errors.add(not_xlsx)
        return None
    try:
        if not workbook.worksheets:
            errors.add(not_xlsx)
            return None
        return _read_rows(kind, workbook.worksheets[0], errors)
    except Exception:  # a damaged sheet part only fails while being read
        errors.add(not_xlsx)
        return None
    finally:
        workbook.close()


def _read_rows(kind: str, worksheet: Any, errors: _Errors) -> _Sheet | None:
    rows = worksheet.iter_rows(min_row=1, values_only=True)
    header_row = next(rows, None) or ()
    known = {column.header for column in COLUMNS[kind]}
    positions: dict[str, int] = {}
    for index, value in enumerate(header_row):
        header = _normalise_header(value)
        if header in known:
            if header in positions:
                errors.add(f"「{header}」列出现了不止一次", 1)
            positions.setdefault(header, index)
    missing = [c.header for c in COLUMNS[kind] if c.required and c.header not in positions]
    if missing:
        errors.add("缺少必需的列：" + "、".join(missing))
    if errors:
        return None
    found: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=2):
        if all(_text(v) == "" for v in values):
            continue
        if len(found) >= MAX_ROWS:
            errors.add(f"数据超过 {MAX_ROWS} 行的上限，请分成多个文件导入")
            return None
        found.append(
            (number, {h: values[i] if i < len(values) else None for h, i in positions.items()})
        )
    if not found:
        errors.add("文件中没有数据行（第1行是表头，数据从第2行开始）")
        return None
    return _Sheet(set(positions), found)


# ---------------------------------------------------------------------------------------
# Parsing one row


class _Cells:
    """One data row: typed getters that record errors naming the row and the column."""

    def __init__(self, number: int, values: dict[str, Any], kind: str, errors: _Errors) -> None:
        self.number = number
        self.values = values
        self.required = {c.header for c in COLUMNS[kind] if c.required}
        self.errors = errors
        self.failed = False

    def has(self, header: str) -> bool:
        return header in self.values

    def fail(self, header: str, detail: str) -> None:
        self.failed = True
        self.errors.add(detail, self.number, header)

    def raw(self, header: str) -> str:
        return _text(self.values.get(header))

    def text(self, header: str, max_length: int) -> str:
        value = self.raw(header)
        if not value and header in self.required:
            self.fail(header, "不能为空")
        elif len(value) > max_length:
            self.fail(header, f"超过 {max_length} 个字的上限")
        return value

    def choice(
        self,
        header: str,
        labels: dict[str, str],
        noun: str,
        aliases: Mapping[str, str] | None = None,
    ) -> str | None:
        value = self.raw(header)
        if not value:
            if header in self.required:
                self.fail(header, "不能为空")
            return None
        lookup = {label: key for key, label in labels.items()} | dict(aliases or {})
        lookup |= {str(key): str(key) for key in labels}  # the stored values work too
        if value in lookup:
            return str(lookup[value])
        self.fail(
            header, f"“{_show(value)}”不是有效的{noun}，应为 {'、'.join(labels.values())} 之一"
        )
        return None

    def integer(
        self, header: str, low: int, high: int, pattern: re.Pattern[str] = INT_RE
    ) -> int | None:
        value = self.raw(header)
        if not value:
            if header in self.required:
                self.fail(header, "不能为空")
            return None
        match = pattern.match(value)
        if not match:
            self.fail(header, f"“{_show(value)}”不是整数")
            return None
        number = int(match.group(1) if match.groups() else match.group(0))
        if not low <= number <= high:
            self.fail(header, f"“{_show(value)}”应在 {low} 到 {high} 之间")
            return None
        return number

    def decimal(self, header: str, low: int, high: int) -> Decimal | None:
        value = self.raw(header)
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            self.fail(header, f"“{_show(value)}”不是数字")
            return None
        if not low <= number <= high:
            self.fail(header, f"“{_show(value)}”应在 {low} 到 {high} 之间")
            return None
        return number.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)

    def boolean(self, header: str) -> bool:
        value = self.raw(header).lower()
        if not value or value in YES_WORDS:
            return True
        if value in NO_WORDS:
            return False
        self.fail(header, f"“{_show(value)}”应为 {YES} 或 {NO}")
        return True

    def mobile(self, header: str) -> str | None:
        """The normalised number, "" to clear it, or None to keep the stored one."""
        value = self.raw(header)
        if not value:
            return ""
        if "*" in value:
            return None
        number = normalise_mobile(value)
        if number is None:
            self.fail(header, "不是有效的手机号码（应为 11 位中国大陆手机号）")
        return number or ""

    def email(self, header: str) -> str | None:
        value = self.raw(header)
        if not value:
            return ""
        if "*" in value:
            return None
        try:
            if len(value) > 254:
                raise ValidationError("too long")
            validate_email(value)
        except ValidationError:
            self.fail(header, "不是有效的邮箱地址")
            return ""
        return value

    def office_phone(self, header: str) -> str:
        value = self.raw(header)
        if value and not OFFICE_PHONE_RE.match(value):
            self.fail(header, f"“{_show(value)}”不是有效的电话号码")
        return value


class _Areas:
    """Areas named in the file, fetched in a few queries, checked against the scope."""

    def __init__(self, codes: Iterable[str], scope: Area | None) -> None:
        wanted = sorted({c for c in codes if CODE_RE.match(c)})
        self.by_code: dict[str, Area] = {}
        for chunk in _chunks(wanted):
            self.by_code.update((a.code, a) for a in Area.objects.filter(code__in=chunk))
        self.scope = scope

    def get(self, cells: _Cells, header: str, value: str) -> Area | None:
        if not CODE_RE.match(value):
            cells.fail(header, f"“{_show(value)}”不是 12 位的区划代码")
            return None
        area = self.by_code.get(value)
        if area is None:
            cells.fail(header, f"区划代码“{value}”不存在")
            return None
        if self.scope is not None and not self.scope.contains(area):
            cells.fail(
                header, f"{area.full_name}（{area.code}）不在您的管辖范围（{self.scope.name}）内"
            )
            return None
        return area

    def one(self, cells: _Cells, header: str) -> Area | None:
        value = cells.raw(header)
        if not value:
            if header in cells.required:
                cells.fail(header, "不能为空")
            return None
        return self.get(cells, header, value)


def _codes_in(sheet: _Sheet, *headers: str) -> list[str]:
    codes: list[str] = []
    for _number, values in sheet.rows:
        for header in headers:
            codes.extend(_split(_text(values.get(header))))
    return codes


@dataclass
class _Record:
    number: int
    key: Any
    values: dict[str, Any]
    relations: dict[str, list[Any]] = field(default_factory=dict)
    keep: set[str] = field(default_factory=set)  # fields whose stored value stays


# Valid records, and the stored objects they match (by key).
_Parsed = tuple[list[_Record], dict[Any, Any]]


def _check_duplicates(records: list[_Record], header: str, what: str, errors: _Errors) -> None:
    first: dict[Any, int] = {}
    for record in records:
        if record.key in first:
            errors.add(f"与第{first[record.key]}行重复（{what}相同）", record.number, header)
        else:
            first[record.key] = record.number


# ---------------------------------------------------------------------------------------
# Writing


@dataclass
class _Written:
    """What a write did: how many objects were created, which matched ones changed."""

    model: type[models.Model]
    created: int = 0
    matched: set[int] = field(default_factory=set)
    changed: set[int] = field(default_factory=set)
    pks: dict[Any, int] = field(default_factory=dict)

    def counts(self) -> tuple[int, int, int]:
        """(created, updated, unchanged) among the rows written."""
        changed = self.changed & self.matched
        return self.created, len(changed), len(self.matched - changed)


def _save(model: type[models.Model], records: list[_Record], existing: dict[Any, Any]) -> _Written:
    """Create new objects; update only the changed fields of matched ones (most rows of a
    re-imported export are unchanged, and one UPDATE per changed row beats `bulk_update`'s
    CASE expressions by far)."""
    now = timezone.now()
    manager = model._default_manager
    written = _Written(model)
    attnames = {f.name: f.attname for f in model._meta.concrete_fields}
    created: list[tuple[Any, Any]] = []
    for record in records:
        obj = existing.get(record.key)
        if obj is None:
            obj = model(**{k: v for k, v in record.values.items() if k not in record.keep})
            created.append((record.key, obj))
            continue
        written.matched.add(obj.pk)
        written.pks[record.key] = obj.pk
        changes: dict[str, Any] = {}
        for name, value in record.values.items():
            if name in record.keep:
                continue
            current = getattr(obj, attnames[name])
            if current != (value.pk if isinstance(value, models.Model) else value):
                changes[name] = value
        if changes:
            manager.filter(pk=obj.pk).update(**changes, updated_at=now)
            written.changed.add(obj.pk)
    manager.bulk_create([obj for _key, obj in created], batch_size=BATCH)
    written.created = len(created)
    written.pks.update((key, obj.pk) for key, obj in created)
    return written


def _sync_relation(
    written: _Written, name: str, records: list[_Record], values: dict[Any, list[int]]
) -> None:
    """Set a many-to-many relation of many objects in a few queries, rewriting only the
    objects whose set of related ids differs."""
    targets = {written.pks[r.key]: values[r.key] for r in records if r.key in values}
    if not targets:
        return
    relation = written.model._meta.get_field(name)
    through = relation.remote_field.through  # type: ignore[union-attr]
    source = relation.m2m_field_name() + "_id"  # type: ignore[union-attr]
    target = relation.m2m_reverse_field_name() + "_id"  # type: ignore[union-attr]
    current: dict[int, set[int]] = defaultdict(set)
    owners = sorted(targets)
    for chunk in _chunks(owners):
        rows = through.objects.filter(**{f"{source}__in": chunk}).values_list(source, target)
        for owner, other in rows:
            current[owner].add(other)
    changed = [owner for owner in owners if current.get(owner, set()) != set(targets[owner])]
    for chunk in _chunks(changed):
        through.objects.filter(**{f"{source}__in": chunk}).delete()
    links = [
        through(**{source: owner, target: other}) for owner in changed for other in targets[owner]
    ]
    through.objects.bulk_create(links, batch_size=1000)
    touched = set(changed) & (written.matched - written.changed)
    for chunk in _chunks(sorted(touched)):
        written.model._default_manager.filter(pk__in=chunk).update(updated_at=timezone.now())
    written.changed.update(changed)


# ---------------------------------------------------------------------------------------
# Deputies


def _import_deputies(sheet: _Sheet, scope: Area | None, errors: _Errors) -> _Parsed:
    areas = _Areas(_codes_in(sheet, "选区代码"), scope)
    records: list[_Record] = []
    for number, values in sheet.rows:
        cells = _Cells(number, values, DEPUTIES, errors)
        name = cells.text("姓名", 40)
        constituency = areas.one(cells, "选区代码")
        data: dict[str, Any] = {
            "level": cells.choice("层级", LEVEL_LABELS, "层级"),
            "term": cells.integer("届次", 1, 30, TERM_RE),
            "sector": cells.choice("界别", SECTOR_LABELS, "界别"),
        }
        relations: dict[str, list[Any]] = {}
        keep: set[str] = set()
        if cells.has("性别"):
            data["gender"] = cells.choice("性别", GENDER_LABELS, "性别", GENDER_ALIASES) or ""
        if cells.has("出生年份"):
            data["birth_year"] = cells.integer("出生年份", 1920, 2010)
        if cells.has("代表团"):
            data["delegation"] = cells.text("代表团", 60)
        if cells.has("职业"):
            data["occupation"] = cells.text("职业", 100)
        if cells.has("状态"):
            status = cells.choice("状态", STATUS_LABELS, "状态", STATUS_ALIASES)
            data["status"] = status or DeputyStatus.SERVING
        if cells.has("简介"):
            data["bio"] = cells.text("简介", 2000)
        for header, name_, getter in (
            ("手机", "phone", cells.mobile),
            ("邮箱", "email", cells.email),
        ):
            if cells.has(header):
                value = getter(header)
                data[name_] = value or ""
                if value is None:
                    keep.add(name_)
        if cells.has("专业领域"):
            fields_ = _split(cells.raw("专业领域"))
            for item in fields_:
                if len(item) > 40:
                    cells.fail("专业领域", f"“{_show(item)}”超过 40 个字的上限")
            relations["expertise"] = fields_
        if cells.failed or constituency is None:
            continue
        data |= {"name": name, "constituency": constituency}
        records.append(_Record(number, (name, constituency.pk), data, relations, keep))
    _check_duplicates(records, "姓名", "姓名和选区代码", errors)
    existing = _existing_deputies(records, errors)
    return records, existing


def _existing_deputies(records: list[_Record], errors: _Errors) -> dict[Any, Deputy]:
    names = sorted({r.values["name"] for r in records})
    found: dict[Any, list[Deputy]] = defaultdict(list)
    for chunk in _chunks(names):
        for deputy in Deputy.objects.filter(name__in=chunk):
            found[(deputy.name, deputy.constituency_id)].append(deputy)
    for record in records:
        if len(found.get(record.key, [])) > 1:
            errors.add(
                "系统中已有多位同名且同选区的代表，无法确定要更新哪一位，请先在后台处理",
                record.number,
                "姓名",
            )
    return {key: deputies[0] for key, deputies in found.items() if len(deputies) == 1}


def _write_deputies(records: list[_Record], existing: dict[Any, Any]) -> tuple[int, int, int]:
    written = _save(Deputy, records, existing)
    with_expertise = [r for r in records if "expertise" in r.relations]
    if with_expertise:
        names = sorted({n for r in with_expertise for n in r.relations["expertise"]})
        Expertise.objects.bulk_create(
            [Expertise(name=n) for n in names], ignore_conflicts=True, batch_size=BATCH
        )
        ids: dict[str, int] = {}
        for chunk in _chunks(names):
            ids.update(Expertise.objects.filter(name__in=chunk).values_list("name", "pk"))
        wanted = {r.key: [ids[n] for n in r.relations["expertise"]] for r in with_expertise}
        _sync_relation(written, "expertise", records, wanted)
    return written.counts()


# ---------------------------------------------------------------------------------------
# Stations


def _import_stations(sheet: _Sheet, scope: Area | None, errors: _Errors) -> _Parsed:
    areas = _Areas(_codes_in(sheet, "所在区域代码", "服务社区代码"), scope)
    deputies = _DeputyRefs(sheet, scope)
    records: list[_Record] = []
    for number, values in sheet.rows:
        cells = _Cells(number, values, STATIONS, errors)
        name = cells.text("名称", 80)
        area = areas.one(cells, "所在区域代码")
        data: dict[str, Any] = {
            "kind": cells.choice("类型", STATION_KIND_LABELS, "类型"),
            "address": cells.text("地址", 200),
        }
        relations: dict[str, list[Any]] = {}
        if cells.has("服务社区代码"):
            communities: list[int] = []
            for code in _split(cells.raw("服务社区代码")):
                community = areas.get(cells, "服务社区代码", code)
                if community is not None and community.level != 5:
                    cells.fail(
                        "服务社区代码",
                        f"{community.full_name}（{code}）不是社区或村，不能作为服务社区",
                    )
                elif community is not None:
                    communities.append(community.pk)
            relations["communities"] = communities
        for header, name_, low, high in (
            ("纬度", "latitude", -90, 90),
            ("经度", "longitude", -180, 180),
        ):
            if cells.has(header):
                data[name_] = cells.decimal(header, low, high)
        if cells.has("开放时间"):
            data["opening_hours"] = cells.text("开放时间", 200)
        if cells.has("办公电话"):
            data["phone"] = cells.office_phone("办公电话")
        if cells.has("简介"):
            data["description"] = cells.text("简介", 2000)
        if cells.has("驻站代表"):
            relations["deputies"] = deputies.resolve(cells, "驻站代表", area)
        if cells.has("是否开放"):
            data["is_active"] = cells.boolean("是否开放")
        if cells.failed or area is None:
            continue
        data |= {"name": name, "area": area}
        records.append(_Record(number, name, data, relations))
    _check_duplicates(records, "名称", "名称", errors)
    existing = _existing_by_name(Station, records, scope, errors)
    return records, existing


class _DeputyRefs:
    """Resolves 驻站代表 entries: 姓名(选区代码), or a name that is unambiguous."""

    def __init__(self, sheet: _Sheet, scope: Area | None) -> None:
        names: set[str] = set()
        for _number, values in sheet.rows:
            for entry in _split(_text(values.get("驻站代表"))):
                match = DEPUTY_REF_RE.match(entry)
                if match:
                    names.add(match.group("name"))
        self.by_name: dict[str, list[Deputy]] = defaultdict(list)
        for chunk in _chunks(sorted(names)):
            query = Deputy.objects.filter(name__in=chunk).select_related("constituency")
            for deputy in query:
                self.by_name[deputy.name].append(deputy)
        self.scope = scope

    def resolve(self, cells: _Cells, header: str, station_area: Area | None) -> list[int]:
        ids: list[int] = []
        for entry in _split(cells.raw(header)):
            match = DEPUTY_REF_RE.match(entry)
            if not match:
                cells.fail(header, f"“{_show(entry)}”格式不对，应写成 姓名(选区代码)")
                continue
            name, code = match.group("name"), match.group("code")
            candidates = [
                d for d in self.by_name.get(name, []) if code is None or d.constituency.code == code
            ]
            if not candidates:
                cells.fail(header, f"找不到代表“{_show(entry)}”")
            elif len(candidates) > 1:
                hint = "同选区有多位同名代表，请在后台处理" if code else "请写成 姓名(选区代码)"
                cells.fail(header, f"有多位代表叫“{name}”，{hint}")
            elif not deputy_may_serve(self.scope, candidates[0].constituency, station_area):
                cells.fail(header, f"代表“{_show(entry)}”不在您的管辖范围内")
            else:
                ids.append(candidates[0].pk)
        return ids


def _existing_by_name(
    model: type[Station] | type[Department],
    records: list[_Record],
    scope: Area | None,
    errors: _Errors,
) -> dict[Any, Any]:
    names = sorted({r.key for r in records})
    found: dict[str, Any] = {}
    for chunk in _chunks(names):
        found.update(
            (o.name, o) for o in model.objects.filter(name__in=chunk).select_related("area")
        )
    noun = "联络站" if model is Station else "承办单位"
    for record in records:
        obj = found.get(record.key)
        if obj is not None and not in_scope(scope, obj.area):
            errors.add(
                f"“{_show(record.key)}”是您管辖范围以外已有的{noun}，不能修改",
                record.number,
                "名称",
            )
    return found


def _write_stations(records: list[_Record], existing: dict[Any, Any]) -> tuple[int, int, int]:
    written = _save(Station, records, existing)
    for relation in ("communities", "deputies"):
        wanted = {r.key: r.relations[relation] for r in records if relation in r.relations}
        _sync_relation(written, relation, records, wanted)
    return written.counts()


# ---------------------------------------------------------------------------------------
# Departments


def _import_departments(sheet: _Sheet, scope: Area | None, errors: _Errors) -> _Parsed:
    areas = _Areas(_codes_in(sheet, "所在区域代码"), scope)
    category_codes = sorted(set(_codes_in(sheet, "承办类别")))
    categories: dict[str, int] = {}
    for chunk in _chunks(category_codes):
        categories.update(Category.objects.filter(code__in=chunk).values_list("code", "pk"))
    records: list[_Record] = []
    for number, values in sheet.rows:
        cells = _Cells(number, values, DEPARTMENTS, errors)
        name = cells.text("名称", 80)
        area = areas.one(cells, "所在区域代码")
        data: dict[str, Any] = {"kind": cells.choice("类型", DEPARTMENT_KIND_LABELS, "类型")}
        relations: dict[str, list[Any]] = {}
        if cells.has("简称"):
            data["short_name"] = cells.text("简称", 30)
        if cells.has("承办类别"):
            ids: list[int] = []
            for code in _split(cells.raw("承办类别")):
                if code in categories:
                    ids.append(categories[code])
                else:
                    cells.fail("承办类别", f"类别代码“{_show(code)}”不存在")
            relations["categories"] = ids
        if cells.has("办公电话"):
            data["phone"] = cells.office_phone("办公电话")
        if cells.has("是否启用"):
            data["is_active"] = cells.boolean("是否启用")
        if cells.failed or area is None:
            continue
        data |= {"name": name, "area": area}
        records.append(_Record(number, name, data, relations))
    _check_duplicates(records, "名称", "名称", errors)
    existing = _existing_by_name(Department, records, scope, errors)
    return records, existing


def _write_departments(records: list[_Record], existing: dict[Any, Any]) -> tuple[int, int, int]:
    written = _save(Department, records, existing)
    wanted = {r.key: r.relations["categories"] for r in records if "categories" in r.relations}
    _sync_relation(written, "categories", records, wanted)
    return written.counts()


_PARSERS = {
    DEPUTIES: _import_deputies,
    STATIONS: _import_stations,
    DEPARTMENTS: _import_departments,
}
_WRITERS = {DEPUTIES: _write_deputies, STATIONS: _write_stations, DEPARTMENTS: _write_departments}


def import_workbook(kind: str, data: bytes, *, scope: Area | None) -> ImportResult:
    """Validate every row; if all are valid, create or update the records in one transaction.

    `scope` is the importer's jurisdiction (None for administrators): rows whose area lies
    outside it are errors. Call through `actions.import_directory`.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    result = ImportResult(kind=kind)
    errors = _Errors()
    sheet = _read(kind, data, errors)
    if sheet is not None:
        result.rows = len(sheet.rows)
        records, existing = _PARSERS[kind](sheet, scope, errors)
        if not errors:
            try:
                with transaction.atomic():
                    counts = _WRITERS[kind](records, existing)
            except IntegrityError:  # someone saved the same name meanwhile
                errors.add("导入时有其他人同时修改了这些记录，未导入任何数据，请重新上传文件")
            else:
                result.created, result.updated, result.unchanged = counts
    result.errors = errors.final(kind)
    return result


# ---------------------------------------------------------------------------------------
# Export


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


def _workbook(kind: str, rows: Iterable[list[Any]], creator: str = "") -> tuple[bytes, int]:
    """Write a sheet with bold headers, drop-downs for the enumerations and text cells that
    Excel can never read as formulas."""
    workbook = openpyxl.Workbook(write_only=True)
    workbook.properties.creator = creator or "lianxi"
    sheet = workbook.create_sheet(SHEET_TITLES[kind])
    columns = COLUMNS[kind]
    sheet.freeze_panes = "A2"
    last_row = MAX_ROWS + 1
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.choices:
            validation = DataValidation(
                type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True
            )
            validation.add(f"{letter}2:{letter}{last_row}")
            sheet.data_validations.append(validation)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFE8E8E8")
    header: list[Any] = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center")
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append(
            [_text_cell(sheet, v) if isinstance(v, str) and v[:1] == "=" else v for v in row]
        )
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


def _text_cell(sheet: Any, value: str) -> WriteOnlyCell:
    """A string openpyxl would otherwise store as a formula ("=..."), kept as text."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def export_deputies(
    actor: Any, queryset: models.QuerySet, *, include_contact: bool
) -> tuple[bytes, int]:
    """Deputies of `queryset` (already scoped by the caller); phone and email masked unless
    `include_contact`. Returns the file and its number of rows."""
    return _workbook(DEPUTIES, _deputy_rows(queryset, include_contact), _creator(actor))


def export_stations(actor: Any, queryset: models.QuerySet) -> tuple[bytes, int]:
    return _workbook(STATIONS, _station_rows(queryset), _creator(actor))


def export_departments(actor: Any, queryset: models.QuerySet) -> tuple[bytes, int]:
    return _workbook(DEPARTMENTS, _department_rows(queryset), _creator(actor))


def export_workbook(
    kind: str, actor: Any, queryset: models.QuerySet, *, include_contact: bool = False
) -> tuple[bytes, int]:
    if kind == DEPUTIES:
        return export_deputies(actor, queryset, include_contact=include_contact)
    if kind == STATIONS:
        return export_stations(actor, queryset)
    if kind == DEPARTMENTS:
        return export_departments(actor, queryset)
    raise ValueError(f"unknown kind {kind!r}")


def _creator(actor: Any) -> str:
    return actor.get_username() if getattr(actor, "is_authenticated", False) else ""


# ---------------------------------------------------------------------------------------
# Template


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


def template_workbook(kind: str, area_code: str = "110101000000") -> bytes:
    """The import template: headers with drop-downs, one example row, and a sheet of notes."""
    content, _count = _workbook(kind, [example_row(kind, area_code)])
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    notes = workbook.create_sheet("填写说明")
    notes.append(["列", "必填", "说明"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS[kind]:
        allowed = ("可选值：" + "、".join(column.choices)) if column.choices else ""
        text = " ".join(part for part in (str(column.note), allowed) if part)
        notes.append([column.header, YES if column.required else "", text])
    notes.append([])
    for line in (
        "第1行是表头，请勿修改；数据从第2行开始，每行一条记录。导入前请删除示例行。",
        f"已有记录按{_match_rule(kind)}匹配并更新，其余新建；文件中没有的列不会改动已有数据。",
        "只要有一行出错，整个文件都不会导入；请按错误提示改正后重新上传。",
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["C"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _match_rule(kind: str) -> str:
    return "姓名和选区代码" if kind == DEPUTIES else "名称"

"""Import of a 12345-hotline work-order export (xlsx, or csv in UTF-8 or GBK/GB18030).

Every row is checked first; any error refuses the whole file (nothing is imported). Rows are
numbered as in the spreadsheet (the header is row 1). Each work order's number is kept in its
case's first event (`data.external_id`), so a file imported twice is refused."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.cases import actions
from lianxi.cases.choices import Channel, Kind
from lianxi.cases.models import CaseEvent
from lianxi.core.actions import action
from lianxi.core.choices import Role
from lianxi.core.errors import InvalidInput, NotAllowed
from lianxi.directory.models import Area
from lianxi.lib.phones import normalise_mobile

MAX_ROWS = 5000
MAX_BYTES = 10 * 1024 * 1024

# Our field → the column header in the file.
PRESETS: dict[str, dict[str, str]] = {
    "12345": {
        "external_id": "工单编号",
        "received_at": "来电时间",
        "kind": "诉求类型",
        "title": "标题",
        "content": "诉求内容",
        "community": "所属区域/社区",
        "contact_name": "联系人",
        "contact_phone": "联系电话",
        "address": "地址",
    }
}
REQUIRED = ("external_id", "kind", "content")
KINDS = {
    "投诉": Kind.COMPLAINT,
    "建议": Kind.SUGGESTION,
    "求助": Kind.HELP,
    "咨询": Kind.INQUIRY,
    "意见": Kind.OPINION,
}


class HotlineImportError(InvalidInput):
    """The file was refused; `errors` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors[:50]), field="file")
        self.errors = errors


@dataclass
class Row:
    number: int
    values: dict[str, str]
    intake: actions.Intake | None = None
    errors: list[str] = field(default_factory=list)


def resolve_mapping(mapping: str | dict[str, str]) -> dict[str, str]:
    """A preset name, a JSON object, or a dict of field → column header."""
    if isinstance(mapping, str):
        if mapping in PRESETS:
            return dict(PRESETS[mapping])
        try:
            mapping = json.loads(mapping)
        except ValueError:
            raise InvalidInput(
                _("The mapping must be a preset name or a JSON object."), field="mapping"
            ) from None
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        raise InvalidInput(_("The mapping must map field names to column names."), field="mapping")
    unknown = set(mapping) - set(PRESETS["12345"])
    if unknown:
        raise InvalidInput(
            _("Unknown fields in the mapping: %(names)s") % {"names": ", ".join(sorted(unknown))},
            field="mapping",
        )
    missing = [f for f in REQUIRED if f not in mapping]
    if missing:
        raise InvalidInput(
            _("The mapping lacks: %(names)s") % {"names": ", ".join(missing)}, field="mapping"
        )
    return mapping


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(_("The file is neither UTF-8 nor GBK text."), field="file")


def read_table(data: bytes, filename: str) -> list[list[str]]:
    """All rows of the first sheet (xlsx) or of the csv, as text."""
    if len(data) > MAX_BYTES:
        raise InvalidInput(_("The file is larger than 10 MB."), field="file")
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception:  # openpyxl raises many kinds for a damaged file
            raise InvalidInput(
                _("The file is not a readable xlsx workbook."), field="file"
            ) from None
        return [
            ["" if v is None else str(v).strip() for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    if filename.lower().endswith(".csv"):
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(_decode(data)))]
    raise InvalidInput(_("Upload an .xlsx or .csv file."), field="file")


def _community(name: str, cache: dict[str, Area | str], scope: Area | None) -> Area | str:
    """The community named `name` (a name or the end of its full name), or an error text."""
    if name not in cache:
        qs = Area.objects.filter(level=5).filter(Q(name=name) | Q(full_name__endswith=name))
        if scope is not None:
            qs = qs.filter(prefix__startswith=scope.prefix)
        found = list(qs[:2])
        if not found:
            cache[name] = _("no such community")
        elif len(found) > 1:
            cache[name] = _("several communities have this name; give the full name")
        else:
            cache[name] = found[0]
    return cache[name]


def _check(rows: list[Row], mapping: dict[str, str], scope: Area | None) -> None:
    seen: dict[str, int] = {}
    places: dict[str, Area | str] = {}

    def err(row: Row, name: str, message: str) -> None:
        row.errors.append(
            _("Row %(row)d, “%(column)s”: %(message)s")
            % {"row": row.number, "column": mapping.get(name, name), "message": message}
        )

    for row in rows:
        v = row.values
        for name in REQUIRED:
            if not v.get(name):
                err(row, name, _("this cell is empty"))
        external = v.get("external_id", "")
        if external and external in seen:
            err(row, "external_id", _("repeats row %(n)d") % {"n": seen[external]})
        seen.setdefault(external, row.number)
        kind = KINDS.get(v.get("kind", ""))
        if v.get("kind") and kind is None:
            err(row, "kind", _("must be one of %(kinds)s") % {"kinds": "、".join(KINDS)})
        content = v.get("content", "")
        title = v.get("title") or content[:30]
        if content and not 10 <= len(content) <= 5000:
            err(row, "content", _("needs 10 to 5,000 characters"))
        if title and not 4 <= len(title) <= 80:
            err(row, "title", _("needs 4 to 80 characters"))
        phone = v.get("contact_phone", "")
        if phone and normalise_mobile(phone) is None:
            err(row, "contact_phone", _("is not an 11-digit mainland mobile number"))
        community = None
        if v.get("community"):
            found = _community(v["community"], places, scope)
            if isinstance(found, str):
                err(row, "community", found)
            else:
                community = found
        if not row.errors and kind is not None:
            row.intake = actions.Intake(
                kind=kind,
                title=title,
                content=content,
                channel=Channel.HOTLINE,
                community=community,
                address=v.get("address", "")[:300],
                contact_name=v.get("contact_name", ""),
                contact_phone=phone,
            )
    already = set(
        CaseEvent.objects.filter(
            step="submitted",
            case__channel=Channel.HOTLINE,
            data__external_id__in=[e for e in seen if e],
        ).values_list("data__external_id", flat=True)
    )
    for row in rows:
        if row.values.get("external_id") in already:
            err(row, "external_id", _("was imported before"))


def parse(data: bytes, filename: str, mapping: dict[str, str], scope: Area | None) -> list[Row]:
    table = [r for r in read_table(data, filename) if any(r)]
    if not table:
        raise InvalidInput(_("The file is empty."), field="file")
    header = table[0]
    missing = [col for col in mapping.values() if col not in header]
    if missing:
        raise HotlineImportError([_("Missing columns: %(names)s") % {"names": "、".join(missing)}])
    if len(table) - 1 > MAX_ROWS:
        raise InvalidInput(_("At most 5,000 rows at a time."), field="file")
    index = {name: header.index(col) for name, col in mapping.items()}
    rows = [
        Row(
            number=n,
            values={name: (cells[i] if i < len(cells) else "") for name, i in index.items()},
        )
        for n, cells in enumerate(table[1:], start=2)
    ]
    _check(rows, mapping, scope)
    return rows


@action("cases.import_hotline")
def import_hotline(
    actor: Any, *, data: bytes, filename: str, mapping: str | dict[str, str]
) -> list[str]:
    """Import every row or none; return the new tracking numbers in file order."""
    if not (
        getattr(actor, "is_authenticated", False)
        and actor.is_active
        and actor.role in {Role.ADMIN, Role.COMMITTEE}
    ):
        raise NotAllowed(_("Only committee staff and administrators can import work orders."))
    scope = actor.jurisdiction if actor.role == Role.COMMITTEE else None
    if actor.role == Role.COMMITTEE and scope is None:
        raise NotAllowed(_("Only committee staff and administrators can import work orders."))
    fields = resolve_mapping(mapping)
    rows = parse(data, filename, fields, scope)
    errors = [e for row in rows for e in row.errors]
    if errors:
        raise HotlineImportError(errors)
    numbers = []
    for row in rows:
        assert row.intake is not None
        try:
            submitted = actions.submit_case(actor, data=row.intake)
        except InvalidInput as exc:
            column = fields.get(exc.field or "", exc.field or "")
            raise HotlineImportError(
                [
                    _("Row %(row)d, “%(column)s”: %(message)s")
                    % {"row": row.number, "column": column, "message": exc.message}
                ]
            ) from None
        event = submitted.case.events.get(step="submitted")
        event.data = {
            **event.data,
            "external_id": row.values["external_id"],
            "received_at": row.values.get("received_at", ""),
        }
        event.save(update_fields=["data"])
        numbers.append(submitted.case.tracking_number)
    log(actor, "cases.import_hotline", None, {"file": filename[:100], "rows": len(numbers)})
    return numbers

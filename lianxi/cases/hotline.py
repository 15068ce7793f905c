"""Import of a 12345-hotline work-order export (xlsx, or csv in UTF-8 or GBK/GB18030).

Every row is checked first; any error refuses the whole file (nothing is imported). Rows are
numbered as in the spreadsheet (the header is row 1). Each work order's number is kept in its
case's first event (`data.external_id`), so a file imported twice is refused. Reading the file
and the all-or-nothing import are `lianxi.lib.sheets`'s; the messages are this import's own,
in the interface language."""

from __future__ import annotations

import json
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
from lianxi.lib.sheets import (
    CellError,
    Column,
    Counts,
    Row,
    RowError,
    RowInvalid,
    SheetFormat,
    Table,
    import_table,
    repeats,
)
from lianxi.lib.sheets.columns import Parser

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


def _kind(value: str) -> str:
    if value not in KINDS:
        raise CellError(_("must be one of %(kinds)s") % {"kinds": "、".join(KINDS)})
    return KINDS[value]


def _content(value: str) -> str:
    if not 10 <= len(value) <= 5000:
        raise CellError(_("needs 10 to 5,000 characters"))
    return value


def _title(value: str) -> str:
    if not 4 <= len(value) <= 80:
        raise CellError(_("needs 4 to 80 characters"))
    return value


def _phone(value: str) -> str:
    if normalise_mobile(value) is None:
        raise CellError(_("is not an 11-digit mainland mobile number"))
    return value


PARSERS: dict[str, Parser] = {
    "kind": _kind,
    "content": _content,
    "title": _title,
    "contact_phone": _phone,
}


def sheet_format(mapping: dict[str, str]) -> SheetFormat:
    """Every mapped column must be in the file; the required fields' cells must be filled.
    Problems of the file are worded as this import always has (in the interface language)."""
    columns = tuple(
        Column(
            header,
            key=name,
            required=name in REQUIRED,
            header_required=True,
            parse=PARSERS.get(name),
        )
        for name, header in mapping.items()
    )
    wording = {
        "too_large": _("The file is larger than 10 MB."),
        "not_xlsx": _("The file is not a readable xlsx workbook."),
        "wrong_type": _("Upload an .xlsx or .csv file."),
        "not_text": _("The file is neither UTF-8 nor GBK text."),
        "empty": _("The file is empty."),
        "missing_columns": _("Missing columns: %(names)s"),
        "too_many_rows": _("At most 5,000 rows at a time."),
        "blank": _("this cell is empty"),
    }
    return SheetFormat(
        columns,
        max_rows=MAX_ROWS,
        max_bytes=MAX_BYTES,
        csv=True,
        allow_empty=True,
        messages=wording,
    )


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


def check(table: Table, scope: Area | None) -> list[tuple[Row, actions.Intake]]:
    """Each row's intake; problems across rows (a work order given twice, or imported
    before) and places that do not exist are added to the rows."""
    places: dict[str, Area | str] = {}
    given = [(row, e) for row in table.rows if (e := row.get("external_id"))]
    for row, first in repeats(given):
        row.fail("external_id", _("repeats row %(n)d") % {"n": first.number})
    checked: list[tuple[Row, actions.Intake]] = []
    for row in table.rows:
        community = None
        if row.get("community"):
            found = _community(row["community"], places, scope)
            if isinstance(found, str):
                row.fail("community", found)
            else:
                community = found
        if row.failed:
            continue
        content = row["content"]
        intake = actions.Intake(
            kind=row["kind"],
            title=row.get("title") or content[:30],
            content=content,
            channel=Channel.HOTLINE,
            community=community,
            address=row.get("address", "")[:300],
            contact_name=row.get("contact_name", ""),
            contact_phone=row.get("contact_phone", ""),
        )
        checked.append((row, intake))
    already = set(
        CaseEvent.objects.filter(
            step="submitted",
            case__channel=Channel.HOTLINE,
            data__external_id__in=[e for _row, e in given],
        ).values_list("data__external_id", flat=True)
    )
    for row in table.rows:
        if row.get("external_id") in already:
            row.fail("external_id", _("was imported before"))
    return checked


def _message(error: RowError) -> str:
    if error.row is None or error.column is None:
        return str(error)
    return _("Row %(row)d, “%(column)s”: %(message)s") % {
        "row": error.row,
        "column": error.column,
        "message": error.detail,
    }


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
    numbers: list[str] = []

    def save(checked: list[tuple[Row, actions.Intake]]) -> Counts:
        for row, intake in checked:
            try:
                submitted = actions.submit_case(actor, data=intake)
            except InvalidInput as exc:
                raise RowInvalid(exc.message, row=row.number, column=exc.field) from None
            event = submitted.case.events.get(step="submitted")
            event.data = {
                **event.data,
                "external_id": row["external_id"],
                "received_at": row.get("received_at", ""),
            }
            event.save(update_fields=["data"])
            numbers.append(submitted.case.tracking_number)
        return Counts(created=len(numbers))

    result = import_table(
        data, sheet_format(fields), lambda table: check(table, scope), save, filename=filename
    )
    if not result.ok:
        raise HotlineImportError([_message(error) for error in result.errors])
    log(actor, "cases.import_hotline", None, {"file": filename[:100], "rows": len(numbers)})
    return numbers

"""Files sent with a case: checked by content (lianxi.lib.files), stored under a
server-generated name, served only through the access-checked download view."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.cases.actions import query_code_hash
from lianxi.cases.models import Attachment, Case
from lianxi.cases.policies import can_see
from lianxi.core.actions import action
from lianxi.core.errors import InvalidInput, NotAllowed
from lianxi.lib.files import MAX_BYTES, CheckedFile, FileRejected, check_bytes, safe_display_name

MAX_FILES = 5
FIELD = "attachments"


@dataclass
class Checked:
    name: str
    data: bytes
    info: CheckedFile


def check_files(files: Sequence[Any], *, already: int = 0) -> list[Checked]:
    """Validate count, size and type of every file before anything is written.
    Raises InvalidInput(field="attachments") naming the first bad file."""
    if already + len(files) > MAX_FILES:
        raise InvalidInput(_("Attach at most %(n)d files.") % {"n": MAX_FILES}, field=FIELD)
    checked: list[Checked] = []
    for upload in files:
        name = str(getattr(upload, "name", "") or "")
        size = getattr(upload, "size", None)
        if size is not None and size > MAX_BYTES:  # refuse before reading it
            raise InvalidInput(
                _("%(name)s is larger than %(mb)d MB.")
                % {"name": name[:60], "mb": MAX_BYTES // 2**20},
                field=FIELD,
            )
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(MAX_BYTES + 1)
        try:
            info = check_bytes(name, data)
        except FileRejected as exc:
            raise InvalidInput(exc.message, field=FIELD) from None
        checked.append(Checked(safe_display_name(name), data, info))
    return checked


def _may_attach(actor: Any, case: Case, query_code: str) -> bool:
    if query_code and secrets.compare_digest(
        case.query_code_hash, query_code_hash(case.tracking_number, query_code)
    ):
        return True  # whoever just filed the case holds its query code
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if case.citizen_id == actor.pk or case.created_by_id == actor.pk:
        return True
    return actor.role != "citizen" and can_see(actor, case)


@action("cases.attach")
def attach_files(
    actor: Any, *, case: Case, files: Sequence[Any], query_code: str = ""
) -> list[Attachment]:
    """Attach up to 5 files (images or PDF, 10 MB each) to `case`. Everything is checked
    first; on any refusal nothing is stored. Files are saved under random names."""
    if not _may_attach(actor, case, query_code):
        raise NotAllowed(_("You cannot add files to this case."))
    checked = check_files(files, already=case.attachments.count())
    saved: list[Attachment] = []
    try:
        for item in checked:
            attachment = Attachment(
                case=case,
                original_name=item.name,
                content_type=item.info.content_type,
                size=item.info.size,
                sha256=item.info.sha256,
            )
            stored = secrets.token_hex(16) + item.info.extension
            attachment.file.save(stored, ContentFile(item.data), save=False)
            attachment.save()
            saved.append(attachment)
    except Exception:
        for attachment in saved:  # the transaction rolls back the rows; remove the files
            attachment.file.delete(save=False)
        raise
    if saved:
        log(
            actor,
            "cases.attach",
            case,
            {"count": len(saved), "types": [a.content_type for a in saved]},
        )
    else:
        log(actor, "cases.attach", case, {"count": 0})
    return saved

"""Notices and materials: save, publish (now or scheduled), withdraw, read, confirm, remind,
record downloads. Search is kept in step inside the same transactions."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.committee.actions.common import (
    AudienceSpec,
    aware,
    organising_area,
    require_manage,
    require_staff,
    save_audience,
    tell_deputies,
    text_field,
)
from lianxi.committee.models import (
    Material,
    MaterialDownload,
    Notice,
    NoticeAttachment,
    NoticeRead,
    NoticeReminder,
)
from lianxi.committee.models.notices import MaterialKind, NoticeKind, NoticeStatus
from lianxi.committee.querysets import deputy_of
from lianxi.committee.text import plain, sanitise
from lianxi.core.actions import action
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.core.events import announce
from lianxi.directory.models import Deputy
from lianxi.lib.files import MAX_BYTES, FileRejected, check_bytes, safe_display_name

MAX_FILES = 5
REMIND_AFTER = timedelta(days=2)


@dataclass
class NoticeInput:
    kind: str
    title: str
    body: str
    must_confirm: bool = False
    closes_at: datetime | None = None
    audience: AudienceSpec = field(default_factory=AudienceSpec)


def _checked_files(files: Sequence[Any], already: int = 0) -> list[tuple[str, bytes, Any]]:
    if already + len(files) > MAX_FILES:
        raise InvalidInput(_("Attach at most %(n)d files.") % {"n": MAX_FILES}, field="attachments")
    out = []
    for upload in files:
        name = str(getattr(upload, "name", "") or "")
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(MAX_BYTES + 1)
        try:
            info = check_bytes(name, data)
        except FileRejected as exc:
            raise InvalidInput(exc.message, field="attachments") from None
        out.append((safe_display_name(name), data, info))
    return out


def _validate_notice(data: NoticeInput) -> None:
    if data.kind not in NoticeKind.values:
        raise InvalidInput(_("Choose a kind from the list."), field="kind")
    data.title = text_field(data.title, "title", 4, 120)
    data.body = sanitise(data.body)
    if not plain(data.body):
        raise InvalidInput(_("Write the text of the notice."), field="body")
    if len(data.body) > 100_000:
        raise InvalidInput(_("The text is too long."), field="body")
    aware(data.closes_at, "closes_at")


@action("committee.save_notice")
def save_notice(
    actor: Any,
    *,
    data: NoticeInput,
    notice: Notice | None = None,
    files: Sequence[Any] = (),
) -> Notice:
    """Create a draft notice, or edit one (a published one stays published and re-indexed)."""
    require_staff(actor)
    if notice is not None:
        require_manage(actor, notice)
        if notice.status == NoticeStatus.WITHDRAWN:
            raise IllegalTransition(_("A withdrawn notice cannot be edited."))
    _validate_notice(data)
    checked = _checked_files(files, notice.attachments.count() if notice else 0)
    created = notice is None
    audience = save_audience(actor, data.audience, notice.audience if notice else None)
    if notice is None:
        notice = Notice(area=organising_area(actor), audience=audience, created_by=actor)
    notice.kind, notice.title, notice.body = data.kind, data.title, data.body
    notice.must_confirm, notice.closes_at = data.must_confirm, data.closes_at
    notice.save()
    for name, blob, info in checked:
        item = NoticeAttachment(
            notice=notice,
            original_name=name,
            content_type=info.content_type,
            size=info.size,
            sha256=info.sha256,
        )
        item.file.save(secrets.token_hex(16) + info.extension, ContentFile(blob), save=False)
        item.save()
    log(
        actor,
        "committee.create_notice" if created else "committee.edit_notice",
        notice,
        {"files": len(checked), "must_confirm": notice.must_confirm},
    )
    announce("committee.save_notice", notice, actor, created=created)
    return notice


def _go_live(notice: Notice, now: datetime) -> list[Deputy]:
    """Publish; the deputies to tell (the announcement carries them to the rules)."""
    notice.status, notice.published_at = NoticeStatus.PUBLISHED, now
    notice.save(update_fields=["status", "published_at", "updated_at"])
    return list(notice.audience.deputies_qs().select_related("user"))


@action("committee.publish_notice")
def publish_notice(actor: Any, *, notice: Notice, at: datetime | None = None) -> Notice:
    """Publish now, or at `at` (scheduled; the periodic job publishes it then)."""
    require_manage(actor, notice)
    if notice.status not in {NoticeStatus.DRAFT, NoticeStatus.SCHEDULED}:
        raise IllegalTransition(_("Only a draft or scheduled notice can be published."))
    now = timezone.now()
    aware(at, "publish_at")
    if at is not None and at > now:
        notice.status, notice.publish_at = NoticeStatus.SCHEDULED, at
        notice.save(update_fields=["status", "publish_at", "updated_at"])
        log(actor, "committee.schedule_notice", notice, {"at": at.isoformat()})
        announce("committee.publish_notice", notice, actor, scheduled_at=at)
        return notice
    deputies = _go_live(notice, now)
    log(actor, "committee.publish_notice", notice, {"notified": len(deputies)})
    announce("committee.publish_notice", notice, actor, scheduled_at=None, deputies=deputies)
    return notice


@action("committee.publish_scheduled")
def publish_scheduled(actor: Any, *, notice_id: int) -> bool:
    """The job's step: publish one scheduled notice whose time has come (safe to repeat)."""
    now = timezone.now()
    notice = (
        Notice.objects.select_for_update()
        .filter(pk=notice_id, status=NoticeStatus.SCHEDULED, publish_at__lte=now)
        .first()
    )
    if notice is None:
        log(actor, "committee.publish_scheduled", None, {"notice": notice_id, "skipped": True})
        return False
    deputies = _go_live(notice, now)
    log(actor, "committee.publish_notice", notice, {"notified": len(deputies), "scheduled": True})
    announce("committee.publish_scheduled", notice, actor, deputies=deputies)
    return True


@action("committee.withdraw_notice")
def withdraw_notice(actor: Any, *, notice: Notice) -> Notice:
    require_manage(actor, notice)
    if notice.status == NoticeStatus.WITHDRAWN:
        raise IllegalTransition(_("This notice is already withdrawn."))
    notice.status = NoticeStatus.WITHDRAWN
    notice.save(update_fields=["status", "updated_at"])
    log(actor, "committee.withdraw_notice", notice)
    announce("committee.withdraw_notice", notice, actor)
    return notice


def _own_receipt(actor: Any, notice: Notice) -> tuple[Any, NoticeRead | None]:
    deputy = deputy_of(actor)
    if deputy is None or not Notice.objects.for_deputy(deputy).filter(pk=notice.pk).exists():
        raise NotAllowed(_("This notice is not addressed to you."))
    return deputy, NoticeRead.objects.filter(notice=notice, deputy=deputy).first()


def _first_receipt(notice: Notice, deputy: Any, now: Any) -> tuple[NoticeRead, bool]:
    """The receipt, made now (True); or, when a parallel request made it first (the UNIQUE
    constraint committee_one_read refuses a second), that one (False)."""
    try:
        with transaction.atomic():
            return NoticeRead.objects.create(notice=notice, deputy=deputy, read_at=now), True
    except IntegrityError:
        return NoticeRead.objects.get(notice=notice, deputy=deputy), False


@action("committee.read_notice")
def read_notice(actor: Any, *, notice: Notice) -> NoticeRead:
    """The deputy opened the notice: the first time is the read receipt."""
    deputy, receipt = _own_receipt(actor, notice)
    made = receipt is None
    if receipt is None:
        receipt, made = _first_receipt(notice, deputy, timezone.now())
    if made:
        log(actor, "committee.read_notice", notice, {"deputy": deputy.pk})
        announce("committee.read_notice", receipt, actor, notice=notice)
    else:
        log(actor, "committee.read_notice", notice, {"deputy": deputy.pk, "again": True})
    return receipt


@action("committee.confirm_notice")
def confirm_notice(actor: Any, *, notice: Notice) -> NoticeRead:
    deputy, receipt = _own_receipt(actor, notice)
    now = timezone.now()
    if receipt is None:
        receipt, _made = _first_receipt(notice, deputy, now)
    if receipt.confirmed_at is None:
        NoticeRead.objects.filter(pk=receipt.pk, confirmed_at__isnull=True).update(confirmed_at=now)
        receipt.refresh_from_db(fields=["confirmed_at"])
    log(actor, "committee.confirm_notice", notice, {"deputy": deputy.pk})
    return receipt


@action("committee.remind_readers")
def remind_readers(actor: Any, *, notice_id: int) -> int:
    """Remind, once each, the deputies of a must-read notice who have not confirmed it."""
    notice = Notice.objects.open().filter(pk=notice_id, must_confirm=True).first()
    if notice is None:
        log(actor, "committee.remind_readers", None, {"notice": notice_id, "sent": 0})
        return 0
    confirmed = NoticeRead.objects.filter(notice=notice, confirmed_at__isnull=False).values(
        "deputy_id"
    )
    reminded = NoticeReminder.objects.filter(notice=notice).values("deputy_id")
    due = list(
        notice.audience.deputies_qs()
        .exclude(pk__in=confirmed)
        .exclude(pk__in=reminded)
        .select_related("user")
    )
    NoticeReminder.objects.bulk_create(
        [NoticeReminder(notice=notice, deputy=d) for d in due], ignore_conflicts=True
    )
    sent = tell_deputies("committee.remind_readers", notice, actor, due)
    log(actor, "committee.remind_readers", notice, {"deputies": len(due), "sent": sent})
    return len(due)


# ---------------------------------------------------------------- materials


@dataclass
class MaterialInput:
    kind: str
    title: str
    description: str = ""
    tags: str = ""
    link: str = ""
    audience: AudienceSpec = field(default_factory=AudienceSpec)


@action("committee.add_material")
def add_material(
    actor: Any, *, data: MaterialInput, upload: Any = None, material: Material | None = None
) -> Material:
    """Add (or edit) a file or a link in the library."""
    require_staff(actor)
    if material is not None:
        require_manage(actor, material)
    if data.kind not in MaterialKind.values:
        raise InvalidInput(_("Choose a kind from the list."), field="kind")
    title = text_field(data.title, "title", 2, 120)
    link = (data.link or "").strip()
    if link and not link.lower().startswith(("https://", "http://")):
        raise InvalidInput(_("A link starts with https:// or http://."), field="link")
    checked = _checked_files([upload]) if upload is not None else []
    if not checked and not link and not (material and material.file):
        raise InvalidInput(_("Attach a file or give a link."), field="file")
    tags = " ".join(dict.fromkeys(t.strip("#，,") for t in data.tags.split() if t.strip()))[:200]
    audience = save_audience(actor, data.audience, material.audience if material else None)
    created = material is None
    if material is None:
        material = Material(area=organising_area(actor), audience=audience, created_by=actor)
    material.kind, material.title, material.description = data.kind, title, data.description[:2000]
    material.tags, material.link = tags, link
    for name, blob, info in checked:
        material.original_name, material.content_type = name, info.content_type
        material.size = info.size
        material.file.save(secrets.token_hex(16) + info.extension, ContentFile(blob), save=False)
    material.save()
    log(actor, "committee.add_material" if created else "committee.edit_material", material)
    announce("committee.add_material", material, actor, created=created)
    return material


@action("committee.withdraw_material")
def withdraw_material(actor: Any, *, material: Material) -> Material:
    require_manage(actor, material)
    material.status = NoticeStatus.WITHDRAWN
    material.save(update_fields=["status", "updated_at"])
    log(actor, "committee.withdraw_material", material)
    announce("committee.withdraw_material", material, actor)
    return material


@action("committee.download_material")
def download_material(actor: Any, *, material: Material) -> MaterialDownload:
    """Every download (or link opened) is recorded, for staff and deputies alike."""
    if not Material.objects.visible_to(actor).filter(pk=material.pk).exists():
        raise NotAllowed(_("This material is not available to you."))
    record = MaterialDownload.objects.create(material=material, user=actor)
    log(actor, "committee.download_material", material, {"link": bool(material.link)})
    return record

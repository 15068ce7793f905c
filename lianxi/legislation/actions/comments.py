"""Comments: from the public, citizens and deputies on the page or the API, from contact points
(one opinion collected offline, or a sheet of them), and moderation (hide, merge)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.committee.querysets import deputy_of
from lianxi.core.actions import action
from lianxi.core.choices import Role
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.core.events import announce
from lianxi.legislation.actions.common import locked, require_manage, require_stage
from lianxi.legislation.models import (
    Comment,
    Consultation,
    ContactPoint,
    Provision,
    Source,
    Stage,
    Visibility,
)
from lianxi.legislation.numerals import from_chinese, to_chinese
from lianxi.legislation.policies import runs_contact_point
from lianxi.legislation.report import counts_key
from lianxi.legislation.throttle import count_public_comment
from lianxi.lib.crypto import keyed_hash
from lianxi.lib.sheets import (
    Column,
    Counts,
    Row,
    RowInvalid,
    SheetFormat,
    day,
    import_rows,
    integer,
    text,
)

SPACE_RE = re.compile(r"\s+")


def fingerprint(body: str, *extra: Any) -> str:
    plain = SPACE_RE.sub("", body)
    return hashlib.sha256("|".join([plain, *map(str, extra)]).encode()).hexdigest()


def forget_counts(consultation: Consultation) -> None:
    """The public counts change: now, and again once this transaction commits (a reader
    in between may have cached the old figures)."""
    key = counts_key(consultation.pk)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def anonymous_author(session_key: str) -> str:
    """The key of someone without an account: their session, hashed."""
    return "s" + keyed_hash(session_key, "legislation")[:30]


def source_of(actor: Any, consultation: Consultation) -> tuple[str, Any]:
    """Which audience the actor comments as, and their deputy record; refused when that
    audience is not invited (a deputy of another jurisdiction is not)."""
    signed_in = getattr(actor, "is_authenticated", False) and actor.is_active
    if signed_in and actor.role == Role.DEPUTY:
        deputy = deputy_of(actor)
        if (
            not consultation.for_deputies
            or deputy is None
            or not deputy.constituency.prefix.startswith(consultation.area.prefix)
        ):
            raise NotAllowed(_("This consultation does not invite comments from your deputy role."))
        return Source.DEPUTY, deputy
    if signed_in and actor.role == Role.CITIZEN:
        if not (consultation.for_citizens or consultation.for_public):
            raise NotAllowed(_("This consultation does not invite comments from citizens."))
        return Source.CITIZEN, None
    if signed_in:
        raise NotAllowed(_("Staff accounts cannot comment here; sign in as a citizen."))
    if not consultation.for_public:
        raise NotAllowed(_("Sign in to comment on this draft."))
    return Source.PUBLIC, None


def require_open(consultation: Consultation) -> None:
    today = timezone.localdate()
    if consultation.stage != Stage.OPEN or today > consultation.closes_on:
        raise IllegalTransition(_("This consultation is not open for comment any more."))
    if today < consultation.opens_on:
        raise IllegalTransition(
            _("Comments open on %(day)s.") % {"day": consultation.opens_on.isoformat()}
        )


def provision_of(consultation: Consultation, provision_id: int | None) -> Provision | None:
    """A provision of the consultation's current text (None: the whole draft)."""
    if not provision_id:
        return None
    version = consultation.current
    found = Provision.objects.filter(pk=provision_id, version=version).first()
    if found is None:
        raise InvalidInput(_("Choose an article of this draft."), field="provision")
    return found


def check_body(consultation: Consultation, body: str) -> str:
    body = (body or "").strip()
    if len(body) < 5:
        raise InvalidInput(_("Write at least 5 characters."), field="body")
    if len(body) > consultation.max_length:
        raise InvalidInput(
            _("A comment has at most %(n)d characters; yours has %(len)d.")
            % {"n": consultation.max_length, "len": len(body)},
            field="body",
        )
    return body


@dataclass
class Opinion:
    body: str
    provision_id: int | None = None
    named: bool = False
    signature: str = ""


def _save_once(comment: Comment) -> tuple[Comment, bool]:
    """Save, or find the comment an earlier request with the same key made."""
    if comment.request_key:
        earlier = Comment.objects.filter(
            author_key=comment.author_key, request_key=comment.request_key
        ).first()
        if earlier is not None:
            if (
                earlier.body_hash != comment.body_hash
                or earlier.consultation_id != comment.consultation_id
            ):
                raise InvalidInput(_("This Idempotency-Key was used with a different request."))
            return earlier, False
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:
        earlier = Comment.objects.get(
            author_key=comment.author_key, request_key=comment.request_key
        )
        return earlier, False
    return comment, True


@action("legislation.comment")
def comment(
    actor: Any,
    consultation: Consultation,
    *,
    opinion: Opinion,
    anonymous_key: str = "",
    request_key: str = "",
    address: str = "",
) -> Comment:
    """One comment on the whole draft or one provision. `anonymous_key` identifies a person
    without an account (their session on the web, their address through the API) for the
    duplicate check; `address` (the client's) counts their comments against a limit."""
    consultation = Consultation.objects.select_related("area").get(pk=consultation.pk)
    require_open(consultation)
    source, deputy = source_of(actor, consultation)
    body = check_body(consultation, opinion.body)
    provision = provision_of(consultation, opinion.provision_id)
    signature = (opinion.signature or "").strip()
    if deputy is not None:
        signature = deputy.name
    elif opinion.named and not signature:
        signature = getattr(actor, "display_name", "") or ""
    if len(signature) > 40:
        raise InvalidInput(_("The name has at most 40 characters."), field="signature")
    if opinion.named and not signature:
        raise InvalidInput(_("Give the name to show with your comment."), field="signature")
    if source == Source.PUBLIC:
        if not anonymous_key:
            raise InvalidInput(_("Your browser must accept cookies to comment."))
        author_key = anonymous_author(anonymous_key)
    else:
        author_key = f"u{actor.pk}"
    digest = fingerprint(body, provision.pk if provision else "")
    made = Comment(
        consultation=consultation,
        version=provision.version if provision else consultation.current,
        provision=provision,
        article=provision.article if provision else None,
        source=source,
        author=actor if source != Source.PUBLIC else None,
        author_key=author_key,
        deputy=deputy,
        body=body,
        body_hash=digest,
        named=bool(opinion.named or deputy is not None),
        signature=signature if (opinion.named or deputy is not None) else "",
        request_key=(request_key or "")[:100],
    )
    if (
        not made.request_key
        or not Comment.objects.filter(author_key=author_key, request_key=made.request_key).exists()
    ):
        if Comment.objects.filter(
            consultation=consultation, author_key=author_key, body_hash=digest
        ).exists():
            raise InvalidInput(_("You have already sent this comment."), field="body")
        if source == Source.PUBLIC:
            count_public_comment(address)
    saved, created = _save_once(made)
    forget_counts(consultation)
    if created:
        log(
            actor,
            "legislation.comment",
            saved,
            {"consultation": consultation.pk, "source": source, "length": len(body)},
        )
        announce("legislation.comment", saved, actor)
    else:
        log(actor, "legislation.comment", saved, {"replayed": True})
    return saved


@dataclass
class Offline:
    """An opinion collected at a symposium (座谈会) or a visit."""

    body: str
    provision_id: int | None
    participants: int
    place: str
    held_on: date


def _offline_comment(
    consultation: Consultation, contact_point: ContactPoint, actor: Any, item: Offline
) -> Comment:
    body = check_body(consultation, item.body)
    provision = provision_of(consultation, item.provision_id)
    if not 1 <= item.participants <= 10000:
        raise InvalidInput(_("Give how many people took part (1 to 10,000)."), field="participants")
    place = (item.place or "").strip()
    if not 2 <= len(place) <= 100:
        raise InvalidInput(_("Say where it was collected (2 to 100 characters)."), field="place")
    if item.held_on > timezone.localdate():
        raise InvalidInput(_("The day cannot be in the future."), field="held_on")
    return Comment(
        consultation=consultation,
        version=provision.version if provision else consultation.current,
        provision=provision,
        article=provision.article if provision else None,
        source=Source.CONTACT_POINT,
        author=actor,
        author_key=f"cp{contact_point.pk}",
        contact_point=contact_point,
        body=body,
        body_hash=fingerprint(body, provision.pk if provision else "", place, item.held_on),
        named=True,
        signature=contact_point.name[:40],
        participants=item.participants,
        place=place,
        held_on=item.held_on,
    )


def _contact_point_may_submit(actor: Any, consultation: Consultation, cp: ContactPoint) -> None:
    if not runs_contact_point(actor, cp):
        raise NotAllowed(_("Only the staff of this contact point can submit its opinions."))
    if not consultation.for_contact_points:
        raise NotAllowed(_("This consultation does not invite contact points."))
    if not cp.area.prefix.startswith(consultation.area.prefix):
        raise NotAllowed(_("This contact point is outside the consultation's area."))
    require_open(consultation)


@action("legislation.record_offline")
def record_offline(
    actor: Any, consultation: Consultation, contact_point: ContactPoint, *, item: Offline
) -> Comment:
    consultation = Consultation.objects.select_related("area").get(pk=consultation.pk)
    _contact_point_may_submit(actor, consultation, contact_point)
    made = _offline_comment(consultation, contact_point, actor, item)
    if Comment.objects.filter(
        consultation=consultation, author_key=made.author_key, body_hash=made.body_hash
    ).exists():
        raise InvalidInput(_("This opinion was already entered."), field="body")
    made.save()
    forget_counts(consultation)
    log(actor, "legislation.record_offline", made, {"contact_point": contact_point.pk})
    announce("legislation.record_offline", made, actor)
    return made


def sheet_format() -> SheetFormat:
    return SheetFormat(
        (
            Column("条文", key="article", parse=text(20), aliases=("条款", "针对条文")),
            Column("意见内容", required=True, key="body", parse=text(20000), aliases=("意见",)),
            Column("参与人数", required=True, key="participants", parse=integer(1, 10000)),
            Column("收集地点", required=True, key="place", parse=text(100), aliases=("地点",)),
            Column("日期", required=True, key="held_on", parse=day(), aliases=("座谈日期",)),
        ),
        max_rows=2000,
    )


@action("legislation.import_offline")
def import_offline(
    actor: Any, consultation: Consultation, contact_point: ContactPoint, *, data: bytes
) -> int:
    """A sheet of opinions: every row is checked and nothing is written unless all are fine."""
    consultation = Consultation.objects.select_related("area").get(pk=consultation.pk)
    _contact_point_may_submit(actor, consultation, contact_point)
    version = consultation.current
    by_label = {p.label: p for p in Provision.objects.filter(version=version, kind="article")}
    seen = set(
        Comment.objects.filter(
            consultation=consultation, author_key=f"cp{contact_point.pk}"
        ).values_list("body_hash", flat=True)
    )

    def handle(row: Row) -> Comment | None:
        label = (row.get("article") or "").replace(" ", "")
        provision = None
        if label and label not in {"全文", "总体", "整体"}:
            number = from_chinese(label.removeprefix("第").removesuffix("条"))
            provision = by_label.get(f"第{to_chinese(number)}条") if number else None
            if provision is None:
                raise RowInvalid(_("this draft has no such article."), column="article")
        if row.failed:
            return None
        item = Offline(
            body=row.get("body"),
            provision_id=provision.pk if provision else None,
            participants=row.get("participants"),
            place=row.get("place"),
            held_on=row.get("held_on"),
        )
        try:
            made = _offline_comment(consultation, contact_point, actor, item)
        except InvalidInput as exc:
            raise RowInvalid(exc.message, column=exc.field or "body") from None
        if made.body_hash in seen:
            raise RowInvalid(_("this opinion was already entered."), column="body")
        seen.add(made.body_hash)
        return made

    made: list[Comment] = []

    def save(items: list[Comment]) -> Counts:
        Comment.objects.bulk_create(items)
        made.extend(items)
        return Counts(created=len(items))

    result = import_rows(data, sheet_format(), handle, save)
    forget_counts(consultation)
    if not result.ok:
        raise InvalidInput("\n".join(result.messages[:50]), field="file")
    log(
        actor,
        "legislation.import_offline",
        consultation,
        {"contact_point": contact_point.pk, "rows": result.created},
    )
    announce("legislation.import_offline", consultation, actor, comments=made)
    return result.created


@action("legislation.hide")
def hide(actor: Any, comment_: Comment, *, reason: str) -> Comment:
    """Hide an abusive comment; its text stays in the audit, the author is told why."""
    require_manage(actor, comment_.consultation)
    reason = (reason or "").strip()
    if not 2 <= len(reason) <= 200:
        raise InvalidInput(_("Give a reason of 2 to 200 characters."), field="reason")
    locked(comment_.consultation)
    comment_.refresh_from_db()
    if comment_.visibility != Visibility.SHOWN:
        raise IllegalTransition(_("This comment is not shown any more."))
    comment_.visibility = Visibility.HIDDEN
    comment_.hidden_reason = reason
    comment_.save(update_fields=["visibility", "hidden_reason"])
    forget_counts(comment_.consultation)
    log(actor, "legislation.hide", comment_, {"reason": reason, "text": comment_.body})
    announce("legislation.hide", comment_, actor, reason=reason)
    return comment_


@action("legislation.merge")
def merge(actor: Any, comment_: Comment, *, into: Comment) -> Comment:
    """A duplicate joins another comment: it takes that comment's disposition."""
    require_manage(actor, comment_.consultation)
    if into.consultation_id != comment_.consultation_id or into.pk == comment_.pk:
        raise InvalidInput(_("Choose another comment of this consultation."), field="into")
    locked(comment_.consultation)
    require_stage(comment_.consultation, Stage.OPEN, Stage.CLOSED)
    comment_.refresh_from_db()
    into.refresh_from_db()
    if comment_.visibility != Visibility.SHOWN or into.visibility != Visibility.SHOWN:
        raise IllegalTransition(_("Only comments that are shown can be merged."))
    comment_.visibility = Visibility.MERGED
    comment_.merged_into = into
    Comment.objects.filter(merged_into=comment_).update(merged_into=into)
    comment_.disposition, comment_.reason = into.disposition, into.reason
    comment_.covered_by_id = into.covered_by_id
    comment_.save()
    forget_counts(comment_.consultation)
    log(actor, "legislation.merge", comment_, {"into": into.pk})
    announce("legislation.merge", comment_, actor, comments=[comment_])
    return comment_

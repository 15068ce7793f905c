"""A consultation's life: create it from a draft's text, add versions (二审稿), publish it for
comment, close it, and publish the feedback once every comment has a disposition."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.committee.actions.common import organising_area
from lianxi.core.actions import action
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.core.events import announce
from lianxi.legislation.actions.common import locked, require_manage, require_stage
from lianxi.legislation.drafts import Draft, Node, parse
from lianxi.legislation.models import Consultation, Provision, Stage, Version
from lianxi.legislation.policies import is_legislative_staff


@dataclass
class Details:
    title: str
    explanation: str
    opens_on: date
    closes_on: date
    for_public: bool = True
    for_citizens: bool = True
    for_deputies: bool = True
    for_contact_points: bool = True
    max_length: int = 2000


def _check(details: Details) -> None:
    title = (details.title or "").strip()
    if not 4 <= len(title) <= 120:
        raise InvalidInput(_("The title needs 4 to 120 characters."), field="title")
    if len(details.explanation or "") > 20000:
        raise InvalidInput(_("The explanation has at most 20,000 characters."), field="explanation")
    if details.closes_on < details.opens_on:
        raise InvalidInput(_("The period must end on or after its first day."), field="closes_on")
    if (details.closes_on - details.opens_on).days > 180:
        raise InvalidInput(_("A consultation is open for at most 180 days."), field="closes_on")
    if not (
        details.for_public
        or details.for_citizens
        or details.for_deputies
        or details.for_contact_points
    ):
        raise InvalidInput(_("Choose who may comment."), field="audience")
    if not 50 <= details.max_length <= 20000:
        raise InvalidInput(
            _("The longest comment must be 50 to 20,000 characters."), field="max_length"
        )


def _apply(consultation: Consultation, details: Details) -> None:
    consultation.title = details.title.strip()
    consultation.explanation = (details.explanation or "").strip()
    consultation.opens_on = details.opens_on
    consultation.closes_on = details.closes_on
    consultation.for_public = details.for_public
    consultation.for_citizens = details.for_citizens
    consultation.for_deputies = details.for_deputies
    consultation.for_contact_points = details.for_contact_points
    consultation.max_length = details.max_length


def _store(version: Version, draft: Draft) -> int:
    """Write the provisions in reading order (parents first, so children can point at them)."""
    position = 0
    count = 0

    def write(nodes: list[Node], parent: Provision | None, article: Provision | None) -> None:
        nonlocal position, count
        for node in nodes:
            position += 1
            provision = Provision(
                version=version,
                parent=parent,
                article=article,
                kind=node.kind,
                number=node.number,
                label=node.label,
                text=node.text,
                position=position,
            )
            provision.save()
            if node.kind == "article":
                provision.article = provision
                provision.save(update_fields=["article"])
                count += 1
            write(node.children, provision, provision if node.kind == "article" else article)

    write(draft.nodes, None, None)
    return count


def new_version(consultation: Consultation, label: str, text: str, note: str = "") -> Version:
    draft = parse(text)
    number = (
        consultation.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    label = (label or "").strip() or (_("Draft for comment") if number == 1 else _("Revised draft"))
    if len(label) > 40:
        raise InvalidInput(_("The label has at most 40 characters."), field="label")
    version = Version.objects.create(
        consultation=consultation,
        number=number,
        label=label,
        preamble="\n".join(draft.preamble)[:400],
        note=(note or "")[:400],
    )
    _store(version, draft)
    return version


@action("legislation.create")
def create_consultation(actor: Any, *, details: Details, text: str) -> Consultation:
    if not is_legislative_staff(actor):
        raise NotAllowed(_("Only committee staff can do this."))
    _check(details)
    consultation = Consultation(area=organising_area(actor), created_by=actor)
    _apply(consultation, details)
    consultation.save()
    version = new_version(consultation, "", text)
    log(
        actor,
        "legislation.create",
        consultation,
        {
            "title": consultation.title,
            "articles": version.provisions.filter(kind="article").count(),
        },
    )
    return consultation


@action("legislation.edit")
def edit_consultation(
    actor: Any, consultation: Consultation, *, details: Details, text: str | None = None
) -> Consultation:
    """Change the details; while being prepared, also replace the draft's text."""
    require_manage(actor, consultation)
    consultation = locked(consultation)
    require_stage(consultation, Stage.DRAFT, Stage.OPEN)
    _check(details)
    _apply(consultation, details)
    consultation.save()
    if text is not None and text.strip():
        require_stage(consultation, Stage.DRAFT)
        consultation.versions.all().delete()
        new_version(consultation, "", text)
    log(actor, "legislation.edit", consultation, {"text": text is not None})
    return consultation


@action("legislation.add_version")
def add_version(
    actor: Any, consultation: Consultation, *, label: str, text: str, note: str = ""
) -> Version:
    """A new text of the same draft (二审稿); comments stay with the version they were on."""
    require_manage(actor, consultation)
    consultation = locked(consultation)
    require_stage(consultation, Stage.CLOSED, Stage.REPORTED)
    version = new_version(consultation, label, text, note)
    log(actor, "legislation.add_version", consultation, {"version": version.number})
    return version


@action("legislation.publish")
def publish(actor: Any, consultation: Consultation) -> Consultation:
    require_manage(actor, consultation)
    consultation = locked(consultation)
    require_stage(consultation, Stage.DRAFT)
    if consultation.closes_on < timezone.localdate():
        raise InvalidInput(_("The period has already ended: change its dates."), field="closes_on")
    consultation.stage = Stage.OPEN
    consultation.published_at = timezone.now()
    consultation.save(update_fields=["stage", "published_at", "updated_at"])
    log(actor, "legislation.publish", consultation)
    announce("legislation.publish", consultation, actor)
    return consultation


@action("legislation.close")
def close(actor: Any, consultation: Consultation) -> Consultation:
    require_manage(actor, consultation)
    consultation = locked(consultation)
    require_stage(consultation, Stage.OPEN)
    consultation.stage = Stage.CLOSED
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["stage", "closed_at", "updated_at"])
    log(actor, "legislation.close", consultation)
    return consultation


@action("legislation.close_ended")
def close_ended(actor: Any, consultation: Consultation) -> Consultation | None:
    """The nightly close of a consultation whose period has ended (no one acts: `actor` is
    None); None when it was closed meanwhile or its dates were moved."""
    consultation = locked(consultation)
    if consultation.stage != Stage.OPEN or consultation.closes_on >= timezone.localdate():
        return None
    consultation.stage = Stage.CLOSED
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["stage", "closed_at", "updated_at"])
    waiting = consultation.comments.shown().filter(disposition="").count()
    log(actor, "legislation.close_ended", consultation, {"waiting": waiting})
    announce("legislation.close_ended", consultation, actor, waiting=waiting)
    return consultation


@action("legislation.report")
def publish_feedback(actor: Any, consultation: Consultation, *, summary: str = "") -> Consultation:
    """End the disposition stage: refused while any comment has no disposition."""
    require_manage(actor, consultation)
    consultation = locked(consultation)
    require_stage(consultation, Stage.CLOSED)
    waiting = consultation.comments.shown().filter(disposition="").count()
    if waiting:
        raise IllegalTransition(
            _("%(n)d comments still have no disposition: give each one first.") % {"n": waiting}
        )
    if len(summary or "") > 5000:
        raise InvalidInput(_("The summary has at most 5,000 characters."), field="summary")
    consultation.stage = Stage.REPORTED
    consultation.reported_at = timezone.now()
    consultation.feedback = (summary or "").strip()
    consultation.save(update_fields=["stage", "reported_at", "feedback", "updated_at"])
    log(actor, "legislation.report", consultation, {"comments": consultation.comments.count()})
    announce("legislation.report", consultation, actor)
    return consultation

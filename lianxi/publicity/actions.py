"""Every change of a story, its photos and an annual report (architecture.md rule 1): one
transaction, audited, announced for the notifications."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.cases.choices import Status as CaseStatus
from lianxi.cases.models import Case
from lianxi.committee.actions.common import organising_area
from lianxi.committee.models import Activity
from lianxi.committee.text import plain, sanitise
from lianxi.core.actions import action
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.core.events import announce
from lianxi.directory.models import Deputy
from lianxi.liaison.models import Visit
from lianxi.proposals.models import Proposal
from lianxi.publicity import workflow
from lianxi.publicity.models import AnnualReport, PhotoKind, ReportStatus, Story, StoryPhoto
from lianxi.publicity.photos import process
from lianxi.publicity.policies import can_manage, can_review, is_publicity_staff, reviewers_for

MAX_PHOTOS = 8
MAX_LINKS = 20


@dataclass
class Details:
    title: str
    summary: str
    body: str
    deputy_ids: list[int] = field(default_factory=list)
    case_numbers: list[str] = field(default_factory=list)
    proposal_ids: list[int] = field(default_factory=list)
    visit_ids: list[int] = field(default_factory=list)
    activity_ids: list[int] = field(default_factory=list)


@dataclass
class Links:
    deputies: list[Deputy]
    cases: list[Case]
    proposals: list[Proposal]
    visits: list[Visit]
    activities: list[Activity]


def _check_text(details: Details) -> tuple[str, str, str]:
    title = (details.title or "").strip()
    if not 4 <= len(title) <= 80:
        raise InvalidInput(_("The title needs 4 to 80 characters."), field="title")
    summary = " ".join((details.summary or "").split())
    if not 10 <= len(summary) <= 200:
        raise InvalidInput(_("The summary needs 10 to 200 characters."), field="summary")
    if len(details.body or "") > 30000:
        raise InvalidInput(_("The story has at most 30,000 characters."), field="body")
    body = sanitise(details.body or "")
    if len(plain(body)) < 50:
        raise InvalidInput(_("Tell the story in at least 50 characters."), field="body")
    return title, summary, body


def _rows(qs: Any, ids: list[Any], key: str, field_name: str, message: str) -> list[Any]:
    wanted = list(dict.fromkeys(ids))
    if len(wanted) > MAX_LINKS:
        raise InvalidInput(
            _("Link at most %(n)d items of each kind.") % {"n": MAX_LINKS}, field=field_name
        )
    found = {getattr(row, key): row for row in qs.filter(**{f"{key}__in": wanted})}
    missing = [str(v) for v in wanted if v not in found]
    if missing:
        raise InvalidInput(message % {"items": "、".join(missing[:5])}, field=field_name)
    return [found[v] for v in wanted]


def _links(actor: Any, details: Details) -> Links:
    """What the story tells about, each checked: resolved cases the actor sees, suggestions,
    approved visits and held activities they see, serving deputies."""
    numbers = [n.strip().upper() for n in details.case_numbers if n and n.strip()]
    return Links(
        deputies=_rows(
            Deputy.objects.public(),
            [int(i) for i in details.deputy_ids],
            "pk",
            "deputies",
            _("No serving deputy has the number %(items)s."),
        ),
        cases=_rows(
            Case.objects.visible_to(actor).filter(status=CaseStatus.CLOSED),
            numbers,
            "tracking_number",
            "cases",
            _("These are not resolved cases you can see: %(items)s."),
        ),
        proposals=_rows(
            Proposal.objects.visible_to(actor).exclude(status="draft"),
            [int(i) for i in details.proposal_ids],
            "pk",
            "proposals",
            _("No suggestion you can see has the number %(items)s."),
        ),
        visits=_rows(
            Visit.objects.visible_to(actor).filter(status="approved"),
            [int(i) for i in details.visit_ids],
            "pk",
            "visits",
            _("No approved visit you can see has the number %(items)s."),
        ),
        activities=_rows(
            Activity.objects.visible_to(actor).exclude(status__in=["draft", "cancelled"]),
            [int(i) for i in details.activity_ids],
            "pk",
            "activities",
            _("No activity you can see has the number %(items)s."),
        ),
    )


def _apply(story: Story, links: Links) -> None:
    story.deputies.set(links.deputies)
    story.cases.set(links.cases)
    story.proposals.set(links.proposals)
    story.visits.set(links.visits)
    story.activities.set(links.activities)


def _summary(links: Links) -> dict[str, int]:
    return {
        "deputies": len(links.deputies),
        "cases": len(links.cases),
        "proposals": len(links.proposals),
        "visits": len(links.visits),
        "activities": len(links.activities),
    }


def _locked(story: Story) -> Story:
    return Story.objects.select_for_update().get(pk=story.pk)


def _require_manage(actor: Any, story: Story) -> None:
    if not can_manage(actor, story):
        raise NotAllowed(_("Only committee staff of this jurisdiction can do this."))


def _save_state(story: Story, status: str, **values: Any) -> None:
    """Write a step's new state only if no one else moved the story meanwhile."""
    updated = Story.objects.filter(pk=story.pk, version=story.version).update(
        status=status, version=F("version") + 1, updated_at=timezone.now(), **values
    )
    if updated != 1:
        raise IllegalTransition(
            _("Someone else changed this story just now. Reload and try again.")
        )
    story.refresh_from_db()


@action("publicity.create")
def create_story(actor: Any, *, details: Details) -> Story:
    if not is_publicity_staff(actor):
        raise NotAllowed(_("Only committee staff can do this."))
    title, summary, body = _check_text(details)
    links = _links(actor, details)
    story = Story.objects.create(
        title=title, summary=summary, body=body, area=organising_area(actor), author=actor
    )
    _apply(story, links)
    log(actor, "publicity.create", story, {"title": title, **_summary(links)})
    return story


@action("publicity.edit")
def edit_story(actor: Any, story: Story, *, details: Details) -> Story:
    _require_manage(actor, story)
    story = _locked(story)
    workflow.move(story, "edit")
    title, summary, body = _check_text(details)
    links = _links(actor, details)
    story.title, story.summary, story.body = title, summary, body
    story.version += 1
    story.save(update_fields=["title", "summary", "body", "version", "updated_at"])
    _apply(story, links)
    log(actor, "publicity.edit", story, _summary(links))
    return story


@action("publicity.add_photo")
def add_photo(
    actor: Any, story: Story, *, name: str, data: bytes, kind: str, caption: str = ""
) -> StoryPhoto:
    _require_manage(actor, story)
    story = _locked(story)
    workflow.move(story, "photo")
    if kind not in PhotoKind.values:
        raise InvalidInput(
            _("Choose whether the photo shows before, after or the scene."), field="kind"
        )
    caption = " ".join((caption or "").split())
    if len(caption) > 80:
        raise InvalidInput(_("The caption has at most 80 characters."), field="caption")
    if story.photos.count() >= MAX_PHOTOS:
        raise InvalidInput(
            _("A story has at most %(n)d photos.") % {"n": MAX_PHOTOS}, field="photo"
        )
    picture = process(name, data)
    photo = StoryPhoto(
        story=story,
        kind=kind,
        caption=caption,
        width=picture.width,
        height=picture.height,
        size=len(picture.data),
        sha256=picture.sha256,
        position=story.photos.count(),
    )
    photo.file.save(secrets.token_hex(16) + ".jpg", ContentFile(picture.data), save=False)
    try:
        photo.save()
    except Exception:
        photo.file.delete(save=False)
        raise
    log(actor, "publicity.add_photo", story, {"photo": photo.pk, "kind": kind, "bytes": photo.size})
    return photo


@action("publicity.remove_photo")
def remove_photo(actor: Any, photo: StoryPhoto) -> None:
    story = photo.story
    _require_manage(actor, story)
    story = _locked(story)
    workflow.move(story, "photo")
    name = photo.file.name or ""
    photo_id = photo.pk
    photo.delete()
    log(actor, "publicity.remove_photo", story, {"photo": photo_id})
    # The file goes once the row is gone for good.
    from django.db import transaction

    if name:
        transaction.on_commit(lambda: photo.file.storage.delete(name))


@action("publicity.submit")
def submit_story(actor: Any, story: Story, *, reviewer_id: int) -> Story:
    """Send the story for review to a colleague of its area, who is told."""
    _require_manage(actor, story)
    story = _locked(story)
    target = workflow.move(story, "submit")
    reviewer = reviewers_for(story).filter(pk=reviewer_id).first()
    if reviewer is None or reviewer.pk == actor.pk:
        raise InvalidInput(
            _("Choose a reviewer: another staff member of this jurisdiction."), field="reviewer"
        )
    if not story.photos.exists() and not story.cases.exists():
        raise InvalidInput(
            _("Add a photo or link a resolved case before sending the story for review."),
            field="photo",
        )
    _save_state(story, target, reviewer=reviewer, submitted_at=timezone.now(), return_reason="")
    log(actor, "publicity.submit", story, {"reviewer": reviewer.pk})
    announce("publicity.submit", story, actor)
    return story


@action("publicity.publish")
def publish_story(actor: Any, story: Story) -> Story:
    """The reviewer's approval: the story goes public. Its author cannot approve it."""
    if not can_review(actor, story):
        raise NotAllowed(_("Another staff member of this jurisdiction must review this story."))
    story = _locked(story)
    target = workflow.move(story, "publish")
    _save_state(story, target, published_at=timezone.now(), withdraw_reason="")
    log(actor, "publicity.publish", story, {"author": story.author_id})
    announce("publicity.publish", story, actor)
    return story


def _reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not 4 <= len(reason) <= 500:
        raise InvalidInput(_("Give the reason in 4 to 500 characters."), field="reason")
    return reason


@action("publicity.return")
def return_story(actor: Any, story: Story, *, reason: str) -> Story:
    """The reviewer sends the story back to its author with what to change."""
    if not can_review(actor, story):
        raise NotAllowed(_("Another staff member of this jurisdiction must review this story."))
    story = _locked(story)
    target = workflow.move(story, "return")
    reason = _reason(reason)
    _save_state(story, target, return_reason=reason)
    log(actor, "publicity.return", story, {"reason": reason})
    announce("publicity.return", story, actor, reason=reason)
    return story


@action("publicity.withdraw")
def withdraw_story(actor: Any, story: Story, *, reason: str) -> Story:
    _require_manage(actor, story)
    story = _locked(story)
    target = workflow.move(story, "withdraw")
    reason = _reason(reason)
    _save_state(story, target, withdraw_reason=reason)
    log(actor, "publicity.withdraw", story, {"reason": reason})
    return story


@action("publicity.reopen")
def reopen_story(actor: Any, story: Story) -> Story:
    """A withdrawn story back to draft, to be corrected and reviewed again."""
    _require_manage(actor, story)
    story = _locked(story)
    target = workflow.move(story, "reopen")
    _save_state(story, target, published_at=None, reviewer=None)
    log(actor, "publicity.reopen", story)
    return story


# The annual report of liaison work ---------------------------------------------------------


@dataclass
class ReportText:
    title: str
    foreword: str = ""
    highlights: str = ""
    plans: str = ""


def default_title(area: Any, year: int) -> str:
    return _("%(area)s annual report of deputies' liaison work, %(year)d") % {
        "area": area.name,
        "year": year,
    }


@action("publicity.create_report")
def create_report(actor: Any, *, year: int) -> AnnualReport:
    """A draft report of `year` for the actor's jurisdiction (one per year and area)."""
    if not is_publicity_staff(actor):
        raise NotAllowed(_("Only committee staff can do this."))
    today = timezone.localdate()
    if not 2000 <= year <= today.year:
        raise InvalidInput(_("Choose a year up to this one."), field="year")
    area = organising_area(actor)
    if AnnualReport.objects.filter(year=year, area=area).exists():
        raise InvalidInput(
            _("There is already a report for %(year)d.") % {"year": year}, field="year"
        )
    report = AnnualReport.objects.create(
        year=year, area=area, title=default_title(area, year)[:80], created_by=actor
    )
    log(actor, "publicity.create_report", report, {"year": year})
    return report


def _require_report(actor: Any, report: AnnualReport) -> AnnualReport:
    if not can_manage(actor, report):
        raise NotAllowed(_("Only committee staff of this jurisdiction can do this."))
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.DRAFT:
        raise IllegalTransition(_("A final report cannot be changed."))
    return report


@action("publicity.edit_report")
def edit_report(actor: Any, report: AnnualReport, *, text: ReportText) -> AnnualReport:
    report = _require_report(actor, report)
    title = (text.title or "").strip()
    if not 4 <= len(title) <= 80:
        raise InvalidInput(_("The title needs 4 to 80 characters."), field="title")
    for name, limit in (("foreword", 5000), ("highlights", 10000), ("plans", 5000)):
        if len(getattr(text, name) or "") > limit:
            raise InvalidInput(
                _("This text is too long (at most %(n)d characters).") % {"n": limit}, field=name
            )
    report.title = title
    report.foreword = (text.foreword or "").strip()
    report.highlights = (text.highlights or "").strip()
    report.plans = (text.plans or "").strip()
    report.save()
    log(actor, "publicity.edit_report", report, {"year": report.year})
    return report


@action("publicity.finalise_report")
def finalise_report(actor: Any, report: AnnualReport, *, pdf: bytes, docx: bytes) -> AnnualReport:
    """Freeze the report: its documents (rendered by the caller from the final text) are
    stored and served as they are; the text can no longer change."""
    report = _require_report(actor, report)
    if not report.highlights.strip():
        raise InvalidInput(
            _("Write the main work and results before making the report final."), field="highlights"
        )
    if not pdf.startswith(b"%PDF-") or not docx.startswith(b"PK"):
        raise InvalidInput(_("The documents could not be made."))
    report.status = ReportStatus.FINAL
    report.finalised_at = timezone.now()
    report.finalised_by = actor
    stem = f"{report.year}-{secrets.token_hex(8)}"
    report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    report.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
    report.save()
    log(actor, "publicity.finalise_report", report, {"year": report.year, "pdf_bytes": len(pdf)})
    return report

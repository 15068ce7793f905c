"""Removing a case's personal data while keeping the case for the record: the contact name,
phone and address, the link to the citizen's account, phone and ID numbers and the contact's
name written into any text of the case, and its attached files; and, outside the case, what
was kept because of it: the messages sent about it (recipient address, texts, account link),
its followers, and the citizen's bookings of reception shifts that are over."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from lianxi.cases.choices import Status
from lianxi.cases.models import Attachment, Case, Rating, Referral
from lianxi.lib.masking import EMAIL_RE, IDNO_RE, PHONE_RE
from lianxi.retention.models import AnonymisedCase, DeletionRequest
from lianxi.search import cases as search_cases
from lianxi.topics.models import Follow

FINAL = (Status.CLOSED, Status.DECLINED, Status.MERGED)
REMOVED = "***"
NAME_REMOVED = "某某"


@dataclass
class Counts:
    """Exactly what one run changed."""

    cases: int = 0
    texts: int = 0  # case titles and contents, timeline texts, answers and comments scrubbed
    attachments: int = 0
    messages: int = 0  # outbox rows about the case: recipient, texts and account removed
    follows: int = 0  # the case's followers (their accounts and phones) removed
    bookings: int = 0  # the citizen's bookings of past shifts: name and phone removed
    ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "cases": self.cases,
            "texts": self.texts,
            "attachments": self.attachments,
            "messages": self.messages,
            "follows": self.follows,
            "bookings": self.bookings,
        }

    def add(self, other: Counts) -> None:
        for name in self.as_dict():
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.ids += other.ids


def due(now: datetime) -> QuerySet[Case]:
    """Closed cases past the personal-data retention period, not yet anonymised."""
    cutoff = now - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    done = AnonymisedCase.objects.values("case_id")
    return Case.objects.filter(status__in=FINAL, closed_at__lt=cutoff).exclude(pk__in=done)


def scrub(text: str, names: list[str]) -> str:
    text = EMAIL_RE.sub(REMOVED, IDNO_RE.sub(REMOVED, PHONE_RE.sub(REMOVED, text)))
    for name in names:
        text = text.replace(name, NAME_REMOVED)
    return text


def _scrub_rows(rows: Any, fields: list[str], names: list[str]) -> int:
    changed = 0
    for row in rows:
        values = {f: scrub(getattr(row, f), names) for f in fields}
        if any(values[f] != getattr(row, f) for f in fields):
            type(row).objects.filter(pk=row.pk).update(**values)
            changed += 1
    return changed


def _messages(case: Case, names: list[str]) -> int:
    """The outbox rows about this case (its steps' keys are `<action>:<case id>:…`, its
    kinds `cases.*`) once they are no longer waiting to be sent. Those to the citizen (their
    account, or a phone or address alone) lose the address and the account link; every one
    loses phone and ID numbers and names in its texts. Staff's and account-holding
    followers' messages keep their own account."""
    from lianxi.notifications.models import OutboxMessage, Status

    rows = OutboxMessage.objects.filter(
        kind__startswith="cases.", dedupe_key__regex=rf"^[^:]+:{case.pk}:"
    ).exclude(status__in=[Status.PENDING, Status.SENDING])
    changed = 0
    for row in rows:
        theirs = row.user_id is None or row.user_id == case.citizen_id
        values: dict[str, Any] = {
            "body": scrub(row.body, names),
            "subject": scrub(row.subject, names),
        }
        if theirs:
            values.update(recipient="", user=None)
        if any(getattr(row, k) != v for k, v in values.items()):
            OutboxMessage.objects.filter(pk=row.pk).update(**values)
            changed += 1
    return changed


def _bookings(citizen_id: int | None, now: datetime) -> int:
    """The citizen's bookings of shifts that are over: name and phone removed."""
    from lianxi.liaison.models import Booking

    if citizen_id is None:
        return 0
    past = Booking.objects.filter(citizen_id=citizen_id, shift__ends_at__lt=now)
    return past.update(name=NAME_REMOVED, phone="", citizen=None)


def anonymise(
    cases: QuerySet[Case], now: datetime, reason: str, request: DeletionRequest | None = None
) -> Counts:
    """Anonymise these cases (inside the caller's transaction)."""
    counts = Counts()
    files: list[Any] = []
    for case in cases.order_by("pk"):
        names = [
            n for n in {case.contact_name, getattr(case.citizen, "display_name", "")} if len(n) >= 2
        ]
        counts.messages += _messages(case, names)
        counts.bookings += _bookings(case.citizen_id, now)
        title, content = scrub(case.title, names), scrub(case.content, names)
        counts.texts += (title != case.title) + (content != case.content)
        Case.objects.filter(pk=case.pk).update(
            title=title,
            content=content,
            contact_name="",
            contact_phone="",
            contact_phone_hash="",
            address="",
            citizen=None,
        )
        counts.texts += _scrub_rows(case.events.exclude(text=""), ["text"], names)
        counts.texts += _scrub_rows(
            Rating.objects.filter(case=case).exclude(comment=""), ["comment"], names
        )
        counts.texts += _scrub_rows(
            Referral.objects.filter(case=case), ["answer", "returned_reason"], names
        )
        counts.follows += Follow.objects.filter(case=case).delete()[0]
        attachments = list(Attachment.objects.filter(case=case))
        files += [a.file for a in attachments]
        counts.attachments += len(attachments)
        Attachment.objects.filter(case=case).delete()
        AnonymisedCase.objects.create(case=case, at=now, reason=reason, request=request)
        search_cases.index_case(case)
        counts.cases += 1
        counts.ids.append(case.pk)

    def remove_files() -> None:
        for f in files:
            f.storage.delete(f.name)

    transaction.on_commit(remove_files)
    return counts

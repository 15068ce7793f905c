"""The notification centre in the API: my notifications (unread first), the unread count,
marking read, and my preferences. Everything is the signed-in person's own: another person's
notification answers 404 like a missing one.

Refusals follow lianxi/api/problems.py: 404 missing or not mine, 422 bad input (the field names
the kind and channel, e.g. `cases__sms`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from lianxi.api.bounds import Id
from lianxi.api.examples import example
from lianxi.api.problems import answers
from lianxi.notifications import actions
from lianxi.notifications.models import Family, OutboxMessage
from lianxi.notifications.preferences import Grid, grid

router = Router(tags=["notifications"])
MAX_PAGE_SIZE = 100

FamilyName = Literal[
    "cases",
    "liaison",
    "committee",
    "follows",
    "account",
    "legislation",
    "performance",
    "polls",
]
ChannelName = Literal["sms", "email"]


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="the action that caused it, e.g. cases.accept")
    family: str = Field(description="what it is about (the filter and preference unit)")
    family_label: str
    text: str
    url: str = Field(description="where it leads on this site (a path), or empty")
    created_at: datetime
    read_at: datetime | None
    unread: bool


class NotificationPage(Schema):
    count: int
    unread: int = Field(description="all my unread notifications, whatever the filter")
    page: int
    page_size: int
    items: list[NotificationOut]


class NotificationFilters(Schema):
    family: FamilyName | None = None
    unread: bool = Field(False, description="only unread ones")
    page: int = Field(1, ge=1, le=100000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class UnreadOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int
    unread: int


def _out(m: OutboxMessage) -> dict[str, Any]:
    return {
        "id": m.pk,
        "kind": m.kind,
        "family": m.family,
        "family_label": str(Family(m.family).label) if m.family in Family.values else "",
        "text": m.body,
        "url": m.url,
        "created_at": m.created_at,
        "read_at": m.read_at,
        "unread": m.read_at is None,
    }


def _unread(user: Any) -> int:
    return OutboxMessage.objects.inbox(user).unread().count()


@router.get("/notifications", response=NotificationPage, auth=django_auth)
def list_notifications(request: HttpRequest, filters: Query[NotificationFilters]) -> Any:
    """My notifications, unread first, then newest."""
    qs = OutboxMessage.objects.inbox(request.user).unread_first()
    if filters.family:
        qs = qs.filter(family=filters.family)
    if filters.unread:
        qs = qs.unread()
    paginator = Paginator(qs, filters.page_size)
    page = paginator.get_page(filters.page)
    return {
        "count": paginator.count,
        "unread": _unread(request.user),
        "page": page.number,
        "page_size": filters.page_size,
        "items": [_out(m) for m in page.object_list],
    }


@router.get("/notifications/unread-count", response=UnreadOut, auth=django_auth)
def unread_count(request: HttpRequest) -> Any:
    """The number the bell shows."""
    return {"unread": _unread(request.user)}


@router.post(
    "/notifications/{int:notification_id}/read",
    response=answers(NotificationOut, 404),
    auth=django_auth,
)
def mark_read(request: HttpRequest, notification_id: Id) -> Any:
    found = OutboxMessage.objects.inbox(request.user).filter(pk=notification_id).first()
    if found is None:
        raise Http404
    actions.mark_read(request.user, message=found)
    found.refresh_from_db(fields=["read_at"])
    return Status(200, _out(found))


@router.post("/notifications/read-all", response=MarkedOut, auth=django_auth)
def mark_all_read(request: HttpRequest, family: FamilyName | None = None) -> Any:
    """Mark all my unread notifications read (of one kind, with `?family=`)."""
    marked = actions.mark_all_read(request.user, family=family or "")
    return {"marked": marked, "unread": _unread(request.user)}


# ---------------------------------------------------------------- preferences


class PreferenceOut(Schema):
    family: str
    family_label: str
    channel: Literal["inapp", "sms", "email"]
    enabled: bool
    editable: bool
    note: str = Field(description="why it cannot be changed, when it cannot")


class PreferencesOut(Schema):
    quiet_hours: bool
    email_digest: bool
    email_digest_available: bool = Field(description="the account has an e-mail address")
    sign_in_codes: Literal["sms"] = Field("sms", description="always by text message")
    items: list[PreferenceOut]


class PreferenceIn(Schema):
    family: FamilyName
    channel: ChannelName
    enabled: bool


class PreferencesIn(Schema):
    model_config = example(
        items=[{"family": "cases", "channel": "sms", "enabled": False}],
        quiet_hours=True,
        email_digest=False,
    )

    items: list[PreferenceIn] = Field(default_factory=list, max_length=40)
    quiet_hours: bool | None = None
    email_digest: bool | None = None


def _preferences_out(g: Grid) -> dict[str, Any]:
    return {
        "quiet_hours": g.quiet_hours,
        "email_digest": g.email_digest,
        "email_digest_available": g.has_email,
        "sign_in_codes": "sms",
        "items": [
            {
                "family": c.family,
                "family_label": row.label,
                "channel": c.channel,
                "enabled": c.enabled,
                "editable": c.editable,
                "note": c.note,
            }
            for row in g.rows
            for c in row.cells
        ],
    }


@router.get("/notifications/preferences", response=PreferencesOut, auth=django_auth)
def get_preferences(request: HttpRequest) -> Any:
    """What reaches me by which channel (in-app always), within what the committee allows."""
    return _preferences_out(grid(request.user))


@router.put(
    "/notifications/preferences",
    response=answers(PreferencesOut, 403, 422),
    auth=django_auth,
)
def put_preferences(request: HttpRequest, payload: PreferencesIn) -> Any:
    """Set the listed kinds and channels, quiet hours and the digest; the rest stay as they
    are. A channel the committee switched off, or one without a phone or address, is 422."""
    choices: dict[tuple[str, str], bool] = {
        (str(i.family), str(i.channel)): i.enabled for i in payload.items
    }
    actions.save_preferences(
        request.user,
        choices=choices,
        quiet_hours=payload.quiet_hours,
        email_digest=payload.email_digest,
    )
    return Status(200, _preferences_out(grid(request.user)))

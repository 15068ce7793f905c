"""The deputy's side: one inbox of what needs them, a calendar, and its private iCal feed."""

from __future__ import annotations

import hmac
from datetime import datetime, time, timedelta
from itertools import groupby
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lianxi.committee import actions
from lianxi.committee.access import require_deputy
from lianxi.committee.forms import AnswerForm
from lianxi.committee.inbox import calendar_items, ical, inbox_for
from lianxi.committee.models import CalendarToken
from lianxi.committee.models.audience import feed_mac
from lianxi.committee.policies import is_committee_staff
from lianxi.committee.querysets import deputy_of
from lianxi.core.refusals import attempt

FEED_PAST_DAYS, FEED_FUTURE_DAYS = 60, 366


@login_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if is_committee_staff(user):
        return redirect("committee_work:activities")
    require_deputy(user)
    return render(
        request,
        "committee/deputy/inbox.html",
        {"inbox": inbox_for(user), "answer_form": AnswerForm(), "today": timezone.localdate()},
    )


def _month(request: HttpRequest) -> tuple[datetime, datetime]:
    today = timezone.localdate()
    raw = request.GET.get("month", "")
    try:
        year, month = (int(p) for p in raw.split("-")) if raw else (today.year, today.month)
        first = today.replace(year=year, month=month, day=1)
    except (ValueError, TypeError):
        first = today.replace(day=1)
    if not 2000 <= first.year <= 2100:
        first = today.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    return datetime.combine(first, time.min, tzinfo=tz), datetime.combine(nxt, time.min, tzinfo=tz)


@login_required
@require_safe
def calendar(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    deputy = require_deputy(user)
    start, end = _month(request)
    items = calendar_items(deputy, start, end)
    days = [
        (day, list(group))
        for day, group in groupby(items, key=lambda i: timezone.localtime(i.start).date())
    ]
    token = CalendarToken.objects.filter(user=user).first()
    feed = (
        request.build_absolute_uri(reverse("committee:ical", args=[token.feed_key()]))
        if token
        else ""
    )
    prev_month = (start.date() - timedelta(days=1)).strftime("%Y-%m")
    return render(
        request,
        "committee/deputy/calendar.html",
        {
            "days": days,
            "month": start,
            "prev": prev_month,
            "next": end.strftime("%Y-%m"),
            "feed": feed,
            "count": len(items),
        },
    )


@login_required
@require_POST
def calendar_token(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_deputy(user)
    attempt(
        request,
        lambda: actions.reset_calendar_token(user),
        success=_("A new private feed address is ready; the old one no longer works."),
    )
    return redirect("committee_work:calendar")


@require_safe
def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private iCal feed (the token is the key; reset it if it leaks)."""
    user_id, _sep, mac = token[:80].partition("-")
    found = (
        CalendarToken.objects.select_related("user").filter(user_id=user_id).first()
        if user_id.isdigit()
        else None
    )
    if (
        found is None
        or not hmac.compare_digest(mac, feed_mac(found.user_id, found.token))
        or not found.user.is_active
    ):
        raise Http404
    deputy = deputy_of(found.user)
    if deputy is None:
        raise Http404
    now = timezone.now()
    items = calendar_items(
        deputy, now - timedelta(days=FEED_PAST_DAYS), now + timedelta(days=FEED_FUTURE_DAYS)
    )
    response = HttpResponse(
        ical(items, _("Deputy calendar")), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response

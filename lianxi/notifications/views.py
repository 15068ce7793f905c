"""The notification centre: the list (unread first), opening an item (marks it read, then
leads to its object), mark all read, and the preferences page. Everything here is the
signed-in person's own; another's notification answers 404 like a missing one. State changes
only on POST (each item opens through a small form, so it works without JavaScript). The
delivery page (figures, failures, resend) is for administrators and committee staff."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lianxi.core.errors import ActionError
from lianxi.notifications import actions, report
from lianxi.notifications.access import access_notification
from lianxi.notifications.context_processors import remember_unread
from lianxi.notifications.forms import PreferencesForm
from lianxi.notifications.models import Family, OutboxMessage
from lianxi.notifications.policies import NO_EMAIL, NO_PHONE, can_see_delivery, families_for
from lianxi.notifications.preferences import grid
from lianxi.portal.rendering import paginate

PER_PAGE = 20


def _family(value: str | None) -> str:
    return value if value in Family.values else ""


def safe_target(request: HttpRequest, url: str) -> str | None:
    """`url` if it is a path on this site (a notification's link, a `next`), else None."""
    if not url.startswith("/") or url.startswith(("//", "/\\")):
        return None
    ok = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if ok else None


def _back_to_list(request: HttpRequest) -> str:
    back = safe_target(request, request.POST.get("next", ""))
    inbox = reverse("notifications:list")
    return back if back is not None and back.startswith(inbox) else inbox


@login_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    family = _family(request.GET.get("kind"))
    only_unread = request.GET.get("unread") == "1"
    mine = OutboxMessage.objects.inbox(user)
    qs = mine.unread_first()
    if family:
        qs = qs.filter(family=family)
    if only_unread:
        qs = qs.unread()
    page = paginate(
        request, qs.only("id", "body", "url", "family", "created_at", "read_at"), PER_PAGE
    )
    unread_by_family = dict(mine.unread().values_list("family").annotate(n=Count("id")).order_by())
    remember_unread(request, sum(unread_by_family.values()))
    shown = list(families_for(user))
    shown += [f for f in unread_by_family if f in Family.values and f not in shown]
    tabs = [(f, Family(f).label, unread_by_family.get(f, 0)) for f in shown]
    context = {
        "page": page,
        "tabs": tabs,
        "family": family,
        "only_unread": only_unread,
        "unread_total": sum(unread_by_family.values()),
        "here": request.get_full_path(),
    }
    return render(request, "notifications/list.html", context)


@login_required
@require_POST
def open_item(request: HttpRequest, message_id: int) -> HttpResponse:
    """Mark read, then go where the notification leads (its list if it leads nowhere)."""
    message = access_notification(request.user, message_id)
    actions.mark_read(request.user, message=message)
    target = safe_target(request, message.url)
    return redirect(target or _back_to_list(request))


@login_required
@require_POST
def read_item(request: HttpRequest, message_id: int) -> HttpResponse:
    message = access_notification(request.user, message_id)
    actions.mark_read(request.user, message=message)
    return redirect(_back_to_list(request))


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    family = _family(request.POST.get("kind"))
    n = actions.mark_all_read(request.user, family=family)
    if n:
        messages.success(
            request,
            ngettext("%(n)d notification marked as read.", "%(n)d notifications marked as read.", n)
            % {"n": n},
        )
    return redirect(_back_to_list(request))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = PreferencesForm(request.POST if request.method == "POST" else None, grid=grid(user))
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_preferences(
                user,
                choices=form.choices(),
                quiet_hours=form.cleaned_data["quiet_hours"],
                email_digest=None
                if form.fields["email_digest"].disabled
                else form.cleaned_data["email_digest"],
            )
        except ActionError as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message)
        else:
            messages.success(request, _("Your notification choices are saved."))
            return redirect("notifications:preferences")
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "no_phone": NO_PHONE, "no_email": NO_EMAIL}
    return render(request, "notifications/preferences.html", context, status=status)


def _delivery_access(request: HttpRequest) -> None:
    """The same 404 as a missing page for everyone else (architecture.md, refusals)."""
    if not can_see_delivery(request.user):
        raise Http404


@login_required
@require_safe
def delivery(request: HttpRequest) -> HttpResponse:
    _delivery_access(request)
    page = paginate(request, report.failed_messages(), PER_PAGE)
    context = {"channels": report.figures(), "page": page, "window_hours": 24}
    return render(request, "notifications/delivery.html", context)


@login_required
@require_POST
def resend(request: HttpRequest) -> HttpResponse:
    _delivery_access(request)
    channel = request.POST.get("channel", "")
    try:
        n = actions.resend_failed(request.user, channel=channel)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            ngettext("%(n)d message queued again.", "%(n)d messages queued again.", n) % {"n": n},
        )
    return redirect("notifications:delivery")

"""The second step of staff sign-in, enrolment of an authenticator app and recovery codes
(accounts/second_factor.py says who needs what)."""

from __future__ import annotations

from typing import Any, cast

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lianxi.accounts import second_factor as sf
from lianxi.accounts.forms import SecondFactorForm
from lianxi.accounts.models import User
from lianxi.audit.log import log
from lianxi.core.refusals import attempt


def _credentials(user: User) -> dict[str, str]:
    return {"username": user.get_username()}


def _locked(request: HttpRequest, user: User) -> HttpResponse | None:
    """The lockout page when this account or address is locked (shared with passwords)."""
    credentials = _credentials(user)
    if AxesProxyHandler.is_locked(request, credentials):
        return get_lockout_response(request, None, credentials)
    return None


def _count_failure(request: HttpRequest, user: User) -> None:
    """A wrong code counts like a wrong password in django-axes' lockout."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
    log(None, "accounts.second_factor", user, {"username": user.get_username()}, outcome="failed")


def _sign_in(request: HttpRequest, pending: sf.Pending, how: str) -> None:
    login(request, pending.user, backend=pending.backend)
    sf.finish(request, how)
    log(pending.user, "accounts.login", pending.user, {"second_factor": how})


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Step 2 of sign-in: the code from the app, or a recovery code."""
    pending = sf.pending(request)
    if pending is None:
        return redirect("accounts:login")
    if sf.device_of(pending.user) is None:
        return redirect("accounts:second_factor_enrol")
    form = SecondFactorForm(request.POST or None)
    form.fields["code"].widget.attrs["autofocus"] = True  # the only thing to do on this page
    status = 200
    if request.method == "POST":
        locked = _locked(request, pending.user)
        if locked is not None:
            return locked
        how = sf.check(pending.user, form.data.get("code", "")) if form.is_valid() else None
        if how is not None:
            _sign_in(request, pending, how)
            if how == "recovery":
                left = sf.recovery_codes_left(pending.user)
                text = _("You signed in with a recovery code; %(left)d are left.") % {"left": left}
                messages.warning(request, text)
            return HttpResponseRedirect(pending.next_url or reverse("workbench:home"))
        _count_failure(request, pending.user)
        if not form.errors:
            form.add_error("code", _("The code is wrong or has already been used."))
        status = 400
    return render(
        request, "accounts/second_factor.html", {"form": form, "who": pending.user}, status=status
    )


@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: at the first sign-in of a role that requires it (pending),
    or from the profile for anyone who may (signed in; also to move to a new phone)."""
    pending = sf.pending(request)
    if pending is not None:
        user = pending.user
        if sf.device_of(user) is not None:
            # Enrolling again takes a full sign-in: the password alone never replaces an app.
            return redirect("accounts:second_factor")
    elif request.user.is_authenticated and sf.offered(request.user):
        user = cast(User, request.user)
    elif request.user.is_authenticated:
        raise Http404
    else:
        return redirect("accounts:login")
    device = sf.device_of(user, confirmed=False)
    if device is None:
        done = attempt(request, lambda: sf.start_enrolment(user, user=user))
        if not done.ok:
            return redirect("accounts:profile")
        device = done.result
    form = SecondFactorForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if pending is not None and (locked := _locked(request, user)) is not None:
            return locked
        done = attempt(
            request, lambda: sf.enrol(user, user=user, code=form.cleaned_data["code"]), form
        )
        if done.ok:
            if pending is not None:
                _sign_in(request, pending, "totp")
            next_url = (pending.next_url if pending else "") or reverse("accounts:profile")
            return _show_codes(request, done.result, next_url)
        if pending is not None:
            _count_failure(request, user)
    if form.errors:
        status = 400
    context = {
        "form": form,
        "qr": sf.qr_code(device),
        "key": sf.manual_key(device),
        "first_time": pending is not None,
        "who": user,
    }
    return render(request, "accounts/second_factor_enrol.html", context, status=status)


def _show_codes(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    """The recovery codes, shown this once (only their hashes are kept)."""
    context: dict[str, Any] = {"codes": codes, "next": next_url}
    return render(request, "accounts/recovery_codes.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if not sf.offered(user):
        raise Http404
    if request.method == "POST":
        done = attempt(request, lambda: sf.regenerate_recovery_codes(user, user=user))
        if done.ok:
            return _show_codes(request, done.result, reverse("accounts:profile"))
    return redirect("accounts:profile")

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lianxi.accounts import actions, second_factor
from lianxi.accounts.forms import (
    CodeForm,
    PasswordChangeForm,
    PhoneForm,
    ProfileForm,
    StaffLoginForm,
)
from lianxi.accounts.models import User
from lianxi.audit.log import log
from lianxi.core.refusals import attempt
from lianxi.lib.net import client_ip


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class StaffLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = StaffLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if second_factor.needs_code(user):
            # Not signed in yet: the code comes first (or enrolment, the first time).
            second_factor.begin(self.request, user, self.get_success_url())
            log(user, "accounts.password_accepted", user)
            return redirect("accounts:second_factor")
        response = super().form_valid(form)
        log(user, "accounts.login", user)
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        username = (form.data.get("username") or "")[:150]
        log(None, "accounts.login", None, {"username": username}, outcome="failed")
        return super().form_invalid(form)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        log(request.user, "accounts.logout", request.user)
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect("portal:home")


@require_http_methods(["GET", "POST"])
def citizen_login(request: HttpRequest) -> HttpResponse:
    """Step 1: phone number → a code by SMS. Step 2: code → signed in."""
    if request.user.is_authenticated:
        return redirect("workbench:home")
    next_url = _safe_next(request, reverse("workbench:home"))
    phone_form = PhoneForm(request.POST if request.POST.get("step") == "send" else None)
    code_form = CodeForm(request.POST if request.POST.get("step") == "verify" else None)
    status = 200
    sent = False
    resend_errors: list[str] = []
    if phone_form.is_bound and phone_form.is_valid():
        phone = phone_form.cleaned_data["phone"]
        done = attempt(
            request,
            lambda: actions.request_login_code(request.user, phone=phone, ip=client_ip(request)),
            phone_form,
            _("A code has been sent. It is valid for 10 minutes."),
        )
        status = done.status_with(invalid=400)
        if done.ok or request.POST.get("resend") or actions.seconds_before_next_code(phone):
            # Asked again too soon: the code already received can still be typed in.
            sent = True
            code_form = CodeForm(initial={"phone": phone})
            resend_errors = [str(e) for errors in phone_form.errors.values() for e in errors]
    elif code_form.is_bound:
        sent = True
        if code_form.is_valid():
            typed = code_form.cleaned_data
            user = attempt(
                request,
                lambda: actions.verify_login_code(
                    request.user, phone=typed["phone"], code=typed["code"]
                ),
                code_form,
                field="phone",
            ).result
            if user is not None and second_factor.needs_code(user):
                # Staff who happen to have a phone on file: the code by SMS stands in for
                # the password, never for the authenticator app.
                second_factor.begin(request, user, next_url)
                return redirect("accounts:second_factor")
            if user is not None:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return HttpResponseRedirect(next_url)
            if not code_form.errors:
                code_form.add_error(
                    "code", _("The code is wrong or has expired. Ask for a new one.")
                )
        status = 400
    phone_typed = code_form["phone"].value() or "" if sent else ""
    return render(
        request,
        "accounts/citizen_login.html",
        {
            "phone_form": phone_form,
            "code_form": code_form,
            "sent": sent,
            "next": next_url,
            "resend_errors": resend_errors,
            "wait": actions.seconds_before_next_code(str(phone_typed)) if sent else 0,
            "interval": settings.OTP_PER_PHONE_INTERVAL_SECONDS,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = ProfileForm(
        request.POST or None,
        initial={"display_name": user.display_name, "home_community": user.home_community},
    )
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: actions.update_profile(
                user,
                display_name=form.cleaned_data["display_name"],
                home_community=form.cleaned_data["home_community"],
            ),
            form,
            _("Your profile has been saved."),
        )
        if done.ok:
            return redirect("accounts:profile")
    context = {
        "form": form,
        "second_factor_offered": second_factor.offered(user),
        "second_factor_device": second_factor.device_of(user),
        "recovery_codes_left": second_factor.recovery_codes_left(user),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: actions.change_password(
                cast(User, request.user),
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            ),
            form,
        )
        if done.ok:
            from django.contrib.auth import update_session_auth_hash

            update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
            request.session.cycle_key()
            messages.success(request, _("Your password has been changed."))
            return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})

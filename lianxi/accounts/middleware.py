"""Absolute session lifetime on top of the idle timeout Django enforces, and no session of a
role that requires a second factor without one (accounts/second_factor.py)."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from lianxi.accounts import second_factor

SESSION_STARTED = "lianxi_started"


def _ended(request: HttpRequest) -> bool:
    started = request.session.get(SESSION_STARTED)
    if started is None:
        request.session[SESSION_STARTED] = time.time()
        return False
    return time.time() - float(started) > settings.SESSION_ABSOLUTE_SECONDS


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if (
                _ended(request)
                or not user.is_active
                or (second_factor.required(user) and not second_factor.passed(request))
            ):
                logout(request)
        return self.get_response(request)

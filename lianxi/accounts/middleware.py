"""Absolute session lifetime on top of the idle timeout Django enforces."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

SESSION_STARTED = "lianxi_started"


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SESSION_STARTED)
            if started is None:
                request.session[SESSION_STARTED] = time.time()
            elif (
                time.time() - float(started) > settings.SESSION_ABSOLUTE_SECONDS
                or not user.is_active
            ):
                logout(request)
        return self.get_response(request)

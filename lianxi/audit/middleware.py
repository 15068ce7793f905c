from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from lianxi.audit.context import Origin, current_origin
from lianxi.lib.net import client_ip


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_origin.set(
            Origin(ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")[:200])
        )
        try:
            return self.get_response(request)
        finally:
            current_origin.reset(token)

"""How the API says no: one body, `{"detail": message, "field": name-or-null}`, and one status
per kind of refusal. Routers raise (an action's `ActionError`, `Http404` for what is missing or
not visible); the handlers installed here answer. Validation errors add `errors`, one entry
per bad field."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.client import responses
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from lianxi.api.validation import field_errors
from lianxi.core.errors import ActionError, InvalidInput, RateLimited
from lianxi.core.refusals import status_for


class BadRequest(Exception):
    """400: the request lacks what the operation requires outside its parameters' schema
    (an `Idempotency-Key`)."""

    def __init__(self, detail: str, field: str | None = None) -> None:
        super().__init__(detail)
        self.detail, self.field = detail, field


class FieldError(Schema):
    field: str | None
    detail: str
    type: str = Field(description="pydantic's error type, e.g. missing, string_too_long")


class Problem(Schema):
    """Every refusal: 400, 401, 403, 404, 409, 422, 429."""

    detail: str = Field(description="what went wrong, fit to show (Chinese by default)")
    field: str | None = Field(None, description="the field at fault, when there is one")
    errors: list[FieldError] | None = Field(None, description="422 from validation: every field")


def answers(ok: Any, *refusals: int, status: int = 200) -> dict[int, Any]:
    """`response=` of an operation: its success schema and the refusals it can answer.
    401 (signed-in operations) and 422 (operations with input) are added to the document
    by the API itself."""
    return {status: ok} | {code: Problem for code in refusals}


@contextmanager
def api_fields(names: Mapping[str, str]) -> Iterator[None]:
    """Name the field of a refusal as the API names it (actions use their own names)."""
    try:
        yield
    except ActionError as exc:
        exc.field = names.get(exc.field or "", exc.field)
        raise


def install(api: NinjaAPI) -> None:
    """Answer every refusal with the one body."""

    def answer(request: HttpRequest, status: int, detail: str, field: str | None = None) -> Any:
        return api.create_response(request, {"detail": detail, "field": field}, status=status)

    def refused(request: HttpRequest, exc: ActionError) -> HttpResponse:
        response = answer(request, status_for(exc), exc.message, exc.field)
        if isinstance(exc, RateLimited):
            response["Retry-After"] = str(exc.retry_after)
        return response

    def bad(request: HttpRequest, exc: BadRequest) -> HttpResponse:
        return answer(request, 400, exc.detail, exc.field)

    def missing(request: HttpRequest, exc: Http404) -> HttpResponse:
        return answer(request, 404, gettext("Not found."))

    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = field_errors(exc.errors) or [
            {"field": None, "detail": gettext("The request is not valid."), "type": "invalid"}
        ]
        first = errors[0]
        body = {"detail": first["detail"], "field": first["field"], "errors": errors}
        return api.create_response(request, body, status=422)

    def framework(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # What ninja itself raises: sign-in missing, a body that is not JSON, a failed CSRF
        # check, its throttles.
        if isinstance(exc, AuthenticationError):
            return answer(request, 401, gettext("Sign in first."))
        if exc.status_code == 400:
            return answer(request, 422, gettext("The request body is not valid JSON."))
        if exc.status_code == 403:
            return answer(request, 403, gettext("The request lacks a valid CSRF token."))
        return answer(request, exc.status_code, str(exc))

    api.exception_handler(ActionError)(refused)
    api.exception_handler(Http404)(missing)
    api.exception_handler(BadRequest)(bad)
    api.exception_handler(ValidationError)(invalid)
    api.exception_handler(HttpError)(framework)


PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def declare_framework_answers(schema: dict[str, Any]) -> None:
    """Add to each operation of an OpenAPI document the refusals that come from the framework:
    401 where it needs sign-in, 422 where it takes input."""
    for path in schema["paths"].values():
        for operation in path.values():
            codes = []
            if operation.get("security"):
                codes.append(401)
            if operation.get("parameters") or operation.get("requestBody"):
                codes.append(422)
            for code in codes:
                operation["responses"].setdefault(
                    code,
                    {
                        "description": responses[code],
                        "content": {"application/json": {"schema": PROBLEM_REF}},
                    },
                )


def chosen(rows: Any, pk: int | None, field: str, message: str = "") -> Any:
    """The row `pk` among `rows` (a model or a queryset); None for no `pk`; a 422 naming
    `field` when there is no such row (or the user may not choose it)."""
    if pk is None:
        return None
    found = (rows.objects.all() if hasattr(rows, "objects") else rows).filter(pk=pk).first()
    if found is None:
        raise no_such_choice(field, message)
    return found


def no_such_choice(field: str, message: str = "") -> InvalidInput:
    detail = message or gettext("This choice does not exist or is not available.")
    return InvalidInput(detail, field=field)


# What an operation that runs an action can answer besides success: not allowed, not possible
# in this state, bad input; and on an object named in its path, also missing.
ACTS = (403, 409, 422)
ACTS_ON = (403, 404, 409, 422)

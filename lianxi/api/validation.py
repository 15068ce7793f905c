"""pydantic's validation errors, said in the user's language (Chinese by default) and naming
the field as the client sent it: `title`, `audience.levels`, `page`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

# By pydantic error type; a type not listed falls back to its family (the part before the
# first underscore), then to "not valid".
MESSAGES: dict[str, Any] = {
    "missing": _("%(field)s is required."),
    "string_too_short": _("%(field)s must have at least %(min_length)s characters."),
    "string_too_long": _("%(field)s may have at most %(max_length)s characters."),
    "too_short": _("%(field)s must have at least %(min_length)s items."),
    "too_long": _("%(field)s may have at most %(max_length)s items."),
    "greater_than_equal": _("%(field)s must be at least %(ge)s."),
    "greater_than": _("%(field)s must be more than %(gt)s."),
    "less_than_equal": _("%(field)s must be at most %(le)s."),
    "less_than": _("%(field)s must be less than %(lt)s."),
    "enum": _("%(field)s must be one of: %(expected)s."),
    "literal_error": _("%(field)s must be one of: %(expected)s."),
    "json_invalid": _("The request body is not valid JSON."),
    "int": _("%(field)s must be a whole number."),
    "float": _("%(field)s must be a number."),
    "decimal": _("%(field)s must be a number."),
    "bool": _("%(field)s must be true or false."),
    "string": _("%(field)s must be text."),
    "datetime": _("%(field)s must be a date and time (ISO 8601)."),
    "date": _("%(field)s must be a date (YYYY-MM-DD)."),
    "date_range": _("%(field)s must be between %(first)s and %(last)s."),
    "time": _("%(field)s must be a time (HH:MM)."),
    "list": _("%(field)s must be a list."),
    "dict": _("%(field)s must be an object."),
    "model": _("%(field)s must be an object."),
}
NOT_VALID = _("%(field)s is not valid.")
BODY_MISSING = _("The request body is required.")
BODY_NOT_VALID = _("The request body is not valid.")


def field_name(loc: list[Any] | tuple[Any, ...]) -> str | None:
    """`["body", "payload", "audience", "levels", 0]` → `audience.levels`; the body's parameter
    name and list positions are not part of what the client sent."""
    source, *rest = loc
    if source == "body":
        rest = rest[1:]
    names = [str(part) for part in rest if not isinstance(part, int)]
    return ".".join(names) or None


def message(error: dict[str, Any], field: str | None) -> str:
    kind = str(error.get("type", ""))
    if field is None:  # the body as a whole
        return str(BODY_MISSING if kind == "missing" else BODY_NOT_VALID)
    template = MESSAGES.get(kind)
    if template is None:
        template = MESSAGES.get(kind.split("_")[0], NOT_VALID)
    ctx = {k: v for k, v in (error.get("ctx") or {}).items() if isinstance(v, str | int | float)}
    try:
        return str(template) % {**ctx, "field": field}
    except (KeyError, TypeError, ValueError):
        return str(NOT_VALID) % {"field": field}


def field_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ninja's `ValidationError.errors` → `[{"field", "detail", "type"}]`, in order."""
    found = []
    for error in errors:
        field = field_name(error.get("loc") or ["body"])
        found.append({"field": field, "detail": message(error, field), "type": error.get("type")})
    return found

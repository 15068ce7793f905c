"""How a refused action is answered, the same on pages and in the API: one status per kind of
refusal, and `attempt()`, which runs an action from a view and shows its refusal on the form
or as a message (never a 500, nothing half-written: the action's transaction rolled back)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from lianxi.core.errors import ActionError, IllegalTransition, NotAllowed, RateLimited


def status_for(exc: ActionError) -> int:
    """403 seen but not allowed, 409 not possible in this state, 429 too many, 422 bad input.
    (Missing or not visible is a 404 raised before any action runs.)"""
    if isinstance(exc, RateLimited):
        return 429
    if isinstance(exc, NotAllowed):
        return 403
    if isinstance(exc, IllegalTransition):
        return 409
    return 422


@dataclass(frozen=True)
class Done:
    """What `attempt()` did: the action's result, or its refusal. Unpacks as `ok, result`."""

    ok: bool
    result: Any = None
    refusal: ActionError | None = None

    @property
    def status(self) -> int:
        return 200 if self.refusal is None else status_for(self.refusal)

    def status_with(self, invalid: int) -> int:
        """`status`, but `invalid` for bad input (for pages that answer form errors with 400)."""
        return invalid if self.status == 422 else self.status

    @property
    def message(self) -> str:
        return "" if self.refusal is None else self.refusal.message

    def on_form(self, form: forms.BaseForm, field: str | None = None) -> None:
        """Put the refusal on `field`, else on the field it names if the form has it, else on
        the form as a whole."""
        if self.refusal is not None:
            name = field or self.refusal.field
            form.add_error(name if name in form.fields else None, self.refusal.message)

    def __iter__(self) -> Iterator[Any]:
        yield self.ok
        yield self.result


def attempt(
    request: HttpRequest,
    do: Callable[[], Any],
    form: forms.BaseForm | None = None,
    success: str = "",
    *,
    field: str | None = None,
    flash: bool = True,
) -> Done:
    """Run `do` (an action). A refusal goes on `form` when there is one (see `Done.on_form`),
    else into a flash message, or nowhere with `flash=False` (the view shows `done.message`).
    On success, `success` (if any) is flashed."""
    try:
        result = do()
    except ActionError as exc:
        done = Done(False, refusal=exc)
        if form is not None:
            done.on_form(form, field)
        elif flash:
            messages.error(request, exc.message)
        return done
    if success:
        messages.success(request, success)
    return Done(True, result)

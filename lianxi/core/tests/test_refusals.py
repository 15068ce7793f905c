"""One way for a view to run an action: the refusal on the form or in a message, and the
same status per kind of refusal as the API."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.test import RequestFactory

from lianxi.core.errors import (
    ActionError,
    IllegalTransition,
    InvalidInput,
    NotAllowed,
    RateLimited,
)
from lianxi.core.refusals import attempt, status_for


class PhoneForm(forms.Form):
    phone = forms.CharField()


def request() -> Any:
    made = RequestFactory().post("/")
    made.session = SessionStore()
    made._messages = FallbackStorage(made)
    return made


def refuse(exc: ActionError) -> Any:
    def do() -> None:
        raise exc

    return do


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (InvalidInput("x"), 422),
        (ActionError("x"), 422),
        (NotAllowed("x"), 403),
        (IllegalTransition("x"), 409),
        (RateLimited("x"), 429),
    ],
)
def test_one_status_per_kind_of_refusal(exc: ActionError, status: int) -> None:
    assert status_for(exc) == status
    done = attempt(request(), refuse(exc), flash=False)
    assert not done.ok and done.status == status and done.message == "x"
    assert done.status_with(invalid=400) == (400 if status == 422 else status)


def test_success_unpacks_and_flashes() -> None:
    req = request()
    ok, result = attempt(req, lambda: 42, success="Saved.")
    assert ok and result == 42
    assert [str(m) for m in get_messages(req)] == ["Saved."]


def test_refusal_goes_on_the_named_field_else_on_the_form() -> None:
    form = PhoneForm({"phone": "1"})
    assert form.is_valid()
    attempt(request(), refuse(InvalidInput("Enter a mobile number.", field="phone")), form)
    assert form.errors == {"phone": ["Enter a mobile number."]}
    form = PhoneForm({"phone": "1"})
    form.is_valid()
    attempt(request(), refuse(InvalidInput("Not here.", field="elsewhere")), form)
    assert form.non_field_errors() == ["Not here."]
    form = PhoneForm({"phone": "1"})
    form.is_valid()
    attempt(request(), refuse(RateLimited("Wait.")), form, field="phone")
    assert form.errors == {"phone": ["Wait."]}


def test_without_a_form_the_refusal_is_flashed_unless_told_not_to() -> None:
    req = request()
    done = attempt(req, refuse(NotAllowed("No.")), success="Saved.")
    assert not done.ok and done.result is None
    assert [str(m) for m in get_messages(req)] == ["No."]
    quiet = request()
    attempt(quiet, refuse(NotAllowed("No.")), flash=False)
    assert list(get_messages(quiet)) == []

"""quality.md test 12, what accounts/tests/test_login.py, test_second_factor.py and test_otp.py
do not already hold: the length bound exactly (the project's minimum, never under 8), common
passwords refused, a 64-character password accepted and usable to sign in, and an SMS code sent
twice at the same moment signs in once."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from conftest import PASSWORD, World
from lianxi.accounts import actions
from lianxi.audit.models import AuditEvent
from lianxi.core.errors import InvalidInput
from lianxi.notifications.models import OutboxMessage

# Not common, not numeric, unlike the user's names: only the length decides.
LETTERS = "vq7Rm2pXk9Lw4Zt8Nc3Hs6Jd5Fy1Bg0"


def minimum(settings: Any) -> int:
    [rule] = [
        v for v in settings.AUTH_PASSWORD_VALIDATORS if v["NAME"].endswith("MinimumLengthValidator")
    ]
    return int(rule["OPTIONS"]["min_length"])


def test_the_minimum_length_is_at_least_8_and_holds_exactly(world: World, settings: Any) -> None:
    least = minimum(settings)
    assert least >= 8  # quality.md: < 8 refused; the project asks for 10 (12 recommended)
    for length in sorted({7, 8, least - 1}):
        with pytest.raises(ValidationError):
            validate_password(LETTERS[:length], world["deputy_a"])
    validate_password(LETTERS[:least], world["deputy_a"])
    with pytest.raises(InvalidInput) as refused:  # and through the action people use
        actions.change_password(
            world["deputy_a"], old_password=PASSWORD, new_password=LETTERS[: least - 1]
        )
    assert refused.value.field == "new_password"


@pytest.mark.parametrize(
    "common",
    ["password1234", "qwertyuiop", "1q2w3e4r5t", "iloveyou123", "1qaz2wsx3edc", "football123"],
)
def test_common_passwords_are_refused(world: World, common: str) -> None:
    with pytest.raises(InvalidInput):
        actions.change_password(world["deputy_a"], old_password=PASSWORD, new_password=common)
    world["deputy_a"].refresh_from_db()
    assert world["deputy_a"].check_password(PASSWORD)


def test_sixty_four_characters_are_accepted_and_sign_in(world: World) -> None:
    long = (LETTERS * 3)[:64]
    actions.change_password(world["staff_a"], old_password=PASSWORD, new_password=long)
    client = Client()
    answer = client.post("/accounts/login/", {"username": "staff_a", "password": long})
    assert answer.status_code == 302 and client.get("/accounts/profile/").status_code == 200
    truncated = Client().post("/accounts/login/", {"username": "staff_a", "password": long[:63]})
    assert truncated.status_code == 200  # all 64 count


@pytest.mark.django_db(transaction=True)
def test_an_sms_code_sent_twice_at_once_signs_in_once(world: World) -> None:
    actions.request_login_code(AnonymousUser(), phone="13812345678", ip="10.3.0.1")
    body = OutboxMessage.objects.filter(channel="sms").latest("id").body
    found = re.search(r"\b(\d{6})\b", body)
    assert found is not None
    start = threading.Barrier(10)
    users: list[Any] = []
    lock = threading.Lock()

    def verify() -> None:
        try:
            start.wait()
            user = actions.verify_login_code(
                AnonymousUser(), phone="13812345678", code=found.group(1)
            )
            with lock:
                users.append(user)
        finally:
            connection.close()

    threads = [threading.Thread(target=verify) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(users) == 10 and sum(u is not None for u in users) == 1, users
    ok = AuditEvent.objects.filter(action="accounts.verify_login_code", outcome="ok").count()
    assert ok == 1

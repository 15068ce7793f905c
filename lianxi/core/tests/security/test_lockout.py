"""quality.md test 10, what accounts/tests/test_login.py does not already hold: the lock lifts
after T (and not before), K and T come from the environment, one try each on 50 accounts from
one address trips the address throttle, every attempt is an audit event, and an unknown user
is answered like a known one: the same page, in the same time."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import Client

from conftest import PASSWORD, World, make_user
from lianxi.audit.models import AuditEvent

BASE = Path(__file__).resolve().parents[4]
DAY = datetime.fromisoformat("2026-03-02T09:00:00+08:00")


class MeasuredPBKDF2(PBKDF2PasswordHasher):
    """The production hasher's algorithm with fewer rounds: one hash still costs more than
    the 50 ms the timing check allows, so an answer that skipped it would show."""

    iterations = 150_000


def attempt(username: str, password: str, ip: str = "10.1.0.1", client: Any = None) -> Any:
    return (client or Client()).post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def signed_in(response: Any) -> bool:
    """Password accepted: on to the second factor (committee staff) or to the workbench."""
    return response.status_code == 302 and response["Location"] in {
        "/accounts/second-factor/",
        "/work/",
    }


@pytest.mark.parametrize(("k", "minutes"), [(5, 15), (3, 2)], ids=["default", "configured"])
def test_k_failures_lock_until_t_has_passed(
    world: World, settings: Any, k: int, minutes: int
) -> None:
    settings.AXES_FAILURE_LIMIT = k
    settings.AXES_COOLOFF_TIME = minutes / 60
    with time_machine.travel(DAY, tick=False) as clock:
        statuses = [  # from several addresses: the account is what is locked
            attempt("committee", "wrong-password", ip=f"10.1.1.{i}").status_code for i in range(k)
        ]
        assert statuses == [200] * (k - 1) + [429]  # the K-th failure locks
        locked = attempt("committee", PASSWORD, ip="10.1.2.1")
        assert locked.status_code == 429 and not signed_in(locked)
        clock.shift(timedelta(minutes=minutes) - timedelta(seconds=30))
        assert attempt("committee", PASSWORD, ip="10.1.2.2").status_code == 429
        clock.shift(timedelta(minutes=minutes) + timedelta(seconds=30))
        assert signed_in(attempt("committee", PASSWORD, ip="10.1.2.3"))


def test_k_and_t_come_from_the_environment(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}} | {
        "LIANXI_VAR_DIR": str(tmp_path),
        "LOCKOUT_FAILURES": "7",
        "LOCKOUT_MINUTES": "30",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "from axes.helpers import get_cool_off; "
        "print(s.AXES_FAILURE_LIMIT, int(get_cool_off().total_seconds()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE,
        env=env | {"DJANGO_SETTINGS_MODULE": "lianxi.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.stdout.split() == ["7", "1800"], result.stderr


def test_one_try_each_on_fifty_accounts_from_one_address(world: World, settings: Any) -> None:
    k = settings.AXES_FAILURE_LIMIT
    names = [make_user(f"clerk{i:02d}", "station_staff").username for i in range(50)]
    statuses = [attempt(name, "wrong-password", ip="10.2.0.1").status_code for name in names]
    assert statuses == [200] * (k - 1) + [429] * (51 - k)  # the address is locked at K
    assert attempt("clerk49", PASSWORD, ip="10.2.0.1").status_code == 429
    assert signed_in(attempt("clerk49", PASSWORD, ip="10.2.0.2"))  # not the account
    failed = AuditEvent.objects.filter(action="accounts.login", outcome="failed")
    assert failed.count() == 51  # every attempt, the refused ones too
    assert set(failed.values_list("ip", flat=True)) == {"10.2.0.1"}
    assert {e.data["username"] for e in failed} == set(names)


def _page(response: Any, username: str) -> str:
    """The page without what differs by request (CSRF token, CSP nonce, the typed name)."""
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    text = re.sub(r'nonce="[^"]+"', "", text)
    return text.replace(f'value="{username}"', "")


def test_unknown_and_known_user_get_the_same_page(world: World, settings: Any) -> None:
    user = world["committee"]
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    settings.AXES_FAILURE_LIMIT = 1000
    known = attempt("committee", "wrong-password")
    unknown = attempt("nobody-here", "wrong-password")
    assert known.status_code == unknown.status_code == 200
    assert _page(known, "committee") == _page(unknown, "nobody-here")


@pytest.mark.skipif(
    os.environ.get("LIANXI_TIMING") != "1",
    reason="a timing measurement: `make timing` runs it (timing stays out of the default suite)",
)
def test_unknown_and_known_user_are_answered_alike(world: World, settings: Any) -> None:
    """The same page, and median answer times within 50 ms (quality.md's bound). Run by
    `make timing`, not by the default suite: the house rule keeps timing out of unit tests.

    Why this cannot flake: the two kinds of attempt alternate (known, unknown, known, ...) so
    load from other processes falls on both alike; each side is the median of 15 tries, which
    ignores the few slow outliers a busy machine makes; and a real oracle (a password hash
    skipped for unknown names) costs a whole hash, > 50 ms by construction (MeasuredPBKDF2),
    in every round, so the measurement is taken up to three times and one round within the
    bound passes. The first check shows the hash does cost that much here."""
    settings.PASSWORD_HASHERS = [f"{__name__}.MeasuredPBKDF2"]
    settings.AXES_FAILURE_LIMIT = 1000  # timing of the unlocked answer, not of the lock page
    user = world["committee"]
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    known = attempt("committee", "wrong-password")
    unknown = attempt("nobody-here", "wrong-password")
    assert known.status_code == unknown.status_code == 200
    assert _page(known, "committee") == _page(unknown, "nobody-here")

    def timed(username: str) -> float:
        start = time.perf_counter()
        assert attempt(username, "wrong-password").status_code == 200
        return time.perf_counter() - start

    rounds = []
    for _round in range(3):
        pairs = [(timed("committee"), timed("nobody-here")) for _ in range(15)]
        medians = (
            statistics.median(p[0] for p in pairs),
            statistics.median(p[1] for p in pairs),
        )
        rounds.append(medians)
        if abs(medians[0] - medians[1]) < 0.050:
            break
    known_median, unknown_median = rounds[-1]
    assert known_median > 0.050, rounds  # a skipped hash would be visible
    assert abs(known_median - unknown_median) < 0.050, rounds
    print(f"login medians (s), known vs unknown, per round: {rounds}")

"""quality.md test 11, what accounts/tests/test_login.py does not already hold: idle for T and
a second is signed out (activity renews), the absolute lifetime holds however active, a cookie
replayed after sign-out is dead, a citizen's session id changes at sign-in too, disabling an
account ends every one of its sessions, and production's session cookie is `__Host-`, Secure,
HttpOnly and SameSite."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import time_machine
from django.contrib.sessions.models import Session
from django.test import Client

from conftest import PASSWORD, World, current_code, force_login
from lianxi.accounts import actions
from lianxi.core.tests.security.production import production_settings
from lianxi.notifications.models import OutboxMessage

DAY = datetime.fromisoformat("2026-03-02T09:00:00+08:00")
PROFILE = "/accounts/profile/"


def _code_for(phone: str) -> str:
    sms = OutboxMessage.objects.filter(channel="sms").latest("id")
    found = re.search(r"\b(\d{6})\b", sms.body)
    assert sms.recipient == phone and found is not None
    return found.group(1)


def signed_in(client: Client) -> bool:
    return client.get(PROFILE).status_code == 200


def test_idle_for_t_and_a_second_signs_out(world: World, settings: Any) -> None:
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(DAY, tick=False) as clock:
        client = force_login(Client(), world["committee"])
        assert signed_in(client)
        for _ in range(3):  # each request renews the idle timer
            clock.shift(idle - timedelta(seconds=60))
            assert signed_in(client)
        clock.shift(idle + timedelta(seconds=1))
        assert not signed_in(client)
        assert client.get(PROFILE)["Location"].startswith("/accounts/login/")


def test_the_absolute_lifetime_holds_however_active(world: World, settings: Any) -> None:
    settings.SESSION_ABSOLUTE_SECONDS = 3600
    with time_machine.travel(DAY, tick=False) as clock:
        client = force_login(Client(), world["committee"])
        for _ in range(3):  # active every 20 minutes for an hour
            assert signed_in(client)
            clock.shift(timedelta(minutes=20))
        clock.shift(timedelta(seconds=1))
        assert not signed_in(client)


def test_a_cookie_replayed_after_sign_out_is_dead(world: World, settings: Any) -> None:
    client = Client()
    client.post("/accounts/login/", {"username": "committee", "password": PASSWORD})
    client.post("/accounts/second-factor/", {"code": current_code("committee")})
    assert signed_in(client)
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.post("/accounts/logout/").status_code == 302
    assert not Session.objects.filter(session_key=stolen).exists()
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = stolen
    assert not signed_in(replay)


def test_a_citizens_session_id_changes_at_sign_in(world: World, settings: Any) -> None:
    client = Client()
    before = client.session.session_key  # a session from before (say, a filled-in form)
    client.post("/accounts/citizen/", {"step": "send", "phone": "13700001111"})
    code = _code_for("13700001111")
    client.post("/accounts/citizen/", {"step": "verify", "phone": "13700001111", "code": code})
    assert signed_in(client)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before


def test_disabling_an_account_ends_all_its_sessions(world: World) -> None:
    phone, desk = Client(), Client()
    for client in (phone, desk):
        client.post("/accounts/login/", {"username": "staff_a", "password": PASSWORD})
        assert signed_in(client)
    colleague = force_login(Client(), world["staff_b"])
    actions.set_active(world["admin"], user=world["staff_a"], active=False)
    assert not signed_in(phone) and not signed_in(desk)
    assert signed_in(colleague)  # nobody else's


COOKIE_SETTINGS = [
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_DOMAIN",
    "SESSION_COOKIE_PATH",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
]


def test_production_session_cookie(world: World, settings: Any, tmp_path: Path) -> None:
    prod = production_settings(tmp_path, COOKIE_SETTINGS)
    assert prod["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert prod["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert prod["SESSION_COOKIE_SECURE"] and prod["CSRF_COOKIE_SECURE"]
    assert prod["SESSION_COOKIE_HTTPONLY"]
    assert prod["SESSION_COOKIE_SAMESITE"] in {"Lax", "Strict"}
    assert prod["SESSION_COOKIE_DOMAIN"] is None and prod["SESSION_COOKIE_PATH"] == "/"
    # The cookie a sign-in sets under those settings: what a browser receives.
    for name, value in prod.items():
        setattr(settings, name, value)
    client = Client()
    client.post("/accounts/login/", {"username": "staff_a", "password": PASSWORD}, secure=True)
    cookie = client.cookies[prod["SESSION_COOKIE_NAME"]]
    header = cookie.output().lower()
    assert cookie["secure"] and cookie["httponly"] and cookie["path"] == "/"
    assert cookie["samesite"] == prod["SESSION_COOKIE_SAMESITE"] and not cookie["domain"]
    assert "secure" in header and "httponly" in header

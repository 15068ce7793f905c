"""Open redirect (quality.md test 8), beyond the sign-in and notification tests where it started
(lianxi/accounts/tests/test_login.py, lianxi/notifications/tests/test_centre.py): every URL of
the site (the admin's own pages aside) asked with off-site `next` and `back` in the query and
in a POST body, anonymously and signed in; the citizen's phone sign-in and the staff sign-in
followed to the end with each off-site target. 0 off-site `Location` headers."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from conftest import PASSWORD, World, current_code, force_login
from lianxi.core.tests.security.test_csrf import all_urls
from lianxi.notifications.models import OutboxMessage

TARGETS = ["//evil.example/x", "https://evil.example/x", "\\\\evil.example", "/\\evil.example"]


def off_site(location: str) -> bool:
    location = location.strip()
    parts = urlsplit(location.replace("\\", "/"))
    return bool(parts.netloc and parts.netloc != "testserver") or parts.scheme not in (
        "",
        "http",
        "https",
    )


def variants() -> list[dict[str, str]]:
    """Each target once as `next` and once as `back` (the other parameter carries the next one)."""
    return [
        {"next": target, "back": TARGETS[(i + 1) % len(TARGETS)]}
        for i, target in enumerate(TARGETS)
    ]


@pytest.mark.parametrize("who", ["anonymous", "citizen", "committee"])
def test_no_page_follows_an_off_site_next_or_back(world: World, submit: Any, who: str) -> None:
    submit()
    client = Client()
    if who != "anonymous":
        force_login(client, world[who])
    offsite, asked = [], 0
    for path, _view in all_urls():
        if path.startswith(("/admin/", "/accounts/logout")):
            continue
        for params in variants():
            for method in ("get", "post"):
                response = getattr(client, method)(path, params)
                asked += 1
                location = response.get("Location", "")
                if location and off_site(location):
                    offsite.append(f"{method.upper()} {path} {params} → {location}")
        if who != "anonymous" and not client.session.get("_auth_user_id"):
            force_login(client, world[who])  # a page signed us out: sign in again
    print(f"open redirect sweep as {who}: {asked} requests")
    assert asked > 1000
    assert not offsite, "\n".join(offsite[:20])


@pytest.mark.parametrize("target", TARGETS)
def test_sign_ins_do_not_follow_an_off_site_next(world: World, target: str) -> None:
    citizen = Client()
    citizen.post(f"/accounts/citizen/?next={target}", {"step": "send", "phone": "13812345678"})
    message = OutboxMessage.objects.filter(channel="sms").latest("id")
    match = re.search(r"\b(\d{6})\b", message.body)
    assert match
    answer = citizen.post(
        "/accounts/citizen/",
        {"step": "verify", "phone": "13812345678", "code": match.group(1), "next": target},
    )
    assert answer.status_code == 302 and not off_site(answer["Location"])
    # Signed in already: the sign-in pages send you on, never off the site.
    for page in ("/accounts/login/", "/accounts/citizen/"):
        again = citizen.get(page, {"next": target})
        assert not off_site(again.get("Location", "")), page
    staff = Client()
    first = staff.get("/accounts/login/", {"next": target})
    assert first.status_code == 200
    step = staff.post(
        f"/accounts/login/?next={target}", {"username": "committee", "password": PASSWORD}
    )
    assert step.status_code == 302 and not off_site(step["Location"])
    done = staff.post("/accounts/second-factor/", {"code": current_code("committee")})
    assert done.status_code == 302 and not off_site(done["Location"])
    out = staff.post("/accounts/logout/", {"next": target})
    assert not off_site(out.get("Location", ""))

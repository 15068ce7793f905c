"""Staff sign-in: lockout (django-axes), sessions, passwords, disabling accounts."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.contrib.sessions.models import Session

from conftest import PASSWORD, current_code, force_login
from lianxi.accounts import actions
from lianxi.accounts.middleware import SESSION_STARTED
from lianxi.audit.models import AuditEvent
from lianxi.core.errors import InvalidInput, NotAllowed


def attempt(client: Any, username: str, password: str, ip: str = "10.0.0.1") -> Any:
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def sign_in(client: Any, username: str, ip: str = "10.0.0.1") -> Any:
    """Both steps: the password, then the code from the authenticator app."""
    first = attempt(client, username, PASSWORD, ip)
    assert first.status_code == 302 and first["Location"] == "/accounts/second-factor/"
    code = current_code(username)
    return client.post("/accounts/second-factor/", {"code": code}, REMOTE_ADDR=ip)


def test_staff_login_and_logout(client: Any, world: Any) -> None:
    response = sign_in(client, "committee")
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200
    assert AuditEvent.objects.filter(action="accounts.login", outcome="ok").exists()
    assert client.get("/accounts/logout/").status_code == 405  # no state change on GET
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/accounts/profile/").status_code == 302


def test_lockout_after_five_failures(client: Any, world: Any) -> None:
    for _ in range(5):
        attempt(client, "committee", "wrong-password")
    response = attempt(client, "committee", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="accounts.login", outcome="failed").count() >= 5


def test_lockout_is_per_account_from_any_ip(client: Any, world: Any) -> None:
    for i in range(5):
        attempt(client, "committee", "wrong-password", ip=f"10.0.1.{i}")
    assert attempt(client, "committee", PASSWORD, ip="10.0.9.9").status_code == 429


def test_ip_throttle_across_accounts(client: Any, world: Any) -> None:
    for name in ["staff_a", "staff_b", "deputy_a", "deputy_b", "handler_x"]:
        attempt(client, name, "wrong-password", ip="10.0.2.2")
    assert attempt(client, "admin", PASSWORD, ip="10.0.2.2").status_code == 429
    assert attempt(client, "admin", PASSWORD, ip="10.0.3.3").status_code == 302


def test_unknown_and_known_user_get_the_same_answer(client: Any, world: Any) -> None:
    known = attempt(client, "committee", "wrong-password", ip="10.0.4.1")
    unknown = attempt(client, "nobody-here", "wrong-password", ip="10.0.4.2")
    assert known.status_code == unknown.status_code == 200
    assert "nobody-here" not in unknown.content.decode().replace('value="nobody-here"', "")
    assert known.context["form"].errors == unknown.context["form"].errors


def test_session_id_rotates_at_login(client: Any, world: Any) -> None:
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    attempt(client, "committee", PASSWORD)
    pending = client.session.session_key
    assert pending != before
    client.post("/accounts/second-factor/", {"code": current_code("committee")})
    assert client.session.session_key not in {before, pending}


def test_absolute_session_lifetime(client: Any, world: Any, settings: Any) -> None:
    sign_in(client, "committee")
    assert client.get("/accounts/profile/").status_code == 200
    session = client.session
    session[SESSION_STARTED] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    assert client.get("/accounts/profile/").status_code == 302


def test_disabling_an_account_ends_its_sessions(client: Any, world: Any) -> None:
    attempt(client, "staff_a", PASSWORD)
    assert Session.objects.count() == 1
    actions.set_active(world["admin"], user=world["staff_a"], active=False)
    assert Session.objects.count() == 0
    assert client.get("/accounts/profile/").status_code == 302
    assert attempt(client, "staff_a", PASSWORD).status_code == 200  # refused: form again


def test_only_admins_disable_accounts(world: Any) -> None:
    with pytest.raises(NotAllowed):
        actions.set_active(world["committee"], user=world["staff_a"], active=False)
    world["staff_a"].refresh_from_db()
    assert world["staff_a"].is_active
    assert AuditEvent.objects.filter(action="accounts.set_active", outcome="denied").exists()


def test_change_password(client: Any, world: Any, login: Any) -> None:
    client = login(world["deputy_a"])
    bad = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": "12345678", "new_password2": "12345678"},
    )
    assert bad.status_code == 200 and bad.context["form"].errors
    new = "a-much-longer-passphrase-" + "x" * 39  # 64 characters are accepted
    assert len(new) == 64
    good = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": new, "new_password2": new},
    )
    assert good.status_code == 302
    world["deputy_a"].refresh_from_db()
    assert world["deputy_a"].check_password(new)
    assert client.get("/accounts/profile/").status_code == 200  # still signed in


def test_password_rules(world: Any) -> None:
    user = world["deputy_a"]
    for weak in ["short1", "password123", "1234567890123"]:
        with pytest.raises(InvalidInput):
            actions.change_password(user, old_password=PASSWORD, new_password=weak)


def test_profile_update(client: Any, world: Any, login: Any) -> None:
    client = login(world["citizen"])
    response = client.post(
        "/accounts/profile/", {"display_name": "张先生", "home_community": world.community1.pk}
    )
    assert response.status_code == 302
    world["citizen"].refresh_from_db()
    assert world["citizen"].home_community == world.community1
    page = client.get("/accounts/profile/").content.decode()
    assert "137****1111" in page and "13700001111" not in page


def test_set_role_requires_jurisdiction_for_committee(world: Any) -> None:
    with pytest.raises(InvalidInput):
        actions.set_role(world["admin"], user=world["staff_a"], role="committee")
    actions.set_role(
        world["admin"], user=world["staff_a"], role="committee", jurisdiction=world.city
    )
    world["staff_a"].refresh_from_db()
    assert world["staff_a"].role == "committee"


def test_login_redirect_ignores_offsite_next(client: Any, world: Any) -> None:
    for target in ["//evil.example", "https://evil.example/x", "\\\\evil.example"]:
        client.logout()
        response = client.post(
            "/accounts/login/",
            {"username": "committee", "password": PASSWORD, "next": target},
            REMOTE_ADDR="10.0.5.5",
        )
        assert response.status_code == 302
        code = current_code("committee")
        response = client.post("/accounts/second-factor/", {"code": code}, REMOTE_ADDR="10.0.5.5")
        assert response.status_code == 302
        assert "evil" not in response["Location"]


def test_admin_disabling_through_the_admin_ends_sessions(client: Any, world: Any) -> None:
    from django.test import Client

    other = Client()
    attempt(other, "staff_b", PASSWORD, ip="10.0.6.6")
    assert other.get("/accounts/profile/").status_code == 200
    admin_client = client
    force_login(admin_client, world["admin"])
    response = admin_client.post(
        "/admin/accounts/user/",
        {"action": "disable_accounts", "_selected_action": [world["staff_b"].pk]},
    )
    assert response.status_code == 302
    assert other.get("/accounts/profile/").status_code == 302
    assert AuditEvent.objects.filter(action="accounts.set_active", outcome="ok").exists()

"""The second factor: who needs it, enrolment, the code step, recovery codes, the admin's
reset, the shared lockout and the refusals."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, current_code, enrol, force_login
from lianxi.accounts import second_factor as sf
from lianxi.accounts.models import RecoveryCode
from lianxi.audit.models import AuditEvent
from lianxi.core.errors import InvalidInput, NotAllowed
from lianxi.notifications.models import OutboxMessage

STEP = "/accounts/second-factor/"
ENROL = "/accounts/second-factor/enrol/"


def shown_codes(html: str) -> list[str]:
    """The codes in the page's list of recovery codes (not any other word-dash-word)."""
    listed = html.split('id="recovery-codes"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"\b[a-z2-9]{5}-[a-z2-9]{5}\b", listed)


def password(client: Any, username: str, ip: str = "10.9.0.1", **extra: str) -> Any:
    data = {"username": username, "password": PASSWORD, **extra}
    return client.post("/accounts/login/", data, REMOTE_ADDR=ip)


def code(client: Any, value: str, ip: str = "10.9.0.1") -> Any:
    return client.post(STEP, {"code": value}, REMOTE_ADDR=ip)


def signed_in(client: Any) -> bool:
    return client.get("/accounts/profile/").status_code == 200


@pytest.mark.parametrize("username", ["committee", "handler_x", "admin"])
def test_required_roles_are_not_signed_in_by_the_password(
    client: Any, world: Any, username: str
) -> None:
    enrol(world[username])
    response = password(client, username)
    assert response.status_code == 302 and response["Location"] == STEP
    assert not signed_in(client)
    assert client.get("/api/v1/me").status_code in {401, 403}
    assert code(client, current_code(username)).status_code == 302
    assert signed_in(client)
    event = AuditEvent.objects.filter(action="accounts.login", outcome="ok").latest("id")
    assert event.data == {"second_factor": "totp"}


@pytest.mark.parametrize("username", ["deputy_a", "staff_a"])
def test_offered_roles_sign_in_with_the_password_until_they_enrol(
    client: Any, world: Any, username: str
) -> None:
    assert password(client, username).status_code == 302
    assert signed_in(client)
    client.post("/accounts/logout/")
    enrol(world[username])
    assert password(client, username)["Location"] == STEP
    assert not signed_in(client)


def test_citizens_are_not_offered_it(client: Any, world: Any, login: Any) -> None:
    login(world["citizen"])
    assert client.get(ENROL).status_code == 404
    assert client.post("/accounts/second-factor/recovery-codes/").status_code == 404
    assert "second-factor" not in client.get("/accounts/profile/").content.decode()
    with pytest.raises(NotAllowed):
        sf.start_enrolment(world["citizen"], user=world["citizen"])


def test_first_sign_in_enrols_then_shows_recovery_codes_once(client: Any, world: Any) -> None:
    assert password(client, "committee")["Location"] == STEP
    assert client.get(STEP)["Location"] == ENROL  # nothing to type a code from yet
    page = client.get(ENROL)
    text = page.content.decode()
    assert page.status_code == 200 and "<svg" in text and "<img" not in text
    device = TOTPDevice.objects.get(user=world["committee"], confirmed=False)
    assert sf.manual_key(device) in text
    assert client.get(ENROL).context["key"] == sf.manual_key(device)  # a reload keeps it
    wrong = client.post(ENROL, {"code": "000000" if sf.code_at(device) != "000000" else "1"})
    assert wrong.status_code == 400 and not signed_in(client)
    done = client.post(ENROL, {"code": sf.code_at(device)})
    assert done.status_code == 200
    codes = shown_codes(done.content.decode())
    assert len(set(codes)) == sf.RECOVERY_CODES
    assert signed_in(client)
    device.refresh_from_db()
    assert device.confirmed
    stored = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert len(stored) == sf.RECOVERY_CODES and not stored & {c for c in codes}
    assert AuditEvent.objects.filter(action="accounts.enrol_second_factor", outcome="ok").exists()
    assert OutboxMessage.objects.filter(
        user=world["committee"], kind="accounts.enrol_second_factor"
    ).exists()
    assert not any(c in client.get("/accounts/profile/").content.decode() for c in codes)


@pytest.mark.parametrize("username", ["committee", "deputy_a"])
def test_the_password_alone_cannot_enrol_a_new_app(client: Any, world: Any, username: str) -> None:
    enrol(world[username])
    password(client, username)
    assert client.get(ENROL)["Location"] == STEP
    assert client.post(ENROL, {"code": "123456"})["Location"] == STEP
    assert TOTPDevice.objects.filter(user=world[username]).count() == 1
    assert not signed_in(client)


def test_wrong_code_and_replayed_code_are_refused(client: Any, world: Any) -> None:
    enrol(world["committee"])
    password(client, "committee")
    right = current_code("committee")
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    response = code(client, wrong)
    assert response.status_code == 400 and response.context["form"].errors["code"]
    assert not signed_in(client)
    assert code(client, right).status_code == 302
    other = Client()
    password(other, "committee", ip="10.9.0.2")
    assert code(other, right, ip="10.9.0.2").status_code == 400  # a code works once
    failed = AuditEvent.objects.filter(action="accounts.second_factor", outcome="failed")
    assert failed.count() == 2


def test_recovery_code_signs_in_once(client: Any, world: Any) -> None:
    user = world["handler_x"]
    enrol(user)
    codes = sf.regenerate_recovery_codes(user, user=user)
    password(client, "handler_x")
    assert code(client, codes[0].upper().replace("-", " ")).status_code == 302
    assert client.session[sf.SESSION_KEY] == "recovery"
    assert sf.recovery_codes_left(user) == sf.RECOVERY_CODES - 1
    client.post("/accounts/logout/")
    password(client, "handler_x")
    assert code(client, codes[0]).status_code == 400
    assert code(client, codes[1]).status_code == 302


def test_regenerating_voids_the_old_codes(world: Any, client: Any, login: Any) -> None:
    user = world["deputy_a"]
    enrol(user)
    old = sf.regenerate_recovery_codes(user, user=user)
    login(user)
    page = client.post("/accounts/second-factor/recovery-codes/")
    new = shown_codes(page.content.decode())
    assert len(new) == sf.RECOVERY_CODES and not set(new) & set(old)
    assert sf.check(user, old[0]) is None
    assert sf.check(user, new[0]) == "recovery"


def test_wrong_codes_count_in_the_password_lockout(client: Any, world: Any) -> None:
    enrol(world["committee"])
    for _ in range(2):
        client.post("/accounts/login/", {"username": "committee", "password": "wrong"})
    password(client, "committee")
    right = current_code("committee")
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    code(client, wrong)
    code(client, wrong)
    locked = code(client, wrong)  # the fifth failure, counting both kinds
    assert locked.status_code == 429
    assert code(client, right).status_code == 429  # even the right code now
    assert not signed_in(client)
    assert password(Client(), "committee", ip="10.9.9.9").status_code == 429


def test_pending_sign_in_expires(client: Any, world: Any, settings: Any) -> None:
    enrol(world["committee"])
    password(client, "committee")
    session = client.session
    session[sf.PENDING_KEY]["at"] -= settings.SECOND_FACTOR_PENDING_SECONDS + 1
    session.save()
    assert code(client, current_code("committee"))["Location"] == "/accounts/login/"
    assert not signed_in(client)


def test_a_session_of_a_required_role_without_the_code_ends(client: Any, world: Any) -> None:
    client.force_login(world["committee"], backend="django.contrib.auth.backends.ModelBackend")
    assert not signed_in(client)
    force_login(client, world["committee"])
    assert signed_in(client)


def test_sms_code_does_not_skip_the_app(client: Any, world: Any) -> None:
    from lianxi.accounts import actions

    handler = world["handler_x"]
    handler.phone = "13600007777"
    handler.save()
    enrol(handler)
    actions.request_login_code(None, phone="13600007777", ip="10.9.1.1")
    from e2e.helpers import latest_sms_code

    response = client.post(
        "/accounts/citizen/",
        {"step": "verify", "phone": "13600007777", "code": latest_sms_code()},
    )
    assert response["Location"] == STEP
    assert not signed_in(client)


def test_admin_resets_a_lost_phone_audited(world: Any, client: Any) -> None:
    user = world["committee"]
    enrol(user)
    sf.regenerate_recovery_codes(user, user=user)
    other = force_login(Client(), user)
    admin = force_login(client, world["admin"])
    response = admin.post(
        "/admin/accounts/user/",
        {"action": "reset_second_factor", "_selected_action": [user.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not RecoveryCode.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(action="accounts.reset_second_factor", outcome="ok")
    assert event.actor == world["admin"] and event.target_id == str(user.pk)
    assert event.data["devices"] == 1 and event.data["recovery_codes"] == sf.RECOVERY_CODES
    assert other.get("/accounts/profile/").status_code == 302  # its sessions ended
    told = OutboxMessage.objects.filter(user=user, kind="accounts.reset_second_factor")
    assert told.filter(channel="inapp").exists()  # and the person is told
    fresh = Client()
    password(fresh, "committee")
    assert fresh.get(STEP)["Location"] == ENROL  # enrols again


def test_only_administrators_reset_and_not_their_own(world: Any) -> None:
    enrol(world["committee"])
    with pytest.raises(NotAllowed):
        sf.reset(world["committee_d1"], user=world["committee"])
    with pytest.raises(InvalidInput):
        sf.reset(world["admin"], user=world["admin"])
    assert TOTPDevice.objects.filter(user=world["committee"]).exists()
    assert AuditEvent.objects.filter(
        action="accounts.reset_second_factor", outcome="denied"
    ).exists()


def test_nobody_enrols_for_someone_else(world: Any) -> None:
    with pytest.raises(NotAllowed):
        sf.start_enrolment(world["admin"], user=world["committee"])
    with pytest.raises(NotAllowed):
        sf.regenerate_recovery_codes(world["admin"], user=world["committee"])


def test_enrol_page_needs_a_sign_in_or_a_pending_one(client: Any, world: Any) -> None:
    assert client.get(ENROL)["Location"] == "/accounts/login/"
    assert client.get(STEP)["Location"] == "/accounts/login/"


def test_the_admin_signs_in_through_the_staff_sign_in(client: Any, world: Any) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_the_secret_is_not_in_the_admin(world: Any, client: Any) -> None:
    device = enrol(world["committee"])
    admin = force_login(client, world["admin"])
    page = admin.get(f"/admin/accounts/user/{world['committee'].pk}/change/")
    assert page.status_code == 200 and device.key not in page.content.decode()
    assert admin.get("/admin/otp_totp/totpdevice/").status_code == 404

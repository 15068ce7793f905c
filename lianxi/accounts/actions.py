"""Account actions: one-time codes, sign-in of citizens, passwords, roles, disabling."""

from __future__ import annotations

import hmac
import math
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.accounts.models import OneTimeCode, User
from lianxi.audit.log import log
from lianxi.core.actions import action
from lianxi.core.choices import Role
from lianxi.core.errors import InvalidInput, NotAllowed, RateLimited
from lianxi.core.events import announce
from lianxi.directory.models import Area
from lianxi.lib.crypto import keyed_hash
from lianxi.lib.masking import mask_phone
from lianxi.lib.phones import normalise_mobile


def _code_hash(phone_hash: str, code: str) -> str:
    return keyed_hash(phone_hash + ":" + code, "otp")


def _phone_or_error(raw: str) -> str:
    phone = normalise_mobile(raw)
    if phone is None:
        raise InvalidInput(_("Enter an 11-digit mainland mobile number."), field="phone")
    return phone


# Code requests are counted in the database, then written: one at a time, or requests sent at
# the same moment would all count the same rows and all pass (quality.md test 9). SQLite's
# IMMEDIATE transactions already admit one writer at a time; PostgreSQL takes this lock.
CODE_REQUEST_LOCK = 7_320_927


def _one_request_at_a_time() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CODE_REQUEST_LOCK])


@action("accounts.request_login_code")
def request_login_code(actor: Any, *, phone: str, ip: str) -> OneTimeCode:
    """Send a 6-digit code by SMS, within the limits per phone and per IP."""
    number = _phone_or_error(phone)
    _one_request_at_a_time()
    phone_hash = keyed_hash(number, "phone")
    now = timezone.now()
    hour_ago = now - timedelta(hours=1)
    recent = OneTimeCode.objects.filter(phone_hash=phone_hash, created_at__gte=hour_ago)
    per_ip = OneTimeCode.objects.filter(ip=ip, created_at__gte=hour_ago).count()
    interval = timedelta(seconds=settings.OTP_PER_PHONE_INTERVAL_SECONDS)
    reason = None
    if recent.filter(created_at__gte=now - interval).exists():
        reason = _("A code was sent less than a minute ago. Please wait before asking again.")
    elif recent.count() >= settings.OTP_PER_PHONE_PER_HOUR:
        reason = _("Too many codes for this number in the last hour. Try again later.")
    elif per_ip >= settings.OTP_PER_IP_PER_HOUR:
        reason = _("Too many codes requested from this network. Try again later.")
    if reason:
        raise RateLimited(reason)  # audited as "denied" by @action
    code = f"{secrets.randbelow(10**6):06d}"
    otp = OneTimeCode.objects.create(
        phone_hash=phone_hash,
        code_hash=_code_hash(phone_hash, code),
        ip=ip,
        created_at=now,
        expires_at=now + timedelta(seconds=settings.OTP_TTL_SECONDS),
    )
    log(actor, "accounts.request_login_code", otp, {"phone": mask_phone(number)})
    # Always by SMS, at once (lianxi/notifications/rules/accounts.py).
    announce("accounts.request_login_code", otp, actor, phone=number, code=code)
    return otp


def seconds_before_next_code(phone: str, now: datetime | None = None) -> int:
    """How long until this phone may ask for another code (0 when it may now, or when the
    number is not a mobile number): the 获取验证码 button counts it down."""
    number = normalise_mobile(phone or "")
    if number is None:
        return 0
    last = (
        OneTimeCode.objects.filter(phone_hash=keyed_hash(number, "phone"))
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last is None:
        return 0
    interval = timedelta(seconds=settings.OTP_PER_PHONE_INTERVAL_SECONDS)
    left = (last + interval - (now or timezone.now())).total_seconds()
    return max(0, min(settings.OTP_PER_PHONE_INTERVAL_SECONDS, math.ceil(left)))


@action("accounts.verify_login_code")
def verify_login_code(actor: Any, *, phone: str, code: str) -> User | None:
    """Return the citizen's account (created on first sign-in), or None for a wrong,
    used or expired code. A code works once; after 5 wrong tries it is void."""
    number = _phone_or_error(phone)
    phone_hash = keyed_hash(number, "phone")
    now = timezone.now()
    otp = (
        OneTimeCode.objects.filter(phone_hash=phone_hash, used_at__isnull=True, expires_at__gt=now)
        .order_by("-created_at")
        .first()
    )
    ok = (
        otp is not None
        and otp.attempts < settings.OTP_MAX_ATTEMPTS
        and hmac.compare_digest(otp.code_hash, _code_hash(phone_hash, (code or "").strip()))
        # Single use even under a race: only one request flips used_at.
        and OneTimeCode.objects.filter(pk=otp.pk, used_at__isnull=True).update(used_at=now) == 1
    )
    if not ok:
        if otp is not None:
            OneTimeCode.objects.filter(pk=otp.pk).update(attempts=otp.attempts + 1)
        log(
            actor,
            "accounts.verify_login_code",
            otp,
            {"phone": mask_phone(number)},
            outcome="failed",
        )
        return None
    user = User.objects.filter(phone_hash=phone_hash).first()
    if user is None:
        user = User(username=f"citizen-{secrets.token_hex(5)}", role=Role.CITIZEN, phone=number)
        user.set_unusable_password()
        user.save()
        log(user, "accounts.citizen_registered", user, {"phone": mask_phone(number)})
    if not user.is_active:
        log(user, "accounts.verify_login_code", otp, {"inactive": True}, outcome="denied")
        return None
    log(user, "accounts.verify_login_code", otp, {"phone": mask_phone(number)})
    return user


@action("accounts.change_password")
def change_password(actor: User, *, old_password: str, new_password: str) -> None:
    if not actor.is_authenticated or not actor.has_usable_password():
        raise NotAllowed(_("This account signs in with a one-time code and has no password."))
    if not actor.check_password(old_password):
        raise InvalidInput(_("The current password is wrong."), field="old_password")
    try:
        validate_password(new_password, actor)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), field="new_password") from exc
    actor.set_password(new_password)
    actor.password_changed_at = timezone.now()
    actor.save(update_fields=["password", "password_changed_at"])
    log(actor, "accounts.change_password", actor)


@action("accounts.update_profile")
def update_profile(actor: User, *, display_name: str, home_community: Area | None) -> User:
    if not actor.is_authenticated:
        raise NotAllowed(_("Sign in first."))
    if home_community is not None and home_community.level != 5:
        raise InvalidInput(_("Choose a community or village."), field="home_community")
    actor.display_name = display_name.strip()[:60]
    actor.home_community = home_community
    actor.save(update_fields=["display_name", "home_community"])
    log(actor, "accounts.update_profile", actor, {"fields": ["display_name", "home_community"]})
    return actor


def kill_sessions(user: User) -> int:
    killed = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            killed += 1
    return killed


@action("accounts.set_active")
def set_active(actor: User, *, user: User, active: bool) -> User:
    """Enable or disable an account; disabling ends all of its sessions at once."""
    if not (actor.is_authenticated and actor.role == Role.ADMIN):
        raise NotAllowed(_("Only administrators can enable or disable accounts."))
    if user.pk == actor.pk and not active:
        raise InvalidInput(_("You cannot disable your own account."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    killed = 0 if active else kill_sessions(user)
    log(actor, "accounts.set_active", user, {"active": active, "sessions_ended": killed})
    return user


@action("accounts.set_role")
def set_role(actor: User, *, user: User, role: str, jurisdiction: Area | None = None) -> User:
    if not (actor.is_authenticated and actor.role == Role.ADMIN):
        raise NotAllowed(_("Only administrators can change roles."))
    if role not in Role.values:
        raise InvalidInput(_("Unknown role."), field="role")
    if role == Role.COMMITTEE and jurisdiction is None:
        raise InvalidInput(_("Committee staff need a jurisdiction."), field="jurisdiction")
    before = user.role
    user.role = role
    user.jurisdiction = jurisdiction if role == Role.COMMITTEE else None
    user.save(update_fields=["role", "jurisdiction", "is_staff"])
    log(actor, "accounts.set_role", user, {"from": before, "to": role})
    return user

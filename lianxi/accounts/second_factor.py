"""The second factor for staff (decision 0008): a TOTP authenticator app (django-otp) and
single-use recovery codes.

Who: required for committee staff, department handlers and administrators (and any superuser),
offered to deputies and station staff. A session is signed in only after both factors: the
password step leaves a short "pending" note in the session, and `login()` runs after the code
(accounts/views_second_factor.py). The session then records how the code was given
(`SESSION_KEY`); `SessionLifetimeMiddleware` ends any session of a required role without it.
"""

from __future__ import annotations

import base64
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lianxi.accounts.models import RecoveryCode, User
from lianxi.audit.log import log
from lianxi.core.actions import action
from lianxi.core.choices import Role
from lianxi.core.errors import InvalidInput, NotAllowed
from lianxi.core.events import announce
from lianxi.core.qr import inline_svg
from lianxi.lib.crypto import keyed_hash

REQUIRED_ROLES = frozenset({Role.COMMITTEE, Role.DEPARTMENT, Role.ADMIN})
OFFERED_ROLES = frozenset({Role.DEPUTY, Role.STATION_STAFF})
SESSION_KEY = "lianxi_second_factor"  # "totp" or "recovery": how this session passed
PENDING_KEY = "lianxi_pending_sign_in"
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
DEVICE_NAME = "authenticator"


def required(user: Any) -> bool:
    return bool(user.is_superuser or user.role in REQUIRED_ROLES)


def offered(user: Any) -> bool:
    return required(user) or user.role in OFFERED_ROLES


def device_of(user: Any, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-pk").first()


def needs_code(user: Any) -> bool:
    """Whether signing in takes a code: always for the required roles (who enrol first if
    they have no app yet), and for anyone else who chose to enrol."""
    return required(user) or device_of(user) is not None


def passed(request: HttpRequest) -> bool:
    return request.session.get(SESSION_KEY) in {"totp", "recovery"}


# The pending sign-in: password accepted, code not yet given --------------------------------


@dataclass(frozen=True)
class Pending:
    user: User
    backend: str
    next_url: str


def begin(request: HttpRequest, user: Any, next_url: str) -> None:
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "next": next_url,
        "at": time.time(),
    }


def pending(request: HttpRequest) -> Pending | None:
    note = request.session.get(PENDING_KEY)
    if not isinstance(note, dict):
        return None
    if time.time() - float(note.get("at", 0)) > settings.SECOND_FACTOR_PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None
    user = User.objects.filter(pk=int(note.get("user") or 0), is_active=True).first()
    if user is None:
        return None
    backend = str(note.get("backend") or settings.AUTHENTICATION_BACKENDS[-1])
    return Pending(user, backend, str(note.get("next") or ""))


def finish(request: HttpRequest, how: str) -> None:
    request.session.pop(PENDING_KEY, None)
    request.session[SESSION_KEY] = how


# Codes -----------------------------------------------------------------------------------


def _normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def _recovery_hash(user: Any, code: str) -> str:
    return keyed_hash(f"{user.pk}:{_normalise(code)}", "recovery")


def _totp(device: TOTPDevice) -> TOTP:
    return TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)


def code_at(device: TOTPDevice, when: float | None = None) -> str:
    """The code the app shows at `when` (now by default)."""
    totp = _totp(device)
    if when is not None:
        totp.time = when
    return f"{totp.token():0{device.digits}d}"


def next_usable_code(device: TOTPDevice) -> str:
    """A code that signs in now: the current one, or, if it was just used (a code works once),
    the next step's, which the tolerance of one step accepts."""
    totp = _totp(device)
    step = max(totp.t(), device.last_t + 1)
    return code_at(device, device.t0 + step * device.step)


def manual_key(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code(device: TOTPDevice) -> SafeString:
    return inline_svg(device.config_url, scale=4)


def check(user: Any, code: str) -> str | None:
    """ "totp" or "recovery" when `code` is right for `user` (a recovery code is spent, once,
    even under a race), else None. A TOTP code works once too (django-otp's last_t)."""
    typed = _normalise(code)
    if not typed:
        return None
    device = device_of(user)
    if device is not None and typed.isdigit() and len(typed) == device.digits:
        with transaction.atomic():
            locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            if locked.verify_token(typed):
                return "totp"
        return None
    spent = RecoveryCode.objects.filter(
        user=user, code_hash=_recovery_hash(user, typed), used_at__isnull=True
    ).update(used_at=timezone.now())
    return "recovery" if spent == 1 else None


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _replace_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    now = timezone.now()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=_recovery_hash(user, c), created_at=now) for c in codes
    )
    return codes


def recovery_codes_left(user: Any) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


# Actions ---------------------------------------------------------------------------------


def _moment() -> str:
    return f"{timezone.localtime():%Y-%m-%d %H:%M}"


def _may_enrol(actor: Any, user: User) -> None:
    if actor.pk != user.pk or not offered(user):
        raise NotAllowed(_("Only staff can set up an authenticator app, each for themselves."))


@action("accounts.start_second_factor")
def start_enrolment(actor: Any, *, user: User) -> TOTPDevice:
    """A new, unconfirmed TOTP secret for `user` (kept until confirmed or replaced). `actor` is
    `user` on a pending sign-in too: the password was right."""
    _may_enrol(actor, user)
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    log(actor, "accounts.start_second_factor", user)
    return device


@action("accounts.enrol_second_factor")
def enrol(actor: Any, *, user: User, code: str) -> list[str]:
    """Confirm the new secret with a code from the app: it replaces any earlier device, and
    fresh recovery codes (returned once, stored hashed) replace the old ones."""
    _may_enrol(actor, user)
    device = device_of(user, confirmed=False)
    if device is None:
        raise InvalidInput(_("Start again: the setup has expired."), field="code")
    typed = _normalise(code)
    if not (typed.isdigit() and len(typed) == device.digits and device.verify_token(typed)):
        raise InvalidInput(
            _("The code does not match. Check the phone's clock and type the code shown now."),
            field="code",
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _replace_recovery_codes(user)
    log(actor, "accounts.enrol_second_factor", user, {"recovery_codes": len(codes)})
    announce("accounts.enrol_second_factor", user, actor, at=_moment())
    return codes


@action("accounts.regenerate_recovery_codes")
def regenerate_recovery_codes(actor: Any, *, user: User) -> list[str]:
    _may_enrol(actor, user)
    if device_of(user) is None:
        raise NotAllowed(_("Set up an authenticator app first."))
    codes = _replace_recovery_codes(user)
    log(actor, "accounts.regenerate_recovery_codes", user, {"recovery_codes": len(codes)})
    return codes


@action("accounts.reset_second_factor")
def reset(actor: Any, *, user: User) -> int:
    """An administrator removes a person's app and recovery codes (a lost phone): the person
    enrols again at the next sign-in. Their sessions end."""
    from lianxi.accounts.actions import kill_sessions

    if not (actor.is_authenticated and (actor.role == Role.ADMIN or actor.is_superuser)):
        raise NotAllowed(_("Only administrators can reset a second factor."))
    if actor.pk == user.pk:
        raise InvalidInput(_("Ask another administrator to reset your own second factor."))
    devices, _rows = TOTPDevice.objects.filter(user=user).delete()
    codes, _rows = RecoveryCode.objects.filter(user=user).delete()
    killed = kill_sessions(user)
    log(
        actor,
        "accounts.reset_second_factor",
        user,
        {"devices": devices, "recovery_codes": codes, "sessions_ended": killed},
    )
    announce("accounts.reset_second_factor", user, actor, at=_moment())
    return devices

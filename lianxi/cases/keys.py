"""API keys of intake clients (Open311 systems, hotline bridges).

Only the first characters and a keyed hash of a key are stored; the key itself is returned once,
when it is issued, and cannot be shown again."""

from __future__ import annotations

import secrets
from typing import Any

from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.cases.models import IntakeClient
from lianxi.core.actions import action
from lianxi.core.choices import Role
from lianxi.core.errors import InvalidInput, NotAllowed
from lianxi.lib.crypto import keyed_hash

KEY_PURPOSE = "intake-key"
KEY_LENGTH = 32
PREFIX_LENGTH = 8


def _hash(key: str) -> str:
    return keyed_hash(key, KEY_PURPOSE)


def _may_issue(actor: Any) -> bool:
    """Administrators in the admin; `None` is the operator at the command line."""
    if actor is None:
        return True
    return bool(
        getattr(actor, "is_authenticated", False)
        and actor.is_active
        and (actor.role == Role.ADMIN or actor.is_superuser)
    )


@action("cases.issue_intake_key")
def issue_key(actor: Any, *, name: str, rotate: bool = False) -> str:
    """Create the client `name` with a new key, or with `rotate` replace an existing client's
    key (the old key stops working at once). Returns the key: it is never shown again."""
    if not _may_issue(actor):
        raise NotAllowed(_("Only administrators can issue API keys."))
    name = (name or "").strip()
    if not 1 <= len(name) <= 80:
        raise InvalidInput(_("The name needs 1 to 80 characters."), field="name")
    key = secrets.token_urlsafe(KEY_LENGTH)[:KEY_LENGTH]
    fields = {"key_prefix": key[:PREFIX_LENGTH], "key_hash": _hash(key)}
    client = IntakeClient.objects.select_for_update().filter(name=name).first()
    if client is None:
        client = IntakeClient.objects.create(name=name, **fields)
        log(actor, "cases.issue_intake_key", client, {"prefix": fields["key_prefix"]})
        return key
    if not rotate:
        raise InvalidInput(
            _("A client with this name exists already; rotate its key instead."), field="name"
        )
    IntakeClient.objects.filter(pk=client.pk).update(**fields)
    log(
        actor,
        "cases.issue_intake_key",
        client,
        {"prefix": fields["key_prefix"], "rotated_from": client.key_prefix},
    )
    return key


def client_for_key(key: str | None) -> IntakeClient | None:
    """The active client holding `key`, or None."""
    key = (key or "").strip()
    if not key or len(key) > 200:
        return None
    return IntakeClient.objects.filter(key_hash=_hash(key), is_active=True).first()

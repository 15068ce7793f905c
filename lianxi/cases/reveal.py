"""A citizen's contact revealed on purpose. Everywhere else (pages, API, exports) staff see it
masked; the full name, phone and address come only from `reveal_contact`: for a user who needs
to know (`policies.can_see_contact`), with a reason, at most CONTACT_REVEALS_PER_HOUR times an
hour per user, each reveal and each refusal audited with the case."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.cases.models import Case
from lianxi.cases.policies import can_see_contact
from lianxi.cases.throttle import count_try
from lianxi.core.actions import action
from lianxi.core.errors import ActionError, IllegalTransition, InvalidInput, NotAllowed, RateLimited
from lianxi.lib.masking import mask_text

REASON_MIN = 4
REASON_MAX = 200
WINDOW = 3600  # seconds: the limit counts reveals per hour


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str
    address: str


def has_contact(case: Case) -> bool:
    return not case.is_anonymous and bool(case.contact_name or case.contact_phone or case.address)


def _refuse(exc: ActionError, case: Case) -> ActionError:
    exc.target = case  # the refusal's audit event names the case
    return exc


@action("cases.reveal_contact")
def reveal_contact(actor: Any, *, case: Case, reason: str) -> Contact:
    reason = " ".join((reason or "").split())
    if not can_see_contact(actor, case):
        raise _refuse(
            NotAllowed(_("Only those who work on this case may see the citizen's contact.")), case
        )
    if not has_contact(case):
        raise _refuse(IllegalTransition(_("This case has no contact to show.")), case)
    if len(reason) < REASON_MIN:
        raise _refuse(
            InvalidInput(
                _("Reason: write why you need the contact (at least %(n)d characters).")
                % {"n": REASON_MIN},
                field="reason",
            ),
            case,
        )
    if len(reason) > REASON_MAX:
        raise _refuse(
            InvalidInput(
                _("Reason: at most %(n)d characters.") % {"n": REASON_MAX}, field="reason"
            ),
            case,
        )
    limit = settings.CONTACT_REVEALS_PER_HOUR
    if count_try(f"cases:reveal:{actor.pk}", WINDOW) > limit:
        raise _refuse(
            RateLimited(
                _("You have revealed %(n)d contacts in the last hour. Try again later.")
                % {"n": limit},
                retry_after=WINDOW,
            ),
            case,
        )
    fields = [
        name
        for name, value in (
            ("name", case.contact_name),
            ("phone", case.contact_phone),
            ("address", case.address),
        )
        if value
    ]
    log(actor, "cases.reveal_contact", case, {"reason": mask_text(reason), "fields": fields})
    return Contact(name=case.contact_name, phone=case.contact_phone, address=case.address)

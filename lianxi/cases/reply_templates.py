"""Reply templates staff write for themselves or share with their unit (B8): save (new or
changed) and delete, each an audited action. Only the owner (or an administrator) changes one;
it may be shared with one of the owner's units only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.cases.models import Case, ReplyTemplate
from lianxi.cases.querysets import template_units
from lianxi.core.actions import action
from lianxi.core.choices import STAFF_ROLES
from lianxi.core.errors import InvalidInput, NotAllowed
from lianxi.directory.models import Area, Category, Department, Station

PLACEHOLDERS = ("tracking_number", "title", "deputy", "department")


@dataclass
class TemplateInput:
    title: str
    body: str
    category: Category | None = None
    share: Station | Department | Area | None = None  # None: only the owner uses it
    is_active: bool = True


def _check(actor: Any, data: TemplateInput) -> TemplateInput:
    title, body = data.title.strip(), data.body.strip()
    if not 2 <= len(title) <= 60:
        raise InvalidInput(_("The title needs 2 to 60 characters."), field="title")
    if not 10 <= len(body) <= 3000:
        raise InvalidInput(_("The text needs 10 to 3,000 characters."), field="body")
    if data.category is not None and not data.category.is_active:
        raise InvalidInput(_("This category is no longer in use."), field="category")
    if data.share is not None and data.share not in template_units(actor):
        raise InvalidInput(_("You can share only with a unit of your own."), field="share")
    data.title, data.body = title, body
    return data


def _apply(template: ReplyTemplate, data: TemplateInput) -> None:
    share = data.share
    template.title, template.body, template.category = data.title, data.body, data.category
    template.is_active = data.is_active
    template.shared_station = share if isinstance(share, Station) else None
    template.shared_department = share if isinstance(share, Department) else None
    template.shared_area = share if isinstance(share, Area) else None
    template.updated_at = timezone.now()


def _facts(template: ReplyTemplate) -> dict[str, Any]:
    unit = template.shared_with
    return {"title": template.title, "shared_with": str(unit) if unit else ""}


@action("cases.save_reply_template")
def save_template(
    actor: Any, *, data: TemplateInput, template: ReplyTemplate | None = None
) -> ReplyTemplate:
    if actor.role not in STAFF_ROLES:
        raise NotAllowed(_("Only staff write reply templates."))
    if (
        template is not None
        and not ReplyTemplate.objects.editable_by(actor).filter(pk=template.pk).exists()
    ):
        raise NotAllowed(_("Only its owner changes a reply template."))
    data = _check(actor, data)
    created = template is None
    if template is None:
        template = ReplyTemplate(owner=actor)
    _apply(template, data)
    template.save()
    log(actor, "cases.save_reply_template", template, _facts(template) | {"created": created})
    return template


@action("cases.delete_reply_template")
def delete_template(actor: Any, *, template: ReplyTemplate) -> None:
    if not ReplyTemplate.objects.editable_by(actor).filter(pk=template.pk).exists():
        raise NotAllowed(_("Only its owner deletes a reply template."))
    log(actor, "cases.delete_reply_template", template, _facts(template))
    template.delete()


def fill(template: ReplyTemplate, case: Case) -> str:
    """The template's text for `case`: {tracking_number} {title} {deputy} {department}
    filled; other braces stay as written."""
    from lianxi.cases.choices import ReferralRole, ReferralStatus

    lead = (
        case.referrals.filter(role=ReferralRole.LEAD)
        .exclude(status=ReferralStatus.WITHDRAWN)
        .select_related("department")
        .order_by("-id")
        .first()
    )
    values = {
        "tracking_number": case.tracking_number,
        "title": case.title,
        "deputy": case.deputy.name if case.deputy else "",
        "department": lead.department.name if lead else "",
    }
    text = template.body
    for key in PLACEHOLDERS:
        text = text.replace("{" + key + "}", values[key])
    return text


def usable(user: Any, case: Case | None) -> Any:
    """The active templates `user` may use on `case`: for its category (or the category's
    parent), and the general ones."""
    from django.db.models import Q

    query = Q(category__isnull=True)
    if case is not None and case.category_id:
        query |= Q(category_id=case.category_id)
        if case.category and case.category.parent_id:
            query |= Q(category_id=case.category.parent_id)
    return ReplyTemplate.objects.visible_to(user).filter(query, is_active=True).order_by("title")

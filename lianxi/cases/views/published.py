"""Published cases (S7, S12): consented, closed, reviewed by staff. Nothing personal: the
citizen is a pseudonym ("a resident of 东湖区") and every text passes through `mask_text`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from lianxi.cases.choices import ReferralRole, ReferralStatus, Status
from lianxi.cases.models import Case, CaseEvent, Referral
from lianxi.directory.choices import AreaLevel
from lianxi.directory.models import Area, Category
from lianxi.lib.masking import mask_name, mask_text
from lianxi.portal.rendering import clean_id, paginate

PER_PAGE = 20


def published_cases() -> QuerySet[Case]:
    return Case.objects.published().filter(status=Status.CLOSED, consent_to_publish=True)


def pseudonym(case: Case) -> str:
    """The district the matter came from, never the person: "东湖区的居民"."""
    node = case.community
    while node is not None and node.level > AreaLevel.DISTRICT:
        node = node.parent
    if node is None:
        return _("A resident")
    return _("A resident of %(district)s") % {"district": node.name}


def clean(text: str, case: Case) -> str:
    """Mask phone and ID numbers, and the contact's own name should the text repeat it."""
    text = mask_text(text or "")
    name = (case.contact_name or "").strip()
    if len(name) >= 2:
        text = text.replace(name, mask_name(name))
    return text


@dataclass
class Row:
    case: Case
    title: str
    district: str


@require_safe
def case_list(request: HttpRequest) -> HttpResponse:
    qs = published_cases().select_related("category__parent", "community__parent__parent")
    category_id, district_id = clean_id(request, "category"), clean_id(request, "district")
    if category_id:
        qs = qs.filter(Q(category_id=category_id) | Q(category__parent_id=category_id))
    if district_id:
        district = Area.objects.filter(pk=district_id, level=AreaLevel.DISTRICT).first()
        qs = qs.filter(community__prefix__startswith=district.prefix) if district else qs.none()
    page = paginate(request, qs.order_by("-closed_at", "-id"), PER_PAGE)
    rows = [Row(c, clean(c.title, c), pseudonym(c)) for c in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "categories": Category.objects.filter(level=1).order_by("sort_order", "code"),
        "districts": Area.objects.filter(level=AreaLevel.DISTRICT).order_by("code"),
        "category_id": category_id,
        "district_id": district_id,
    }
    return render(request, "cases/published/list.html", context)


@require_safe
def case_detail(request: HttpRequest, tracking_number: str) -> HttpResponse:
    case = (
        published_cases()
        .filter(tracking_number=tracking_number[:20])
        .select_related("category__parent", "community__parent__parent", "deputy")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=CaseEvent.objects.filter(public=True).order_by("at", "id"),
                to_attr="public_events",
            ),
            Prefetch(
                "referrals",
                queryset=Referral.objects.filter(
                    role=ReferralRole.LEAD, status=ReferralStatus.ANSWERED
                ).select_related("department"),
                to_attr="answers",
            ),
            "ratings",
        )
        .first()
    )
    if case is None:
        raise Http404
    c: Any = case
    events = [(e, clean(e.text, case)) for e in c.public_events]
    answers = [(r, clean(r.answer, case)) for r in c.answers]
    context = {
        "case": case,
        "title": clean(case.title, case),
        "content": clean(case.content, case),
        "who": pseudonym(case),
        "events": events,
        "answers": answers,
        "ratings": [(r, clean(r.comment, case)) for r in c.ratings.all()],
    }
    return render(request, "cases/published/detail.html", context)

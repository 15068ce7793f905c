"""What each role's workbench shows: one function per role, each reading only through the
`visible_to(user)` querysets (architecture.md rule 2). Views call these and render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxi.accounts.models import User
from lianxi.cases import queues
from lianxi.cases.models import Case
from lianxi.core.choices import Role
from lianxi.directory.models import Area, Category, Department, Deputy, Station
from lianxi.portal import queries
from lianxi.portal.queries import AREA_CHAIN
from lianxi.portal.rendering import clean_query, paginate

TABLE_PER_PAGE = 20
DEPARTMENT_TODO = 8  # the handler's cases to sign for or answer, earliest due first
CITIZEN_RECENT = 5  # the citizen's latest matters on the home page; the rest under 我的诉求
# The directory's import/export pages (another module) and what they handle.
DIRECTORY_KINDS = (
    ("deputies", _("Deputies")),
    ("stations", _("Liaison stations")),
    ("departments", _("Departments")),
)


@dataclass
class Dashboard:
    template: str
    context: dict[str, Any]
    # htmx target id → partial of `template`, for tables that page and search in place.
    partials: dict[str, str]


def station_details(stations: QuerySet[Station]) -> QuerySet[Station]:
    """Stations with their area, deputies, staff and communities (no query per row)."""
    return stations.select_related(f"area__{AREA_CHAIN}").prefetch_related(
        Prefetch("deputies", queryset=Deputy.objects.select_related("constituency")),
        Prefetch("staff", queryset=User.objects.order_by("display_name", "username")),
        Prefetch("communities", queryset=Area.objects.select_related("parent").order_by("code")),
    )


def citizen(request: HttpRequest) -> Dashboard:
    user: Any = request.user
    community = queries.community(user.home_community_id)
    recent = Case.objects.visible_to(user).select_related("category").order_by("-submitted_at")
    context = {
        "community": community,
        "service": queries.community_service(community) if community else None,
        "recent_cases": list(recent[:CITIZEN_RECENT]),
    }
    return Dashboard("workbench/citizen.html", context, {})


def deputy(request: HttpRequest) -> Dashboard:
    user: Any = request.user
    record = (
        Deputy.objects.visible_to(user)
        .filter(user=user)
        .select_related("constituency")
        .prefetch_related("expertise")
        .first()
    )
    stations = list(station_details(Station.objects.visible_to(user)).order_by("name"))
    return Dashboard("workbench/deputy.html", {"record": record, "stations": stations}, {})


def station_staff(request: HttpRequest) -> Dashboard:
    user: Any = request.user
    stations = list(station_details(Station.objects.visible_to(user)).order_by("name"))
    return Dashboard("workbench/station_staff.html", {"stations": stations}, {})


def department(request: HttpRequest) -> Dashboard:
    user: Any = request.user
    departments = list(
        Department.objects.visible_to(user)
        .select_related(f"area__{AREA_CHAIN}")
        .prefetch_related(
            Prefetch("categories", queryset=Category.objects.select_related("parent")),
            Prefetch("handlers", queryset=User.objects.order_by("display_name", "username")),
        )
        .order_by("name")
    )
    todo = (
        Case.objects.visible_to(user)
        .filter(status__in=queues.DEPARTMENT_TURN)
        .order_by(F("due_date").asc(nulls_last=True), "submitted_at", "id")[:DEPARTMENT_TODO]
    )
    context = {"departments": departments, "todo": list(todo), "today": timezone.localdate()}
    return Dashboard("workbench/department.html", context, {})


def directory_tables(request: HttpRequest) -> dict[str, Any]:
    """The searchable, paginated station and deputy tables of everything in scope."""
    user: Any = request.user
    station_q = clean_query(request, "sq")
    deputy_q = clean_query(request, "dq")
    stations = (
        Station.objects.visible_to(user)
        .select_related(f"area__{AREA_CHAIN}")
        .annotate(deputy_count=Count("deputies", filter=Q(deputies__status="serving")))
        .order_by("area__code", "name")
    )
    if station_q:
        stations = stations.filter(
            Q(name__contains=station_q)
            | Q(address__contains=station_q)
            | Q(area__name__contains=station_q)
        )
    deputies = (
        Deputy.objects.visible_to(user)
        .select_related(f"constituency__{AREA_CHAIN}")
        .order_by("name", "id")
    )
    if deputy_q:
        deputies = deputies.filter(
            Q(name__contains=deputy_q)
            | Q(delegation__contains=deputy_q)
            | Q(constituency__name__contains=deputy_q)
        )
    return {
        "station_page": paginate(request, stations, TABLE_PER_PAGE, "sp"),
        "deputy_page": paginate(request, deputies, TABLE_PER_PAGE, "dp"),
        "sq": station_q,
        "dq": deputy_q,
    }


def directory_links() -> list[dict[str, Any]]:
    """Import and export pages for each kind, where the directory module provides them."""
    links = []
    for kind, label in DIRECTORY_KINDS:
        try:
            links.append(
                {
                    "label": label,
                    "import_url": reverse("directory:import", kwargs={"kind": kind}),
                    "export_url": reverse("directory:export", kwargs={"kind": kind}),
                }
            )
        except NoReverseMatch:
            continue
    return links


TABLE_PARTIALS = {"station-table": "station_table", "deputy-table": "deputy_table"}


def committee(request: HttpRequest) -> Dashboard:
    user: Any = request.user
    jurisdiction = user.jurisdiction
    context: dict[str, Any] = {"jurisdiction": jurisdiction}
    if jurisdiction is not None:
        deputies = Deputy.objects.visible_to(user)
        context["counts"] = {
            "deputies": deputies.filter(status="serving").count(),
            "stations": Station.objects.visible_to(user).filter(is_active=True).count(),
            "departments": Department.objects.visible_to(user).filter(is_active=True).count(),
            "communities": Area.objects.communities().within(jurisdiction.prefix).count(),
        }
        context |= directory_tables(request)
        context["directory_links"] = directory_links()
    return Dashboard("workbench/committee.html", context, TABLE_PARTIALS)


def admin(request: HttpRequest) -> Dashboard:
    counts = dict(
        User.objects.filter(is_active=True).values_list("role").annotate(n=Count("id")).order_by()
    )
    roles = [(label, counts.get(value, 0)) for value, label in Role.choices]
    context = {
        "roles": roles,
        "users_total": sum(counts.values()),
        "admin_links": [
            (_("Administration"), reverse("admin:index")),
            (_("Users"), reverse("admin:accounts_user_changelist")),
            (_("SMS outbox"), reverse("admin:notifications_outboxmessage_changelist")),
            (_("Audit log"), reverse("admin:audit_auditevent_changelist")),
        ],
        "directory_links": directory_links(),
    } | directory_tables(request)
    return Dashboard("workbench/admin.html", context, TABLE_PARTIALS)


DASHBOARDS: dict[str, Callable[[HttpRequest], Dashboard]] = {
    Role.CITIZEN: citizen,
    Role.DEPUTY: deputy,
    Role.STATION_STAFF: station_staff,
    Role.DEPARTMENT: department,
    Role.COMMITTEE: committee,
    Role.ADMIN: admin,
}


def for_role(role: str) -> Callable[[HttpRequest], Dashboard]:
    return DASHBOARDS.get(role, citizen)

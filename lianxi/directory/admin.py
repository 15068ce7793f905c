"""Django admin for the directory. Saves and deletes go through audited actions
(AuditedAdmin); Excel import and export call the same actions as the staff pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxi.accounts.models import User
from lianxi.audit.log import log
from lianxi.core.admin import EVERY_STAFF_ROLE, AuditedAdmin, ReadOnlyAdmin
from lianxi.core.choices import Role
from lianxi.core.errors import NotAllowed
from lianxi.directory import actions
from lianxi.directory.choices import AreaLevel
from lianxi.directory.excel import COLUMNS, DEPARTMENTS, DEPUTIES, STATIONS
from lianxi.directory.forms import DeputyAdminForm
from lianxi.directory.models import (
    Area,
    Category,
    DemoCity,
    Department,
    Deputy,
    Expertise,
    Station,
)
from lianxi.directory.views import (
    MATCH_RULES,
    export_filename,
    run_import,
    wants_contact,
    xlsx_response,
)


def is_administrator(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and (user.is_superuser or user.role == Role.ADMIN)
    )


class DirectoryAdmin(AuditedAdmin):
    """Base of the directory admins (administrators hold every admin permission). Deputies,
    stations and departments are scoped by their `visible_to`; areas, fields of expertise and
    categories are public reference data."""

    list_per_page = 50
    open_to = EVERY_STAFF_ROLE


class ExcelAdmin(DirectoryAdmin):
    """Adds `import/` and `export/` views (and buttons on the change list)."""

    directory_kind: str = ""
    change_list_template = "directory/admin/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="{}_{}_import".format(*info)),
            path("export/", wrap(self.export_view), name="{}_{}_export".format(*info)),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        extra = {"directory_has_contact": self.directory_kind == DEPUTIES} | (extra_context or {})
        return super().changelist_view(request, extra)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not is_administrator(request):
            raise PermissionDenied
        kind = self.directory_kind
        form, result = run_import(request, kind)
        if result is not None and result.ok:
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import from Excel"),
            "form": form,
            "result": result,
            "columns": COLUMNS[kind],
            "match_rule": MATCH_RULES[kind],
            "template_url": reverse("directory:template", kwargs={"kind": kind}),
        }
        return TemplateResponse(request, "directory/admin/import.html", context)

    def export_view(self, request: HttpRequest) -> HttpResponse:
        if not is_administrator(request):
            raise PermissionDenied
        try:
            content = actions.export_directory(
                request.user, kind=self.directory_kind, include_contact=wants_contact(request)
            )
        except NotAllowed as exc:
            raise PermissionDenied from exc
        return xlsx_response(content, export_filename(self.directory_kind))


@admin.register(Area)
class AreaAdmin(DirectoryAdmin):
    list_display = ["name", "code", "level", "full_name"]
    list_filter = ["level"]
    search_fields = ["name", "^code", "full_name"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["prefix", "full_name"]
    fields = ["code", "name", "level", "parent", "prefix", "full_name"]
    list_per_page = 100
    show_full_result_count = False

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Autocomplete of the communities a station serves offers communities only.
        if request.GET.get("model_name") == "station" and request.GET.get("field_name") == (
            "communities"
        ):
            queryset = queryset.filter(level=AreaLevel.COMMUNITY)
        return queryset, may_have_duplicates


class InUseFilter(admin.SimpleListFilter):
    """Fields of expertise some deputy has, or none has."""

    title = gettext_lazy("used by deputies")
    parameter_name = "in_use"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(n_deputies__gt=0)
        if self.value() == "no":
            return queryset.filter(n_deputies=0)
        return queryset


@admin.register(Expertise)
class ExpertiseAdmin(DirectoryAdmin):
    list_display = ["name", "deputy_count"]
    list_filter = [InUseFilter]
    search_fields = ["name"]
    fields = ["name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(n_deputies=Count("deputies"))

    @admin.display(description=gettext_lazy("deputies"), ordering="n_deputies")
    def deputy_count(self, obj: Any) -> int:
        return int(obj.n_deputies)


@admin.register(Deputy)
class DeputyAdmin(ExcelAdmin):
    directory_kind = DEPUTIES
    form = DeputyAdminForm
    list_display = ["name", "level", "term", "constituency_name", "delegation", "sector", "status"]
    list_filter = ["level", "status", "sector", "term"]
    search_fields = ["name", "occupation", "delegation"]
    list_select_related = ["constituency"]
    autocomplete_fields = ["constituency"]
    raw_id_fields = ["user"]
    filter_horizontal = ["expertise"]
    contact_fields = ("phone", "email")
    base_fieldsets: tuple[tuple[Any, dict[str, Any]], ...] = (
        (None, {"fields": ("name", "gender", "birth_year", "user")}),
        (
            gettext_lazy("Mandate"),
            {"fields": ("level", "term", "constituency", "delegation", "sector", "status")},
        ),
        (gettext_lazy("Profile"), {"fields": ("occupation", "expertise", "bio", "photo")}),
    )

    @admin.display(description=gettext_lazy("constituency"), ordering="constituency__code")
    def constituency_name(self, obj: Deputy) -> str:
        return obj.constituency.full_name

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        """Phone and email are personal data: only administrators see them."""
        if is_administrator(request):
            contact = (gettext_lazy("Contact (personal data)"), {"fields": self.contact_fields})
            return (*self.base_fieldsets, contact)
        return self.base_fieldsets

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if request.method == "GET" and is_administrator(request):
            deputy = Deputy.objects.filter(pk=object_id).first() if object_id.isdigit() else None
            shown = [f for f in self.contact_fields if deputy and getattr(deputy, f)]
            if deputy is not None and shown:
                log(
                    request.user,
                    "directory.reveal_contact",
                    deputy,
                    {"fields": shown, "via": "admin"},
                )
        return super().change_view(request, object_id, form_url, extra_context)


class DistrictFilter(admin.SimpleListFilter):
    title = gettext_lazy("district")
    parameter_name = "district"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        districts = Area.objects.filter(level=AreaLevel.DISTRICT).only("code", "full_name")
        return [(area.code, area.full_name) for area in districts]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if not self.value():
            return queryset
        area = Area.objects.filter(code=self.value()).first()
        if area is None:
            return queryset.none()
        return queryset.filter(area__prefix__startswith=area.prefix)


def _limit_users(db_field: models.Field, kwargs: dict[str, Any], name: str, role: str) -> None:
    if db_field.name == name:
        kwargs["queryset"] = User.objects.filter(role=role, is_active=True).order_by("username")


@admin.register(Station)
class StationAdmin(ExcelAdmin):
    directory_kind = STATIONS
    list_display = ["name", "kind", "area_name", "deputy_count", "is_active"]
    list_filter = ["kind", "is_active", DistrictFilter]
    search_fields = ["name", "address"]
    list_select_related = ["area"]
    autocomplete_fields = ["area", "communities", "deputies"]
    filter_horizontal = ["staff"]
    fields = [
        "name", "kind", "area", "communities", "address", "latitude", "longitude",
        "opening_hours", "phone", "description", "deputies", "staff", "is_active",
    ]  # fmt: skip

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(n_deputies=Count("deputies", distinct=True))

    @admin.display(description=gettext_lazy("located in"), ordering="area__code")
    def area_name(self, obj: Station) -> str:
        return obj.area.full_name

    @admin.display(description=gettext_lazy("deputies"), ordering="n_deputies")
    def deputy_count(self, obj: Any) -> int:
        return int(obj.n_deputies)

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> Any:
        _limit_users(db_field, kwargs, "staff", Role.STATION_STAFF)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Department)
class DepartmentAdmin(ExcelAdmin):
    directory_kind = DEPARTMENTS
    list_display = ["name", "short_name", "kind", "area_name", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    list_select_related = ["area"]
    autocomplete_fields = ["area"]
    filter_horizontal = ["categories", "handlers"]
    fields = ["name", "short_name", "kind", "area", "categories", "handlers", "phone", "is_active"]

    @admin.display(description=gettext_lazy("area"), ordering="area__code")
    def area_name(self, obj: Department) -> str:
        return obj.area.full_name

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> Any:
        _limit_users(db_field, kwargs, "handlers", Role.DEPARTMENT)
        if db_field.name == "categories":
            kwargs["queryset"] = Category.objects.select_related("parent").order_by("code")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Category)
class CategoryAdmin(DirectoryAdmin):
    list_display = [
        "tree_name", "code", "level", "time_limit_days", "default_department", "is_active",
    ]  # fmt: skip
    list_filter = ["level", "is_active"]
    search_fields = ["name", "keywords", "^code"]
    list_select_related = ["default_department", "parent"]
    autocomplete_fields = ["parent", "default_department"]
    ordering = ["code"]
    fields = [
        "code", "name", "parent", "default_department", "time_limit_days", "keywords",
        "sort_order", "is_active",
    ]  # fmt: skip

    @admin.display(description=gettext_lazy("name"), ordering="code")
    def tree_name(self, obj: Category) -> str:
        return "— " * (obj.level - 1) + obj.name


@admin.register(DemoCity)
class DemoCityAdmin(ReadOnlyAdmin):
    """Present only in a database `demo_city` filled: the demo commands refuse any other."""

    list_display = ["created_at", "seed", "size"]
    list_filter = ["size"]
    search_fields = ["size"]

"""The two bases of every admin (docs/architecture.md, "The admin").

- `ReadOnlyAdmin`: ledgers and records whose state changes only through actions (cases, audit,
  rota, notices …): no add, change or delete, every field read-only.
- `AuditedAdmin`: configuration tables; saves and deletes go through the audited
  `records.save` / `records.delete` actions.

Both scope the rows for a staff user who is not a superuser the way the pages do, and both show
personal data masked."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, get_fields_from_path
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from lianxi.core.choices import STAFF_ROLES, Role
from lianxi.core.fields import EncryptedTextField
from lianxi.core.models import CalendarDay
from lianxi.core.records import delete_record, save_record
from lianxi.lib.masking import mask_address, mask_name, mask_phone, mask_text

Masker = Callable[[Any], str]
ADMINISTRATORS = frozenset({Role.ADMIN})
EVERY_STAFF_ROLE = frozenset(STAFF_ROLES)

__all__ = [
    "ADMINISTRATORS",
    "EVERY_STAFF_ROLE",
    "AuditedAdmin",
    "ReadOnlyAdmin",
    "ScopedAdmin",
    "account_label",
    "mask_address",
    "mask_name",
    "mask_phone",
    "mask_text",
]


def account_label(user: Any) -> str:
    """How an account shows in the admin: a citizen by their account name (their own name is
    personal data), anyone else by name."""
    if user is None:
        return "—"
    if getattr(user, "role", "") == Role.CITIZEN:
        return str(user.username)
    return str(user)


def _is_user_link(field: Any) -> bool:
    related = field.related_model if field.is_relation else None
    return related is not None and related._meta.label == settings.AUTH_USER_MODEL


def visible_rows(model: type[models.Model], user: Any) -> QuerySet | None:
    """The model's own `visible_to(user)`; None when that is every row (no condition)."""
    visible = model._default_manager.visible_to(user)  # type: ignore[attr-defined]
    if visible.query.is_empty():
        return visible
    if not visible.query.where:
        return None
    return visible


class ScopedAdmin(admin.ModelAdmin):
    """Rows a staff user who is not a superuser sees, first rule that applies:

    1. `visible_through = ("case",)`: rows whose case (any path listed) the user may see, by
       that model's `visible_to(user)`;
    2. the model's own `visible_to(user)`;
    3. `open_to`: every row for these roles (administrators by default), nothing for others.

    Override `scope()` where the pages use another rule (statistics, hot issues).

    `masked` maps a field to the function that shows it (`mask_phone`, `mask_text` …): lists
    and forms show that instead of the value; such a field is never editable here."""

    visible_through: tuple[str, ...] = ()
    open_to: frozenset[str] = ADMINISTRATORS
    masked: Mapping[str, Masker] = {}
    change_form_template = "core/admin/change_form.html"

    def __init__(self, model: type[models.Model], admin_site: admin.AdminSite) -> None:
        super().__init__(model, admin_site)
        self.shown_as: dict[str, str] = {}
        for name, masker in self.maskers().items():
            self.shown_as[name] = self._add_display(name, masker)
        # Masked links are shown by a method: Django would not join them for the list.
        self.masked_links = [
            name
            for name in self.list_display
            if isinstance(name, str) and name in self.shown_as and self._is_link(name)
        ]

    # Scope ------------------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request)
        user: Any = request.user
        if user.is_superuser:
            return qs
        return self.scope(user, qs)

    def scope(self, user: Any, qs: QuerySet) -> QuerySet:
        if not (user.is_authenticated and user.is_active):
            return qs.none()
        if self.visible_through:
            return self._scope_through(user, qs)
        if hasattr(self.model._default_manager, "visible_to"):
            visible = visible_rows(self.model, user)
            return qs if visible is None else qs.filter(pk__in=visible.values("pk"))
        return qs if user.role in self.open_to else qs.none()

    def _scope_through(self, user: Any, qs: QuerySet) -> QuerySet:
        rule, everything = Q(pk__in=[]), True
        for path in self.visible_through:
            target = get_fields_from_path(self.model, path)[-1].related_model
            assert target is not None, f"{path} is not a link"
            visible = visible_rows(target, user)
            if visible is None:
                rule |= Q(**{f"{path}__isnull": False})
            else:
                everything = False
                rule |= Q(**{f"{path}__in": visible.values("pk")})
        if everything:
            return qs
        # A subquery, so that a path through a reverse relation does not repeat rows.
        return qs.filter(pk__in=self.model._default_manager.filter(rule).values("pk"))

    # Masking ------------------------------------------------------------------------------

    def maskers(self) -> dict[str, Masker]:
        return dict(self.masked)

    def _is_link(self, name: str) -> bool:
        try:
            return bool(self.model._meta.get_field(name).is_relation)
        except FieldDoesNotExist:
            return False

    def _add_display(self, name: str, masker: Masker) -> str:
        field = self.model._meta.get_field(name)

        def show(obj: Any) -> str:
            value = getattr(obj, name)
            shown = masker(value) if value not in (None, "") else ""
            return shown or "—"

        method = f"{name}_shown"
        setattr(self, method, admin.display(description=field.verbose_name)(show))
        return method

    def swap(self, names: Sequence[Any]) -> list[Any]:
        """`names` with each masked field replaced by its masked display."""
        return [self.shown_as.get(n, n) if isinstance(n, str) else n for n in names]

    def _swap_fieldsets(self, fieldsets: Any) -> list[Any]:
        out = []
        for title, options in fieldsets:
            fields = [
                tuple(self.swap(f)) if isinstance(f, (list, tuple)) else self.swap([f])[0]
                for f in options.get("fields", ())
            ]
            out.append((title, {**options, "fields": fields}))
        return out

    def get_list_select_related(self, request: HttpRequest) -> Any:
        chosen = super().get_list_select_related(request)
        return self.masked_links if chosen is False and self.masked_links else chosen

    def get_list_display(self, request: HttpRequest) -> Any:
        return self.swap(super().get_list_display(request))

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return self._swap_fieldsets(super().get_fieldsets(request, obj))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [*self.swap(super().get_readonly_fields(request, obj)), *self.shown_as.values()]

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        return [*(super().get_exclude(request, obj) or ()), *self.shown_as]

    # What a page calls the object (a booking's citizen, an account) -----------------------

    def object_label(self, obj: Any) -> str:
        """What the page calls the object (title, breadcrumbs, checkbox): its `str()` with
        phone and ID numbers masked (some models name themselves by their free text)."""
        return mask_text(str(obj))

    def action_checkbox(self, obj: Any) -> SafeString:
        """Django's, with the object's label in place of `str(obj)`."""
        label = format_html(_("Select this object for an action - {}"), self.object_label(obj))
        checkbox = forms.CheckboxInput(
            {"class": "action-select", "aria-label": label}, lambda value: False
        )
        return checkbox.render(helpers.ACTION_CHECKBOX_NAME, str(obj.pk))

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        if obj is not None and obj.pk is not None:
            context["subtitle"] = context["object_label"] = self.object_label(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        if obj is not None:
            title = _("Change history: %s") % self.object_label(obj)
            extra_context = {"title": title, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context)


class ReadOnlyAdmin(ScopedAdmin):
    """A ledger or a record that changes only through actions: view only. Without `fields`,
    every field of the model shows, except `exclude`, files (served only through the pages'
    access checks) and encrypted fields that are not `masked`; links to accounts show as
    `account_label`."""

    def maskers(self) -> dict[str, Masker]:
        found: dict[str, Masker] = {
            f.name: account_label
            for f in self.model._meta.get_fields()
            if (f.concrete or f.many_to_many) and not f.auto_created and _is_user_link(f)  # type: ignore[arg-type]
        }
        return found | dict(self.masked)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def default_fields(self) -> list[str]:
        opts = self.model._meta
        hidden = set(self.exclude or ())
        names = []
        for field in [*opts.concrete_fields, *opts.many_to_many]:
            if (field.primary_key and field.auto_created) or field.name in hidden:
                continue
            if isinstance(field, models.FileField):
                continue
            if isinstance(field, EncryptedTextField) and field.name not in self.masked:
                continue
            names.append(field.name)
        return names

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.swap(list(self.fields) if self.fields else self.default_fields())

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return flatten_fieldsets(self.get_fieldsets(request, obj))


class AuditedAdmin(ScopedAdmin):
    """A configuration table: saves and deletes go through audited actions."""

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        save_record(request.user, obj=obj, changed=list(form.changed_data), created=not change)

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        delete_record(request.user, obj=obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        for obj in queryset:
            delete_record(request.user, obj=obj)


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    search_fields = ["note"]
    date_hierarchy = "date"
    open_to = EVERY_STAFF_ROLE

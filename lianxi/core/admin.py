from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from lianxi.core.records import delete_record, save_record


class AuditedAdmin(admin.ModelAdmin):
    """Admin whose saves and deletes go through audited actions."""

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        save_record(request.user, obj=obj, changed=list(form.changed_data), created=not change)

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        delete_record(request.user, obj=obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        for obj in queryset:
            delete_record(request.user, obj=obj)

"""The audit log in the admin (read only), and the mixin that makes admin writes appear in
it like any service's."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from maillage.core import audit
from maillage.core.models import AuditEntry


class AuditedAdmin(admin.ModelAdmin):
    """Admin changes bypass the services; each one still writes an audit entry with the
    fields it changed, attributed to the admin who made it."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before: dict[str, Any] = {}
        if change and obj.pk is not None:
            previous = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = audit.snapshot(previous) if previous is not None else {}
        super().save_model(request, obj, form, change)
        changes = audit.diff(before, audit.snapshot(obj))
        if changes or not change:
            audit.record(
                actor=request.user,
                action="admin.change" if change else "admin.add",
                obj=obj,
                territory=_territory_of(obj),
                changes=changes,
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit.record(
            actor=request.user,
            action="admin.delete",
            obj=obj,
            territory=_territory_of(obj),
            changes={},
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        for obj in queryset:
            audit.record(
                actor=request.user,
                action="admin.delete",
                obj=obj,
                territory=_territory_of(obj),
                changes={},
            )
        super().delete_queryset(request, queryset)


def _territory_of(obj: Any) -> Any:
    if obj._meta.label_lower == "territories.territory":
        return obj
    territory_id = getattr(obj, "territory_id", None)
    if territory_id is None:
        return None
    # The model the foreign key points to, so that core does not import territories.
    territory_model = obj._meta.get_field("territory").related_model
    return territory_model._default_manager.filter(pk=territory_id).first()


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "territory", "action", "object_repr")
    list_filter = ("action", "territory")
    search_fields = ("object_repr", "object_id", "actor__email", "actor__full_name")
    date_hierarchy = "created_at"
    list_select_related = ("actor", "territory")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

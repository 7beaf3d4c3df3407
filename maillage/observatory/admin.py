"""Admin for platform administrators: the indicator catalogue is edited here; datasets
are read here (imports and deletions go through the pages, under secrecy and the audit
log)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from maillage.core.admin import AuditedAdmin
from maillage.observatory.models import Dataset, ImportJob, Indicator, ReportEdition, ReportSection


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ("code", "name", "theme", "unit", "source", "key_figure")
    list_filter = ("theme", "key_figure", "household_income")
    search_fields = ("code", "name", "formula")


@admin.register(Dataset)
class DatasetAdmin(AuditedAdmin):
    list_display = (
        "title",
        "producer",
        "territory",
        "vintage",
        "visibility",
        "published",
        "value_count",
    )
    list_filter = ("visibility", "published", "territory")
    search_fields = ("title", "source")
    raw_id_fields = ("producer", "territory", "created_by", "restricted_to")
    readonly_fields = ("value_count", "published", "filename")
    # The original file holds the figures before secrecy: its producer downloads it from
    # the dataset's page; the admin does not link it (with S3 it would be a signed URL).
    exclude = ("file",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ImportJob)
class ImportJobAdmin(AuditedAdmin):
    list_display = ("filename", "territory", "producer", "kind", "state", "created_at")
    list_filter = ("state", "kind")
    readonly_fields = (
        "file",
        "size",
        "metadata",
        "mapping",
        "log",
        "errors",
        "dataset",
        "processed_rows",
        "total_rows",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# ABS report: editions are read here; templates, sections and generation go through the
# pages (partners write their own sections there).


@admin.register(ReportEdition)
class ReportEditionAdmin(AuditedAdmin):
    list_display = ("territory", "year", "state", "generated_at")
    list_filter = ("state", "territory")
    readonly_fields = ("territory", "year", "state", "pdf", "docx", "generated_at", "error")
    raw_id_fields = ("generated_by",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ReportSection)
class ReportSectionAdmin(AuditedAdmin):
    list_display = ("title", "organisation", "config", "updated_at")
    search_fields = ("title", "text")
    raw_id_fields = ("config", "organisation", "updated_by")

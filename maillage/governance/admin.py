"""Read-mostly admin for platform administrators; everyday work goes through the pages,
which write the audit log."""

from django.contrib import admin

from maillage.governance.models import (
    Agreement,
    Body,
    BodyMembership,
    Decision,
    FollowUpTask,
    Meeting,
)


class MembershipInline(admin.TabularInline):
    model = BodyMembership
    extra = 0
    raw_id_fields = ("organisation", "titular", "substitute")


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "territory", "visibility", "documents_visibility")
    list_filter = ("kind", "territory", "visibility")
    search_fields = ("name", "short_name", "theme")
    raw_id_fields = ("chair", "secretary", "axis")
    inlines = [MembershipInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "body", "starts_at", "status")
    list_filter = ("status", "body__territory")
    search_fields = ("title", "body__name")
    date_hierarchy = "starts_at"
    raw_id_fields = ("body", "convened_by", "approved_by")


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "body", "decided_on", "status", "due_date")
    list_filter = ("status", "body__territory")
    search_fields = ("text",)
    raw_id_fields = ("body", "meeting", "item", "owner", "action", "created_by")


@admin.register(FollowUpTask)
class FollowUpTaskAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "assignee", "due_date", "status")
    list_filter = ("status", "territory")
    search_fields = ("title",)
    raw_id_fields = ("body", "decision", "agreement", "owner", "assignee", "created_by")


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "territory", "signed_on", "review_on")
    list_filter = ("kind", "territory")
    search_fields = ("title",)

"""Read-mostly admin for platform administrators; everyday work goes through the pages,
which write the audit log."""

from django.contrib import admin

from maillage.community.models import (
    Communication,
    CommunicationSignatory,
    CommunitySettings,
    Event,
    EventOrganiser,
    Post,
    PostSignatory,
    Registration,
)


class PostSignatoryInline(admin.TabularInline):
    model = PostSignatory
    extra = 0
    raw_id_fields = ("organisation", "decided_by")


class EventOrganiserInline(admin.TabularInline):
    model = EventOrganiser
    extra = 0
    raw_id_fields = ("organisation", "decided_by")


class CommunicationSignatoryInline(admin.TabularInline):
    model = CommunicationSignatory
    extra = 0
    raw_id_fields = ("organisation", "decided_by")


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "territory", "visibility", "status", "published_at")
    list_filter = ("status", "visibility", "territory")
    search_fields = ("title", "summary")
    raw_id_fields = ("organisation", "created_by", "validated_by", "actions", "services", "bodies")
    inlines = [PostSignatoryInline]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "territory", "starts_at", "status", "capacity")
    list_filter = ("status", "visibility", "territory")
    search_fields = ("title", "place")
    date_hierarchy = "starts_at"
    raw_id_fields = ("organisation", "action", "created_by", "validated_by")
    inlines = [EventOrganiserInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "event", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("name", "email", "event__title")
    raw_id_fields = ("event", "user")


@admin.register(Communication)
class CommunicationAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "organisation", "territory", "status", "released_at")
    list_filter = ("kind", "status", "territory")
    search_fields = ("title",)
    raw_id_fields = ("organisation", "event", "action", "created_by")
    inlines = [CommunicationSignatoryInline]


@admin.register(CommunitySettings)
class CommunitySettingsAdmin(admin.ModelAdmin):
    list_display = ("territory", "coordinator_validation")

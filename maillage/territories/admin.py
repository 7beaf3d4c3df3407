from django.contrib import admin

from maillage.core.admin import AuditedAdmin
from maillage.territories.models import GeoUnit, Membership, Organisation, Partnership, Territory


class PartnershipInline(admin.TabularInline):
    model = Partnership
    extra = 0
    autocomplete_fields = ("territory",)


class GeoUnitInline(admin.TabularInline):
    model = GeoUnit
    extra = 0
    fields = ("kind", "code", "name")


@admin.register(Territory)
class TerritoryAdmin(AuditedAdmin):
    list_display = ("name", "insee_code", "kind", "parent", "visibility")
    list_filter = ("kind", "visibility")
    search_fields = ("name", "insee_code", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    inlines = [GeoUnitInline]


@admin.register(GeoUnit)
class GeoUnitAdmin(AuditedAdmin):
    list_display = ("code", "name", "kind", "territory")
    list_filter = ("kind", "territory")
    search_fields = ("code", "name")
    autocomplete_fields = ("territory",)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "acronym", "kind", "siret", "visibility")
    list_filter = ("kind", "visibility", "territories")
    search_fields = ("name", "acronym", "siret", "search_text")
    autocomplete_fields = ("parent",)
    inlines = [PartnershipInline]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("user", "territory", "organisation", "role", "job_title", "ended_on")
    list_filter = ("role", "territory")
    search_fields = ("user__email", "user__full_name", "organisation__name")
    autocomplete_fields = ("user", "territory", "organisation")
    list_select_related = ("user", "territory", "organisation")

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from maillage.api import services
from maillage.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their owners; an admin sees them (never their hash) and may
    revoke them."""

    list_display = (
        "name",
        "user",
        "prefix",
        "scope",
        "created_at",
        "expires_at",
        "suspended_at",
        "revoked_at",
    )
    list_filter = ("scope", "revoked_at", "suspended_at")
    search_fields = ("name", "prefix", "user__email")
    list_select_related = ("user",)
    fields = (
        "user",
        "name",
        "prefix",
        "scope",
        "created_with_mfa",
        "created_at",
        "expires_at",
        "last_used_at",
        "suspended_at",
        "revoked_at",
    )
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Révoquer les jetons choisis"), permissions=["view"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            services.revoke_token(actor=request.user, token=token)
            count += 1
        self.message_user(
            request,
            ngettext("%d jeton révoqué.", "%d jetons révoqués.", count) % count,
            messages.SUCCESS,
        )

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from maillage.accounts import services
from maillage.accounts.models import Invitation, OrganisationRequest, ProConnectIdentity, User
from maillage.core.admin import AuditedAdmin
from maillage.territories.models import Membership


class UserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email", "full_name")


class UserEditForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("territory", "organisation", "role", "job_title", "ended_on")
    autocomplete_fields = ("territory", "organisation")


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("full_name", "phone", "preferred_language")}),
        (
            _("Droits"),
            {
                "fields": ("is_active", "is_staff", "is_superuser"),
                "description": _(
                    "Décocher « actif » met fin aux sessions et aux jetons de la personne dès "
                    "sa prochaine requête. Administrateur de la plateforme : cocher les deux "
                    "autres cases (la double authentification sera exigée)."
                ),
            },
        ),
        (
            _("Dates"),
            {"fields": ("last_login", "date_joined", "email_verified_at", "current_territory")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("email", "full_name", "is_active", "is_superuser", "email_verified_at")
    list_filter = ("is_active", "is_superuser", "memberships__role")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ()
    inlines = [MembershipInline]
    actions = ["deactivate"]

    @admin.action(description=_("Désactiver les comptes choisis"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = 0
        for user in queryset.filter(is_active=True):
            services.deactivate_user(actor=request.user, user=user)
            count += 1
        self.message_user(
            request,
            ngettext("%d compte désactivé.", "%d comptes désactivés.", count) % count,
            messages.SUCCESS,
        )


@admin.register(Invitation)
class InvitationAdmin(AuditedAdmin):
    list_display = ("email", "territory", "organisation", "role", "created_at", "status_label")
    list_filter = ("role", "territory")
    search_fields = ("email", "full_name")
    list_select_related = ("territory", "organisation")
    readonly_fields = ("nonce", "created_at", "accepted_at", "accepted_by", "invited_by")
    exclude = ("nonce",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Invitations are sent from the territory's page, which sends the e-mail too.
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (*self.readonly_fields, "email", "territory", "organisation", "role")


@admin.register(ProConnectIdentity)
class ProConnectIdentityAdmin(AuditedAdmin):
    """Read-only: identities are linked by the ProConnect sign-in, never typed; deleting
    one makes the next sign-in match by e-mail again."""

    list_display = ("user", "idp_id", "siret", "last_login_at")
    search_fields = ("user__email", "user__full_name", "sub", "siret")
    readonly_fields = ("user", "sub", "idp_id", "siret", "created_at", "last_login_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(OrganisationRequest)
class OrganisationRequestAdmin(AuditedAdmin):
    """Read-only: coordinators decide on their territory's page (a service, audited)."""

    list_display = ("user", "organisation", "territory", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("user__email", "organisation__name", "siret")
    readonly_fields = (
        "user",
        "organisation",
        "territory",
        "siret",
        "status",
        "created_at",
        "decided_at",
        "decided_by",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

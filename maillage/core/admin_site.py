"""The Django admin, for platform admins only, behind Maillage's own sign-in and second
factor."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


class MaillageAdminSite(admin.AdminSite):
    site_header = "Administration de Maillage"
    site_title = "Maillage"
    index_title = "Administration de la plateforme"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        is_verified = getattr(user, "is_verified", None)
        return bool(
            user.is_active and user.is_superuser and callable(is_verified) and is_verified()
        )

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        """Someone signed in who is not a platform admin is refused (403) rather than sent
        to the sign-in page, which would send them straight back here."""
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def refuse_signed_in(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return refuse_signed_in

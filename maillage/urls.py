from django.conf import settings
from django.contrib import admin
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView

from maillage.api.main import api
from maillage.core import views as core_views

urlpatterns = [
    path("", include("maillage.core.urls")),
    path("", include("maillage.accounts.urls")),
    path("", include("maillage.territories.urls")),
    path("", include("maillage.programme.urls")),
    path("", include("maillage.api.urls")),
    path("", include("maillage.network.urls")),
    path("", include("maillage.governance.urls")),
    path("", include("maillage.observatory.urls")),
    path("", include("maillage.watch.urls")),
    path("", include("maillage.community.urls")),
    path("", include("maillage.participation.urls")),
    path("", include("maillage.evaluation.urls")),
    path("", include("maillage.departments.urls")),
    path("api/v1/", api.urls),
    # Platform admins sign in like everyone else, with their second factor.
    path(
        "admin/login/",
        RedirectView.as_view(url=reverse_lazy("accounts:login"), query_string=True),
        name="admin_login_redirect",
    ),
    path("admin/", admin.site.urls),
]

handler400 = core_views.error_400
handler403 = core_views.error_403
handler404 = core_views.error_404
handler500 = core_views.error_500

if settings.DEBUG or settings.SERVE_PUBLIC_MEDIA:
    from maillage.core.files import public_media_urlpatterns

    # Development and the demo only, and only the public storage (logos): private files are read
    # through their download views, never by path (maillage/core/files.py).
    urlpatterns += public_media_urlpatterns()

"""URL patterns of the shared library, the one search and the notifications, added to
``community/urls.py``."""

from django.urls import path

from maillage.community.views import library, notifications, search

T = "territoires/<slug:territory_slug>/"
R = T + "ressources/"

urlpatterns = [
    path(R, library.library, name="library"),
    path(R + "nouveau/", library.document_create, name="library_create"),
    path(R + "<int:pk>/", library.document_detail, name="library_document"),
    path(R + "<int:pk>/modifier/", library.document_update, name="library_update"),
    path(R + "<int:pk>/nouvelle-version/", library.version_create, name="library_version"),
    path(
        R + "<int:pk>/v<int:number>/telecharger/",
        library.version_download,
        name="library_download",
    ),
    path(T + "recherche/", search.search, name="search"),
    path(T + "suivre/", notifications.follow_page, name="follow"),
    path("notifications/", notifications.centre, name="notifications"),
    path("notifications/lues/", notifications.mark_read, name="notifications_read"),
    path("notifications/reglages/", notifications.settings_page, name="notification_settings"),
    path("notifications/suivis/<int:pk>/arreter/", notifications.unfollow, name="unfollow"),
    path(
        "notifications/desabonnement/<str:token>/",
        notifications.unsubscribe,
        name="unsubscribe",
    ),
]

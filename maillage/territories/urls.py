from django.urls import path

from maillage.territories import views

app_name = "territories"

urlpatterns = [
    path("territoires/choisir/", views.switch_territory, name="switch"),
    path("territoires/<slug:territory_slug>/", views.territory_home, name="home"),
    path("territoires/<slug:territory_slug>/theme.css", views.theme_css, name="theme_css"),
    path("territoires/<slug:territory_slug>/partenaires/", views.partner_list, name="partners"),
    path(
        "territoires/<slug:territory_slug>/partenaires/ajouter/",
        views.organisation_create,
        name="organisation_create",
    ),
    path(
        "territoires/<slug:territory_slug>/partenaires/<int:pk>/",
        views.organisation_detail,
        name="organisation",
    ),
    path(
        "territoires/<slug:territory_slug>/partenaires/<int:pk>/modifier/",
        views.organisation_update,
        name="organisation_update",
    ),
    path(
        "territoires/<slug:territory_slug>/partenaires/<int:pk>/membres/<int:membership>/retirer/",
        views.membership_end,
        name="membership_end",
    ),
    path("territoires/<slug:territory_slug>/contours/", views.contours, name="contours"),
    path("territoires/<slug:territory_slug>/journal/", views.audit_log, name="audit_log"),
]

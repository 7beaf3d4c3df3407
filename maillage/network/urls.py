from django.urls import path

from maillage.network import views

app_name = "network"

P = "territoires/<slug:territory>/reseau/"

urlpatterns = [
    path(P, views.search, name="search"),
    path(P + "suggestions/", views.suggest, name="suggest"),
    path(P + "services/ajouter/", views.service_create, name="service_create"),
    path(P + "services/<int:pk>/", views.service_detail, name="service"),
    path(P + "services/<int:pk>/modifier/", views.service_update, name="service_update"),
    path(P + "services/<int:pk>/a-jour/", views.service_mark_fresh, name="service_mark_fresh"),
    path(P + "services/<int:pk>/supprimer/", views.service_delete, name="service_delete"),
    path(P + "interlocuteurs/ajouter/", views.contact_point_create, name="contact_point_create"),
    path(P + "interlocuteurs/<int:pk>/", views.contact_point_detail, name="contact_point"),
    path(
        P + "interlocuteurs/<int:pk>/modifier/",
        views.contact_point_update,
        name="contact_point_update",
    ),
    path(
        P + "interlocuteurs/<int:pk>/a-jour/",
        views.contact_point_mark_fresh,
        name="contact_point_mark_fresh",
    ),
    path(
        P + "interlocuteurs/<int:pk>/supprimer/",
        views.contact_point_delete,
        name="contact_point_delete",
    ),
    path(P + "demarches/ajouter/", views.procedure_create, name="procedure_create"),
    path(P + "demarches/<int:pk>/", views.procedure_detail, name="procedure"),
    path(P + "demarches/<int:pk>/modifier/", views.procedure_update, name="procedure_update"),
    path(P + "demarches/<int:pk>/supprimer/", views.procedure_delete, name="procedure_delete"),
    path(P + "fraicheur/", views.freshness, name="freshness"),
    path(P + "fraicheur/regles/", views.rules, name="rules"),
    path(P + "fraicheur/relancer/", views.send_reminders, name="send_reminders"),
    path(P + "echanges/", views.exchange, name="exchange"),
    path(P + "echanges/imports/<int:pk>/", views.import_detail, name="import_detail"),
    path(
        P + "echanges/imports/<int:pk>/fichier/<slug:which>/",
        views.import_file,
        name="import_file",
    ),
    path(P + "export/<str:kind>.<str:fmt>", views.export, name="export"),
    path(P + "guide/", views.guide, name="guide"),
    path(P + "guide.pdf", views.guide_pdf, name="guide_pdf"),
    path(P + "cooperations/", views.cooperation_map, name="cooperation"),
]

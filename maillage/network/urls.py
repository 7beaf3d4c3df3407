from django.urls import path

from maillage.network.views import cooperation, exchange, freshness, guide, records, search

app_name = "network"

P = "territoires/<slug:territory_slug>/reseau/"

urlpatterns = [
    path(P, search.search, name="search"),
    path(P + "suggestions/", search.suggest, name="suggest"),
    path(P + "services/ajouter/", records.service_create, name="service_create"),
    path(P + "services/<int:pk>/", records.service_detail, name="service"),
    path(P + "services/<int:pk>/modifier/", records.service_update, name="service_update"),
    path(P + "services/<int:pk>/a-jour/", records.service_mark_fresh, name="service_mark_fresh"),
    path(P + "services/<int:pk>/supprimer/", records.service_delete, name="service_delete"),
    path(P + "interlocuteurs/ajouter/", records.contact_point_create, name="contact_point_create"),
    path(P + "interlocuteurs/<int:pk>/", records.contact_point_detail, name="contact_point"),
    path(
        P + "interlocuteurs/<int:pk>/modifier/",
        records.contact_point_update,
        name="contact_point_update",
    ),
    path(
        P + "interlocuteurs/<int:pk>/a-jour/",
        records.contact_point_mark_fresh,
        name="contact_point_mark_fresh",
    ),
    path(
        P + "interlocuteurs/<int:pk>/supprimer/",
        records.contact_point_delete,
        name="contact_point_delete",
    ),
    path(P + "demarches/ajouter/", records.procedure_create, name="procedure_create"),
    path(P + "demarches/<int:pk>/", records.procedure_detail, name="procedure"),
    path(P + "demarches/<int:pk>/modifier/", records.procedure_update, name="procedure_update"),
    path(P + "demarches/<int:pk>/supprimer/", records.procedure_delete, name="procedure_delete"),
    path(P + "fraicheur/", freshness.freshness, name="freshness"),
    path(P + "fraicheur/regles/", freshness.rules, name="rules"),
    path(P + "fraicheur/relancer/", freshness.send_reminders, name="send_reminders"),
    path(P + "echanges/", exchange.exchange, name="exchange"),
    path(P + "echanges/imports/<int:pk>/", exchange.import_detail, name="import_detail"),
    path(
        P + "echanges/imports/<int:pk>/fichier/<slug:which>/",
        exchange.import_file,
        name="import_file",
    ),
    path(P + "export/<str:kind>.<str:fmt>", exchange.export, name="export"),
    path(P + "guide/", guide.guide, name="guide"),
    path(P + "guide.pdf", guide.guide_pdf, name="guide_pdf"),
    path(P + "cooperations/", cooperation.cooperation_map, name="cooperation"),
]

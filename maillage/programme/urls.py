from django.urls import path

from maillage.programme.views import (
    actions,
    exchange,
    history,
    inspiring,
    late,
    overview,
    parts,
    structure,
)

app_name = "programme"

P = "territoires/<slug:territory_slug>/programme/"
A = "territoires/<slug:territory_slug>/actions/"
F = A + "<int:pk>/"
# Essaimage: the platform's catalogue of fiches inspirantes, across territories.
M = "fiches-inspirantes/"

urlpatterns = [
    # The programme as a whole.
    path(P, overview.overview, name="overview"),
    path(P + "a-une-date/", overview.as_of, name="as_of"),
    path(P + "en-retard/", late.late, name="late"),
    path(P + "programme.pdf", overview.programme_pdf, name="programme_pdf"),
    path(P + "axes/ajouter/", structure.axis_create, name="axis_create"),
    path(P + "axes/<int:pk>/modifier/", structure.axis_update, name="axis_update"),
    path(P + "axes/<int:pk>/supprimer/", structure.axis_delete, name="axis_delete"),
    path(P + "objectifs/ajouter/", structure.objective_create, name="objective_create"),
    path(P + "objectifs/<int:pk>/modifier/", structure.objective_update, name="objective_update"),
    path(P + "objectifs/<int:pk>/supprimer/", structure.objective_delete, name="objective_delete"),
    # Lists, exports and imports.
    path(A, actions.action_list, name="actions"),
    path(A + "mes-actions/", actions.my_actions, name="my_actions"),
    path(A + "nouvelle/", actions.action_create, name="action_create"),
    path(A + "export/", exchange.export_actions, name="export_actions"),
    path(A + "export-mesures/", exchange.export_measurements, name="export_measurements"),
    path(A + "importer/", exchange.import_upload, name="import"),
    path(A + "importer/<int:pk>/", exchange.import_preview, name="import_preview"),
    path(A + "importer/<int:pk>/fichier/", exchange.import_file, name="import_file"),
    # One fiche.
    path(F, actions.action_detail, name="action"),
    path(F + "modifier/", actions.action_update, name="action_update"),
    path(F + "etat/", actions.action_status, name="action_status"),
    path(F + "fiche.pdf", overview.action_pdf, name="action_pdf"),
    path(F + "partenaires/", parts.partner_add, name="partner_add"),
    path(F + "partenaires/<int:link>/retirer/", parts.partner_remove, name="partner_remove"),
    path(F + "moyens/", parts.means_add, name="means_add"),
    path(F + "moyens/<int:line>/retirer/", parts.means_remove, name="means_remove"),
    path(F + "jalons/", parts.milestone_add, name="milestone_add"),
    path(F + "jalons/<int:milestone>/", parts.milestone_update, name="milestone_update"),
    path(F + "jalons/<int:milestone>/supprimer/", parts.milestone_delete, name="milestone_delete"),
    path(F + "journal/", parts.journal_add, name="journal_add"),
    path(F + "journal/<int:entry>/supprimer/", parts.journal_delete, name="journal_delete"),
    path(F + "pieces/<int:attachment>/", parts.attachment, name="attachment"),
    path(F + "indicateurs/ajouter/", actions.indicator_create, name="indicator_create"),
    path(
        F + "indicateurs/<int:indicator>/modifier/",
        parts.indicator_update,
        name="indicator_update",
    ),
    path(
        F + "indicateurs/<int:indicator>/supprimer/",
        parts.indicator_delete,
        name="indicator_delete",
    ),
    path(
        F + "indicateurs/<int:indicator>/mesures/",
        parts.measurement_add,
        name="measurement_add",
    ),
    path(
        F + "indicateurs/<int:indicator>/mesures/toutes/",
        parts.indicator_measurements,
        name="indicator_measurements",
    ),
    path(
        F + "indicateurs/<int:indicator>/mesures/<int:measurement>/",
        parts.measurement_update,
        name="measurement_update",
    ),
    path(
        F + "indicateurs/<int:indicator>/mesures/<int:measurement>/supprimer/",
        parts.measurement_delete,
        name="measurement_delete",
    ),
    path(F + "fiche-inspirante/", inspiring.action_offer, name="action_offer"),
    path(M, inspiring.catalogue, name="inspiring_models"),
    path(M + "<int:pk>/", inspiring.model_detail, name="inspiring_model"),
    path(M + "<int:pk>/reprendre/", inspiring.model_copy, name="inspiring_model_copy"),
    path(M + "<int:pk>/retirer/", inspiring.model_withdraw, name="inspiring_model_withdraw"),
    path(F + "historique/", history.versions, name="versions"),
    path(F + "historique/comparer/", history.compare, name="compare"),
    path(F + "historique/<int:number>/", history.version_detail, name="version"),
]

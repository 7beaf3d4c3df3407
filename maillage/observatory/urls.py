from django.urls import path

from maillage.observatory import report_views, views

app_name = "observatory"

OBS = "territoires/<slug:territory_slug>/observatoire/"
IMP = OBS + "importer/"

urlpatterns = [
    path(OBS, views.portrait, name="portrait"),
    path(OBS + "indicateurs/", views.catalogue, name="catalogue"),
    path(OBS + "indicateurs/<slug:code>/", views.indicator, name="indicator"),
    path(OBS + "indicateurs/<slug:code>/export.csv", views.indicator_csv, name="indicator_csv"),
    path(OBS + "donnees/", views.datasets, name="datasets"),
    path(OBS + "donnees/<int:pk>/", views.dataset, name="dataset"),
    path(OBS + "donnees/<int:pk>/fichier/", views.dataset_file, name="dataset_file"),
    path(OBS + "donnees/<int:pk>/supprimer/", views.dataset_delete, name="dataset_delete"),
    path(IMP, views.import_upload, name="import"),
    path(IMP + "<int:pk>/colonnes/", views.import_mapping, name="import_mapping"),
    path(IMP + "<int:pk>/", views.import_preview, name="import_preview"),
    path(IMP + "<int:pk>/progression/", views.import_status, name="import_status"),
    path(IMP + "<int:pk>/fichier/", views.import_file, name="import_file"),
    path(OBS + "actions/<int:pk>/indicateurs/", views.action_indicators, name="action_indicators"),
]

# Maps and the ABS report.
urlpatterns += [
    path(OBS + "indicateurs/<slug:code>/carte/", views.indicator_map, name="indicator_map"),
]

REPORT = OBS + "abs/"
urlpatterns += [
    path(REPORT, report_views.report, name="report"),
    path(REPORT + "modele/", report_views.report_config, name="report_config"),
    path(REPORT + "commentaires/", report_views.report_comments, name="report_comments"),
    path(REPORT + "themes/<slug:theme>/", report_views.report_theme_text, name="report_theme_text"),
    path(
        REPORT + "sections/ajouter/",
        report_views.report_section_create,
        name="report_section_create",
    ),
    path(REPORT + "sections/<int:pk>/", report_views.report_section, name="report_section"),
    path(REPORT + "generer/", report_views.report_generate, name="report_generate"),
    path(REPORT + "<int:year>/", report_views.report_edition, name="report_edition"),
    path(
        REPORT + "<int:year>/rapport.<str:fmt>",
        report_views.report_download,
        name="report_download",
    ),
]

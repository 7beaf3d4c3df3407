from django.urls import path

from maillage.watch import urls_reports, views

app_name = "watch"

_base = "territoires/<slug:territory_slug>/veille/"

urlpatterns = [
    path(_base, views.signal_list, name="signals"),
    path(_base + "export.csv", views.signal_export, name="signals_export_csv"),
    path(_base + "tri/", views.inbox, name="inbox"),
    path(_base + "mes-signalements/", views.mine, name="mine"),
    path(_base + "signaler/", views.signal_create, name="signal_create"),
    path(_base + "importer/", views.signal_import, name="signal_import"),
    path(_base + "semblables/", views.similar, name="similar"),
    path(_base + "reglages/", views.watch_settings, name="settings"),
    path(_base + "<int:pk>/", views.signal_detail, name="signal"),
    path(_base + "<int:pk>/corroborer/", views.corroborate, name="corroborate"),
    path(_base + "<int:pk>/etat/", views.change_status, name="status"),
    path(_base + "<int:pk>/non-confirme/", views.mark_unconfirmed, name="unconfirmed"),
    path(_base + "<int:pk>/fusionner/", views.merge, name="merge"),
    path(_base + "<int:pk>/orienter/", views.orient, name="orient"),
    path(_base + "orientations/<int:pk>/decision/", views.decide, name="decide"),
    # The aggregate pages (map, trend, note de veille, data protection documents).
    *urls_reports.urlpatterns,
]

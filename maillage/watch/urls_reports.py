"""The veille's aggregate pages (included by ``watch/urls.py``)."""

from django.urls import path

from maillage.watch import views_reports

BASE = "territoires/<slug:territory_slug>/veille/syntheses/"

urlpatterns = [
    path(BASE, views_reports.reports_home, name="reports"),
    path(BASE + "carte/", views_reports.signal_map, name="map"),
    path(BASE + "tendances/", views_reports.trend, name="trend"),
    path(BASE + "note-de-veille/", views_reports.note, name="note"),
    path(BASE + "note-de-veille.pdf", views_reports.note_pdf, name="note_pdf"),
    path(BASE + "note-de-veille.docx", views_reports.note_docx, name="note_docx"),
    path(BASE + "registre-des-traitements.docx", views_reports.register_docx, name="register_docx"),
    path(BASE + "aipd.docx", views_reports.aipd_docx, name="aipd_docx"),
]

from django.urls import path

from maillage.participation import views

app_name = "participation"

P = "territoires/<slug:territory_slug>/participer/"

urlpatterns = [
    path(P, views.home, name="home"),
    path(P + "donner-mon-avis/", views.propose, name="propose"),
    path(P + "saisie-accompagnee/", views.assist, name="assist"),
    path(P + "mes-messages/", views.mine, name="mine"),
    path(P + "nous-avons-fait/", views.done, name="done"),
    path(P + "a-relire/", views.moderation_queue, name="moderation_queue"),
    path(P + "traductions/", views.translation_list, name="translations"),
    path(P + "traductions/<slug:key>/<int:pk>/", views.translate, name="translate"),
    path(P + "<int:pk>/", views.contribution_detail, name="contribution"),
    path(P + "<int:pk>/photo/", views.contribution_photo, name="contribution_photo"),
    path(P + "<int:pk>/moi-aussi/", views.support, name="support"),
    path(P + "<int:pk>/relire/", views.moderate, name="moderate"),
    path(P + "<int:pk>/repondre/", views.answer, name="answer"),
]

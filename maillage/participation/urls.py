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
    path(P + "consultations/", views.consultation_list, name="consultations"),
    path(P + "consultations/nouvelle/", views.consultation_create, name="consultation_create"),
    path(P + "consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path(P + "consultations/<int:pk>/modifier/", views.consultation_edit, name="consultation_edit"),
    path(P + "consultations/<int:pk>/questions/", views.question_add, name="consultation_question"),
    path(
        P + "consultations/<int:pk>/questions/<int:question_pk>/retirer/",
        views.question_delete,
        name="consultation_question_delete",
    ),
    path(P + "consultations/<int:pk>/etat/", views.consultation_state, name="consultation_state"),
    path(
        P + "consultations/<int:pk>/repondre/",
        views.consultation_answer,
        name="consultation_answer",
    ),
    path(
        P + "consultations/<int:pk>/saisie-accompagnee/",
        views.consultation_assist,
        name="consultation_assist",
    ),
    path(
        P + "consultations/<int:pk>/resultats/",
        views.consultation_results,
        name="consultation_results",
    ),
    path(
        P + "consultations/<int:pk>/resultats/<int:question_pk>/",
        views.consultation_texts,
        name="consultation_texts",
    ),
    path(
        P + "consultations/<int:pk>/export/", views.consultation_export, name="consultation_export"
    ),
    path(
        P + "consultations/<int:pk>/a-relire/",
        views.consultation_moderation,
        name="consultation_moderation",
    ),
    path(P + "<int:pk>/", views.contribution_detail, name="contribution"),
    path(P + "<int:pk>/photo/", views.contribution_photo, name="contribution_photo"),
    path(P + "<int:pk>/moi-aussi/", views.support, name="support"),
    path(P + "<int:pk>/relire/", views.moderate, name="moderate"),
    path(P + "<int:pk>/repondre/", views.answer, name="answer"),
]

from django.urls import path

from maillage.participation import views

app_name = "participation"

P = "territoires/<slug:territory_slug>/participer/"

C = P + "conseil-citoyen/"

urlpatterns = [
    path(P + "sans-compte/", views.propose_anonymous, name="propose_anonymous"),
    path(P + "sans-compte/defi/", views.altcha_challenge, name="altcha_challenge"),
    path(C + "<int:pk>/membres/ajouter/", views.member_add, name="council_member_add"),
    path(C + "mandats/<int:pk>/fin/", views.member_end, name="council_member_end"),
    path(C + "mandats/<int:pk>/moderation/", views.member_moderator, name="council_moderator"),
    path(C + "<int:pk>/tirage/", views.draw_create, name="draw_create"),
    path(C + "tirages/<int:pk>/", views.draw_detail, name="draw"),
    path(C + "tirages/<int:pk>/verifier/", views.draw_verify, name="draw_verify"),
    path(C + "<int:pk>/avis/nouveau/", views.avis_create, name="avis_create"),
    path(C + "avis/<int:pk>/", views.avis_detail, name="avis"),
    path(C + "avis/<int:pk>/publier/", views.avis_publish, name="avis_publish"),
    path(C + "<int:pk>/interpellation/", views.interpellation_create, name="interpellation_create"),
    path(C + "interpellations/<int:pk>/", views.interpellation_detail, name="interpellation"),
    path(P, views.home, name="home"),
    path(P + "donner-mon-avis/", views.propose, name="propose"),
    path(P + "saisie-accompagnee/", views.assist, name="assist"),
    path(P + "mes-messages/", views.mine, name="mine"),
    path(P + "nous-avons-fait/", views.done, name="done"),
    path(P + "a-relire/", views.moderation_queue, name="moderation_queue"),
    path(P + "traductions/", views.translation_list, name="translations"),
    path(P + "traductions/<slug:key>/<int:pk>/", views.translate, name="translate"),
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

from django.urls import path

from maillage.governance.views import (
    agenda,
    agreements,
    amendments,
    answers,
    bodies,
    calendar,
    choices,
    decisions,
    documents,
    meetings,
    register,
)

app_name = "governance"

T = "territoires/<slug:territory_slug>/"
B = T + "instances/"
M = B + "seances/<int:pk>/"
S = B + "sujets/<int:pk>/"
C = B + "conventions/"

urlpatterns = [
    # Bodies and members
    path(B, bodies.body_list, name="bodies"),
    path(B + "nouvelle/", bodies.body_create, name="body_create"),
    path(B + "<int:pk>/", bodies.body_detail, name="body"),
    path(B + "<int:pk>/modifier/", bodies.body_update, name="body_update"),
    path(B + "<int:pk>/membres/ajouter/", bodies.member_add, name="member_add"),
    path(B + "membres/<int:pk>/", bodies.member_update, name="member"),
    path(B + "<int:pk>/sujets/proposer/", agenda.item_propose, name="item_propose"),
    # The searches of the forms' long choices
    path(T + "choix/personnes/", choices.choose_person, name="choose_person"),
    path(T + "choix/fiches/", choices.choose_action, name="choose_action"),
    path(B + "<int:pk>/seances/nouvelle/", meetings.meeting_create, name="meeting_create"),
    path(B + "<int:pk>/seances.ics", calendar.body_ics, name="body_ics"),
    # Meetings
    path(M, meetings.meeting_detail, name="meeting"),
    path(B + "seances/reponse/<str:token>/", answers.convocation_answer, name="convocation_answer"),
    path(M + "modifier/", meetings.meeting_update, name="meeting_update"),
    path(M + "ordre-du-jour/", agenda.agenda, name="agenda"),
    path(M + "convoquer/", meetings.meeting_convene, name="meeting_convene"),
    path(M + "tenue/", meetings.meeting_hold, name="meeting_hold"),
    path(M + "annuler/", meetings.meeting_cancel, name="meeting_cancel"),
    path(M + "approuver/", meetings.meeting_approve, name="meeting_approve"),
    path(M + "presences/", meetings.attendance, name="attendance"),
    path(M + "reponse/", answers.meeting_answer, name="meeting_answer"),
    path(M + "compte-rendu/", meetings.minutes_edit, name="minutes"),
    path(M + "decisions/nouvelle/", decisions.decision_create, name="decision_create"),
    path(M + "convocation.pdf", documents.convocation_pdf, name="convocation_pdf"),
    path(M + "compte-rendu.pdf", documents.minutes_pdf, name="minutes_pdf"),
    path(M + "invitation.ics", calendar.meeting_ics, name="meeting_ics"),
    # Agenda items and the backlog
    path(S + "modifier/", agenda.item_update, name="item_update"),
    path(S + "inscrire/", agenda.item_schedule, name="item_schedule"),
    path(S + "retirer/", agenda.item_unschedule, name="item_unschedule"),
    path(S + "deplacer/", agenda.item_move, name="item_move"),
    path(S + "supprimer/", agenda.item_withdraw, name="item_withdraw"),
    path(S + "reporter/", agenda.item_carry_over, name="item_carry_over"),
    # Register
    path(B + "registre/", register.register, name="register"),
    path(B + "registre/export.csv", register.register_export, name="register_export"),
    path(B + "mes-taches/", register.my_tasks, name="my_tasks"),
    path(B + "recherche/", register.search, name="search"),
    path(B + "decisions/<int:pk>/", decisions.decision_detail, name="decision"),
    path(B + "decisions/<int:pk>/modifier/", decisions.decision_update, name="decision_update"),
    path(B + "decisions/<int:pk>/appliquer/", decisions.decision_apply, name="decision_apply"),
    path(B + "decisions/<int:pk>/taches/ajouter/", decisions.task_create, name="task_create"),
    path(B + "taches/<int:pk>/modifier/", decisions.task_update, name="task_update"),
    path(B + "taches/<int:pk>/etat/", decisions.task_status, name="task_status"),
    # Agreements
    path(C, agreements.agreement_list, name="agreements"),
    path(C + "nouvelle/", agreements.agreement_create, name="agreement_create"),
    path(C + "<int:pk>/", agreements.agreement_detail, name="agreement"),
    path(C + "<int:pk>/modifier/", agreements.agreement_update, name="agreement_update"),
    path(C + "<int:pk>/engagements/ajouter/", agreements.commitment_add, name="commitment_add"),
    path(
        C + "<int:pk>/engagements/<int:commitment>/retirer/",
        agreements.commitment_remove,
        name="commitment_remove",
    ),
    path(C + "<int:pk>/documents/ajouter/", agreements.document_add, name="document_add"),
    path(C + "documents/<int:pk>/", documents.agreement_document, name="agreement_document"),
    path(C + "documents/<int:pk>/retirer/", agreements.document_remove, name="document_remove"),
    # Articles and avenants
    path(C + "<int:pk>/articles/", amendments.articles, name="agreement_articles"),
    path(C + "<int:pk>/articles/saisir/", amendments.articles_edit, name="articles_edit"),
    path(C + "<int:pk>/avenants/nouveau/", amendments.amendment_create, name="amendment_create"),
    path(
        C + "<int:pk>/avenants/<int:amendment_pk>/", amendments.amendment_detail, name="amendment"
    ),
    path(
        C + "<int:pk>/avenants/<int:amendment_pk>/articles/",
        amendments.amendment_article,
        name="amendment_article",
    ),
    path(
        C + "<int:pk>/avenants/<int:amendment_pk>/moyens/",
        amendments.amendment_means,
        name="amendment_means",
    ),
    path(
        C + "<int:pk>/avenants/<int:amendment_pk>/signataires/",
        amendments.amendment_signatory,
        name="amendment_signatory",
    ),
    path(
        C + "<int:pk>/avenants/<int:amendment_pk>/deliberations/",
        amendments.amendment_resolution,
        name="amendment_resolution",
    ),
    path(
        C + "<int:pk>/avenants/<int:amendment_pk>/signataires/<int:signatory_pk>/signature/",
        amendments.amendment_signature,
        name="amendment_signature",
    ),
    path(
        C + "<int:pk>/avenants/<int:amendment_pk>/en-signature/",
        amendments.amendment_submit,
        name="amendment_submit",
    ),
    path(
        C + "<int:pk>/avenants/<int:amendment_pk>/signe/",
        amendments.amendment_sign,
        name="amendment_sign",
    ),
    path(
        C + "<int:pk>/avenants/<int:amendment_pk>/avenant.<str:fmt>",
        amendments.amendment_document,
        name="amendment_document",
    ),
    # Calendar and feeds
    path(T + "agenda/", calendar.calendar, name="calendar"),
    path(T + "agenda/seances.ics", calendar.territory_ics, name="territory_ics"),
    path(T + "agenda/abonnements/", calendar.feeds, name="feeds"),
    path(T + "agenda/abonnements/<int:pk>/revoquer/", calendar.feed_revoke, name="feed_revoke"),
    path(T + "agenda/flux/<str:key>.ics", calendar.personal_ics, name="personal_ics"),
]

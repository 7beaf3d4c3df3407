from django.urls import URLPattern, path

from maillage.evaluation.views import conference

app_name = "evaluation"

P = "territoires/<slug:territory_slug>/evaluation/"

urlpatterns: list[URLPattern] = []

# =========================================================================== conférence sociale
C = P + "conference/"
Y = C + "<int:year>/"
urlpatterns += [
    path(C, conference.conference_list, name="conferences"),
    path(C + "nouvelle/", conference.conference_create, name="conference_create"),
    path(Y, conference.conference_detail, name="conference"),
    path(Y + "programme/ajouter/", conference.session_add, name="session_add"),
    path(Y + "inscriptions/ouvrir/", conference.registration_open, name="registration_open"),
    path(Y + "inscriptions/fermer/", conference.registration_close, name="registration_close"),
    path(Y + "inscription/", conference.register, name="register"),
    path(Y + "inscriptions/", conference.registrations, name="registrations"),
    path(Y + "propositions/", conference.proposal_list, name="proposals"),
    path(Y + "propositions/ajouter/", conference.proposal_add, name="proposal_add"),
    path(Y + "propositions/<int:number>/", conference.proposal_detail, name="proposal"),
    path(
        Y + "propositions/<int:number>/reponse/", conference.proposal_answer, name="proposal_answer"
    ),
    path(Y + "vote/", conference.vote, name="vote"),
    path(Y + "vote/etat/", conference.vote_state, name="vote_state"),
    path(Y + "actes/", conference.proceedings, name="proceedings"),
]
# =========================================================================== end conférence

from django.urls import URLPattern, path

from maillage.evaluation.views import bilans, campaigns, conference, questionnaires, snapshots

app_name = "evaluation"

P = "territoires/<slug:territory_slug>/evaluation/"

urlpatterns: list[URLPattern] = []

urlpatterns += [
    path(P, campaigns.home, name="home"),
    path(P + "ouvrir/", campaigns.campaign_create, name="campaign_create"),
    path(P + "partenariat/", questionnaires.partnership, name="partnership"),
    path(P + "<int:year>/", campaigns.campaign, name="campaign"),
    path(P + "<int:year>/modifier/", campaigns.campaign_edit, name="campaign_edit"),
    path(P + "<int:year>/bilans/", campaigns.campaign_bilans, name="campaign_bilans"),
    path(P + "<int:year>/clore/", campaigns.campaign_close, name="campaign_close"),
    path(P + "<int:year>/questionnaire/", questionnaires.questionnaire, name="questionnaire"),
    path(P + "<int:year>/instantane/", snapshots.snapshot, name="snapshot"),
    path(P + "<int:year>/instantane.json", snapshots.snapshot_json, name="snapshot_json"),
    path(P + "<int:year>/comparer/", snapshots.compare, name="compare"),
    path(P + "<int:year>/bilan-annuel.pdf", snapshots.report_pdf, name="report_pdf"),
    path(P + "<int:year>/bilan-annuel.docx", snapshots.report_docx, name="report_docx"),
    path(P + "<int:year>/bilan-annuel.odt", snapshots.report_odt, name="report_odt"),
    path(P + "<int:year>/bilan-annuel/generer/", snapshots.report_generate, name="report_generate"),
    path(P + "<int:year>/en-bref/", snapshots.summary, name="summary"),
    path(P + "<int:year>/en-bref.pdf", snapshots.summary_pdf, name="summary_pdf"),
    path(P + "bilans/<int:pk>/", bilans.bilan, name="bilan"),
    path(P + "bilans/<int:pk>/rediger/", bilans.bilan_edit, name="bilan_edit"),
    path(P + "bilans/<int:pk>/soumettre/", bilans.bilan_submit, name="bilan_submit"),
    path(P + "bilans/<int:pk>/valider/", bilans.bilan_validate, name="bilan_validate"),
    path(P + "bilans/<int:pk>/renvoyer/", bilans.bilan_return, name="bilan_return"),
    path(P + "bilans/<int:pk>/commenter/", bilans.bilan_comment, name="bilan_comment"),
    path(P + "bilans/<int:pk>/versions/", bilans.bilan_diff, name="bilan_diff"),
]
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

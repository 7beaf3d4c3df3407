"""A resident's personal-data export holds what they wrote, supported and entered for
others; when their account goes, their published contributions stay, without them."""

from django.urls import reverse

from maillage.participation import services
from maillage.participation.models import Contribution
from tests.conftest import login_verified
from tests.participation import builders


def test_export_lists_contributions_and_supports(place, client):
    mine = builders.contribution(
        place.territory, place.resident, title="Mon besoin", photo=builders.photo()
    )
    other = builders.contribution(
        place.territory, place.resident2, moderation="published", moderator=place.coordinator
    )
    services.support_contribution(actor=place.resident, contribution=other)
    login_verified(client, place.resident)
    data = client.get(reverse("accounts:personal_data")).json()["participation"]
    assert [c["titre"] for c in data["contributions"]] == ["Mon besoin"]
    assert data["contributions"][0]["id"] == mine.pk
    assert data["contributions"][0]["photo"].endswith(f"/participer/{mine.pk}/photo/")
    assert [s["contribution"] for s in data["soutiens"]] == [other.pk]
    services.save_translations(
        actor=place.moderator,
        obj=other,
        entries=[
            {"field": "title", "language": "tr", "text": "Akşam kreşi", "status": "translated"}
        ],
    )
    login_verified(client, place.moderator)
    data = client.get(reverse("accounts:personal_data")).json()["participation"]
    assert data["moderation"] == ["Commune test"]
    assert [(t["langue"], t["texte"]) for t in data["traductions"]] == [("tr", "Akşam kreşi")]


def test_contributions_stay_anonymised_when_the_account_goes(place, client):
    made = builders.contribution(
        place.territory, place.resident, moderation="published", moderator=place.coordinator
    )
    services.support_contribution(actor=place.resident, contribution=made)
    place.resident.delete()
    made.refresh_from_db()
    assert made.author is None
    assert made.supports_count == 1
    assert client.get(made.get_absolute_url()).status_code == 200
    assert Contribution.objects.published().count() == 1


def test_resident_deletes_their_account_and_their_contributions_stay(place, client):
    made = builders.contribution(
        place.territory, place.resident, moderation="published", moderator=place.coordinator
    )
    login_verified(client, place.resident)
    response = client.post(
        reverse("accounts:delete_account"),
        {"password": "mot-de-passe-de-test-1", "confirm": "on"},
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.author is None
    assert client.get(made.get_absolute_url()).status_code == 200


def test_export_lists_council_mandates_and_writings(place, client):
    import datetime

    from maillage.core.roles import Visibility
    from tests.participation.council import council
    from tests.programme import factories as programme

    body = council(place.territory, place.coordinator, member=place.resident)
    action = programme.action(place.territory, "2.2.1", visibility=Visibility.PUBLIC)
    services.create_avis(
        actor=place.resident,
        body=body,
        action=action,
        title="Mon avis",
        text="Texte",
        approved_on=datetime.date(2025, 1, 1),
    )
    services.interpellate(actor=place.resident, body=body, subject="Mon sujet", text="Texte")
    login_verified(client, place.resident)
    data = client.get(reverse("accounts:personal_data")).json()["participation"]
    assert [m["college"] for m in data["mandats_au_conseil_citoyen"]] == ["residents"]
    assert [a["titre"] for a in data["avis_rediges"]] == ["Mon avis"]
    assert [i["objet"] for i in data["interpellations_redigees"]] == ["Mon sujet"]


def test_export_lists_signed_consultation_answers_and_they_stay_when_the_account_goes(
    place, client
):
    from maillage.participation.models import Response

    consultation = builders.consultation(place.territory, place.coordinator)
    services.submit_response(
        actor=place.resident,
        consultation=consultation,
        answers=builders.answers_for(consultation, hour=2, text="Le soir"),
    )
    login_verified(client, place.resident)
    data = client.get(reverse("accounts:personal_data")).json()["participation"]
    answers = {a["question"]: a["reponse"] for a in data["reponses_aux_consultations"]}
    assert answers["À quelle heure avez-vous besoin d’une garde ?"] == "Après 19 heures"
    assert answers["Autre chose à nous dire ?"] == "Le soir"
    place.resident.delete()
    kept = Response.objects.get()
    assert kept.respondent is None and kept.answers.count() == 4

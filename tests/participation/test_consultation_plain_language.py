"""The consultation editor checks the texts residents read (title, presentation, the
questions and their help) for plain French: held with the report until "publier quand
même" is ticked; "Vérifier la lisibilité" shows the report and saves nothing."""

import pytest
from django.urls import reverse

from maillage.participation.models import Consultation, Question
from tests.conftest import login_verified
from tests.core.test_plain_language import JARGON
from tests.participation import builders

pytestmark = pytest.mark.django_db


def _url(place, name, **kwargs):  # type: ignore[no-untyped-def]
    return reverse(
        f"participation:{name}", kwargs={"territory_slug": place.territory.slug, **kwargs}
    )


def _consultation_data(description):  # type: ignore[no-untyped-def]
    return {
        "title": "Les horaires du centre social",
        "description": description,
        "opens_on": "2026-03-01",
        "closes_on": "2026-03-20",
    }


def _held(answer):  # type: ignore[no-untyped-def]
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "Le texte est difficile à lire pour certains habitants." in page
    assert "Score de lisibilité" in page and "<strong>dispositif</strong>" in page
    assert 'name="publish_anyway"' in page and 'type="checkbox"' in page
    return page


def test_a_hard_consultation_is_held_until_confirmed(client, place):
    login_verified(client, place.coordinator)
    url = _url(place, "consultation_create")
    data = _consultation_data(JARGON)
    _held(client.post(url, data))
    assert not Consultation.objects.filter(title=data["title"]).exists()
    checked = client.post(url, {**data, "verifier_lisibilite": "1"})
    assert checked.status_code == 200
    assert "Score de lisibilité" in checked.content.decode()
    assert not Consultation.objects.filter(title=data["title"]).exists()
    assert client.post(url, {**data, "publish_anyway": "on"}).status_code == 302
    assert Consultation.objects.get(title=data["title"]).description == JARGON


def test_a_plain_consultation_is_saved_at_once_and_edits_are_checked(client, place):
    login_verified(client, place.coordinator)
    plain = "Le centre social change ses horaires. Dites-nous quand vous pouvez venir."
    assert (
        client.post(_url(place, "consultation_create"), _consultation_data(plain)).status_code
        == 302
    )
    made = Consultation.objects.get(description=plain)
    edit = _url(place, "consultation_edit", pk=made.pk)
    _held(client.post(edit, _consultation_data(JARGON)))
    made.refresh_from_db()
    assert made.description == plain
    assert (
        client.post(edit, {**_consultation_data(JARGON), "publish_anyway": "on"}).status_code == 302
    )
    made.refresh_from_db()
    assert made.description == JARGON


def test_a_hard_question_is_held_until_confirmed(client, place):
    login_verified(client, place.coordinator)
    draft = builders.consultation(place.territory, place.coordinator, state="draft")
    before = draft.questions.count()
    url = _url(place, "consultation_question", pk=draft.pk)
    data = {"kind": "text", "label": "Votre avis ?", "help_text": JARGON[:300]}
    _held(client.post(url, data))
    assert draft.questions.count() == before
    checked = client.post(url, {**data, "verifier_lisibilite": "1"})
    assert checked.status_code == 200 and "Score de lisibilité" in checked.content.decode()
    assert draft.questions.count() == before
    assert client.post(url, {**data, "publish_anyway": "on"}).status_code == 302
    assert Question.objects.filter(consultation=draft, help_text=JARGON[:300]).exists()
    # The detail page offers the check next to "Ajouter la question".
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'name="verifier_lisibilite"' in page

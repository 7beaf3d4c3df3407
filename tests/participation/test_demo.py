"""The demo's contributions load through the services, answered and linked to the demo's
fiches actions and bodies, one refused with a reason; loading twice changes nothing."""

import pytest

from maillage.participation.models import (
    Answer,
    Consultation,
    ContentTranslation,
    Contribution,
    Moderator,
)

pytestmark = pytest.mark.django_db


def test_the_demo_contributions(demo, client):
    childcare = Contribution.objects.get(title__startswith="Une garde d’enfants")
    assert childcare.status == "integrated" and childcare.action.code == "2.2.1"
    assert childcare.supports_count == 2
    housing = Contribution.objects.get(title__startswith="Les immeubles du bas Clichy")
    assert housing.status == "transmitted" and housing.body.name.startswith("Comité technique")
    assert housing.origin == "permanence" and housing.consent_given_at is not None
    refused = Contribution.objects.get(moderation="refused")
    assert refused.moderation_reason == "individual_case"
    assert Contribution.objects.filter(moderation="pending").count() == 1
    assert set(Contribution.objects.values_list("origin", flat=True)) >= {
        "web",
        "permanence",
        "workshop",
        "walk",
    }
    assert Moderator.objects.exists()
    done = client.get("/territoires/clichy-sous-bois/participer/nous-avons-fait/")
    assert "Votre besoin est repris dans la garderie éphémère" in done.content.decode()
    assert "Mon voisin fait du bruit" not in done.content.decode()
    # Human translations, in each language, with their states.
    statuses = set(ContentTranslation.objects.values_list("language", "status"))
    assert {("ar", "reviewed"), ("ar", "to_translate"), ("tr", "translated")} <= statuses
    assert {lang for lang, _s in statuses} == {"ar", "tr", "en"}
    client.cookies["django_language"] = "ar"
    done = client.get("/territoires/clichy-sous-bois/participer/nous-avons-fait/")
    page = done.content.decode()
    assert '<html lang="ar" dir="rtl"' in page
    assert '<span lang="ar" dir="rtl">حاجتك مأخوذة في الحضانة المؤقتة.' in page


def test_the_demo_citizen_council(demo, client):
    from maillage.governance.models import AgendaItem, Body
    from maillage.participation import draw as lot
    from maillage.participation.demo import DRAW_PUBLIC_VALUE, DRAW_SOURCE
    from maillage.participation.models import Avis, CouncilMember, Draw, Interpellation

    council = Body.objects.get(kind=Body.Kind.CITIZEN_COUNCIL)
    colleges = set(CouncilMember.objects.filter(body=council).values_list("college", flat=True))
    assert colleges == {"residents", "associations"}
    made = Draw.objects.get(body=council)
    again = lot.run(DRAW_SOURCE, public_value=DRAW_PUBLIC_VALUE, seats=8, balance_by="quartier")
    assert (again.list_hash, again.seed, again.drawn) == (made.list_hash, made.seed, made.result)
    avis = Avis.objects.get(body=council)
    assert avis.action.title == "Garderie éphémère" and avis.state == "published"
    page = client.get(avis.action.get_absolute_url()).content.decode()
    assert "Avis du Conseil citoyen" in page and avis.title in page
    interpellation = Interpellation.objects.get(body=council)
    assert interpellation.item.body.kind == Body.Kind.STRATEGIC
    assert AgendaItem.objects.filter(pk=interpellation.item_id, meeting__isnull=True).exists()
    body_page = client.get(council.get_absolute_url()).content.decode()
    assert "Collège des habitants" in body_page and made.get_absolute_url() in body_page


def test_the_demo_consultations(demo, client):
    from maillage.participation.models import Response

    childcare = Consultation.objects.get(title="Vos besoins de garde d’enfants")
    assert childcare.state == "open" and childcare.accepts_answers()
    assert [q.code for q in childcare.quartiers.all()] == ["BAS-CLICHY"]
    origins = set(Response.objects.filter(consultation=childcare).values_list("origin", flat=True))
    assert origins == {"web", "permanence"}
    assisted = Response.objects.filter(consultation=childcare, origin="permanence")
    assert assisted.exists() and all(r.consent_given_at and r.entered_by for r in assisted)
    texts = Answer.objects.filter(response__consultation=childcare, question__kind="text")
    assert set(texts.values_list("moderation", flat=True)) == {"published", "refused", "pending"}
    market = Consultation.objects.get(title__startswith="Le marché du Bas-Clichy")
    assert market.state == "closed" and market.results_published
    page = client.get(
        f"/territoires/clichy-sous-bois/participer/consultations/{market.pk}/resultats/"
    )
    assert page.status_code == 200
    assert "Ouvrir après 17 heures" in page.content.decode()
    refused = texts.get(moderation="refused").text
    from maillage.participation.selectors import consult

    shown = [a.text for r in consult.results(childcare) for a in r.texts]
    assert shown and refused not in shown

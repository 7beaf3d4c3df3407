"""Essaimage: a fiche offered as a fiche inspirante, copied by another territory as a
draft with attribution (content yes; people, money, dates, indicators no), withdrawn."""

import datetime
from decimal import Decimal
from itertools import count

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import AuditEntry
from maillage.core.roles import Role, Visibility
from maillage.programme import services
from maillage.programme.models import Action, InspiringModel
from tests.factories import GeoUnitFactory, TerritoryFactory, UserFactory, member
from tests.programme import factories
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

TEXTS = {
    "summary": "Une garderie ponctuelle dans les centres sociaux.",
    "resources": "Deux professionnelles de la petite enfance, une salle, 40 000 € par an.",
    "contacts": "Direction de la petite enfance de la ville.",
    "results": "137 enfants accueillis en 2025.",
    "visibility": InspiringModel.Audience.PARTNERS,
}


@pytest.fixture
def garderie(scene):  # type: ignore[no-untyped-def]
    """The scene's garderie, filled in like a real fiche: publics, places, partner, means,
    a milestone, a journal entry, a referent."""
    action = scene["garderie"]
    place = GeoUnitFactory(territory=scene["territory"], code="HAUT", name="Haut-Clichy")
    services.update_action(
        actor=None,
        action=action,
        summary="Une garderie ouverte dans les centres sociaux.",
        constat="Des parents sans mode de garde.",
        goals="Offrir une garde ponctuelle.",
        public_precision="Parents d’enfants de moins de 6 ans.",
        publics=["familles"],
        places=[place],
        referents=[scene["pilot"]],
        ends_on=datetime.date(2027, 12, 31),
    )
    services.add_partner(actor=None, action=action, organisation=scene["caf"], role="Financement")
    services.add_means(
        actor=None,
        action=action,
        kind="budget",
        organisation=scene["caf"],
        year=2025,
        amount=Decimal(40000),
    )
    services.add_milestone(
        actor=None, action=action, title="Ouverture", planned_on=datetime.date(2016, 1, 4)
    )
    services.add_journal_entry(
        actor=None, action=action, text="Huit enfants le premier jour.", happened_on=None
    )
    return action


def _offer(scene, action=None, **changes):  # type: ignore[no-untyped-def]
    return services.offer_as_model(
        scene["pilot"], action or scene["garderie"], **{**TEXTS, **changes}
    )


# --------------------------------------------------------------------------- services


def test_the_pilot_offers_and_updates_the_model(scene):
    model = _offer(scene)
    assert model.offered_by == scene["pilot"] and model.withdrawn_at is None
    assert AuditEntry.objects.filter(action="inspiring_model.offer").count() == 1
    again = _offer(scene, results="140 enfants en 2026.")
    assert again.pk == model.pk and again.results == "140 enfants en 2026."
    entry = AuditEntry.objects.get(action="inspiring_model.update")
    assert entry.changes["results"] == [TEXTS["results"], "140 enfants en 2026."]


def test_who_may_offer(scene):
    with pytest.raises(PermissionDenied):
        _offer(scene, action=scene["clause"])  # piloted by the CAF, not the centre
    assert services.offer_as_model(scene["coordinator"], scene["clause"], **TEXTS).pk
    with pytest.raises(PermissionDenied):
        services.offer_as_model(scene["outsider"], scene["garderie"], **TEXTS)
    with pytest.raises(PermissionDenied):
        services.offer_as_model(None, scene["garderie"], **TEXTS)


def test_an_offer_needs_its_texts_and_a_known_visibility(scene):
    with pytest.raises(ValidationError) as refused:
        _offer(scene, summary="  ", visibility="members")
    assert set(refused.value.message_dict) == {"summary", "visibility"}
    assert not InspiringModel.objects.exists()


def test_a_restricted_fiche_is_not_offered(scene):
    action = factories.action(
        scene["territory"],
        "9.9.9",
        pilots=[scene["centre"]],
        visibility=Visibility.RESTRICTED,
        restricted_to=[scene["centre"]],
    )
    with pytest.raises(ValidationError, match="réservée à des organisations nommées"):
        _offer(scene, action=action)


def test_a_copy_takes_the_content_and_leaves_people_money_and_dates(scene, garderie, other):
    model = _offer(scene)
    copy = services.copy_model(other["coordinator"], model, objective=other["objective"])
    assert copy.territory == other["territory"] and copy.objective == other["objective"]
    assert (copy.title, copy.summary, copy.constat, copy.goals, copy.public_precision) == (
        garderie.title,
        garderie.summary,
        garderie.constat,
        garderie.goals,
        garderie.public_precision,
    )
    assert list(copy.publics.values_list("public", flat=True)) == ["familles"]
    assert copy.status == Action.Status.IDEA and copy.visibility == Visibility.MEMBERS
    assert copy.code.startswith("NOUV-")
    assert copy.starts_on is None and copy.ends_on is None and copy.progress is None
    for related in (
        "pilots",
        "referents",
        "places",
        "partner_links",
        "means",
        "milestones",
        "journal",
        "indicators",
        "status_changes",
        "related",
    ):
        assert not getattr(copy, related).exists(), related
    assert copy.versions.count() == 1  # its own history starts here
    assert copy.inspired_by == model
    assert copy.attribution == "« Garderie éphémère » (Clichy-sous-Bois)"
    assert AuditEntry.objects.filter(action="action.create", object_id=str(copy.pk)).exists()
    reuse = AuditEntry.objects.get(action="inspiring_model.copy")
    assert reuse.territory == scene["territory"]
    assert reuse.changes == {"reused_by": [None, "Montfermeil"]}


def test_copy_refusals(scene, other):
    model = _offer(scene)
    own = factories.objective(scene["territory"], "2.2", 2)
    # The model's own territory: a clear message, nothing created.
    with pytest.raises(PermissionDenied):
        services.copy_model(scene["coordinator"], model, objective=own)
    admin = member(other["territory"], Role.COORDINATOR)
    admin.is_superuser = True
    admin.save()
    with pytest.raises(ValidationError) as refused:
        services.copy_model(admin, model, objective=own)
    assert "vient déjà de Clichy-sous-Bois" in refused.value.message_dict["objective"][0]
    # A partner (not coordinator) of the other commune may not create fiches there.
    with pytest.raises(PermissionDenied):
        services.copy_model(other["partner"], model, objective=other["objective"])
    # A coordinator of a third commune may not put it in Montfermeil's programme.
    third = TerritoryFactory(name="Coubron", slug="coubron", insee_code="93015")
    stranger = member(third, Role.COORDINATOR)
    with pytest.raises(ValidationError, match="créer de fiche action à Montfermeil"):
        services.copy_model(stranger, model, objective=other["objective"])
    # Twice in the same territory: the first copy is named.
    first = services.copy_model(other["coordinator"], model, objective=other["objective"])
    with pytest.raises(ValidationError, match=f"déjà repris cette fiche : « {first.code}"):
        services.copy_model(other["coordinator"], model, objective=other["objective"])
    assert Action.objects.filter(inspired_by=model).count() == 1


def test_withdrawal_keeps_the_attribution(scene, other):
    model = _offer(scene)
    copy = services.copy_model(other["coordinator"], model, objective=other["objective"])
    with pytest.raises(PermissionDenied):
        services.withdraw_model(other["coordinator"], model)
    services.withdraw_model(scene["pilot"], model)
    model.refresh_from_db()
    assert model.withdrawn_at is not None
    assert AuditEntry.objects.filter(action="inspiring_model.withdraw").count() == 1
    with pytest.raises(ValidationError, match="déjà retirée"):
        services.withdraw_model(scene["pilot"], model)
    with pytest.raises(ValidationError, match="retirée"):
        services.copy_model(other["coordinator"], model, objective=other["objective"])
    # Offered again, it is back; deleted with its fiche, the copies keep their mention.
    assert _offer(scene).withdrawn_at is None
    InspiringModel.objects.filter(pk=model.pk).delete()
    copy.refresh_from_db()
    assert copy.inspired_by is None
    assert copy.attribution == "« Garderie éphémère » (Clichy-sous-Bois)"


# --------------------------------------------------------------------------- pages


def test_the_fiche_page_offers_and_lists_reuses(scene, other, client_for):
    url = scene["garderie"].get_absolute_url()
    page = client_for(scene["pilot"]).get(url).content.decode()
    assert "Proposer comme fiche inspirante" in page
    offer_url = reverse("programme:action_offer", args=["clichy", scene["garderie"].pk])
    response = client_for(scene["pilot"]).post(offer_url, TEXTS)
    assert response.status_code == 302 and response["Location"].endswith("#inspiring")
    model = InspiringModel.objects.get()
    copy = services.copy_model(other["coordinator"], model, objective=other["objective"])
    # The pilot cannot read Montfermeil's draft: its territory and date only.
    page = client_for(scene["pilot"]).get(url).content.decode()
    assert "Retirer du catalogue" in page and "Montfermeil" in page
    assert copy.code not in page and copy.get_absolute_url() not in page
    # The page shows the date in the territory's time zone (Paris), not UTC's.
    assert f"brouillon créé le {timezone.localtime(copy.created_at):%d/%m/%Y}" in page
    # An outsider partner reads the block, without the buttons.
    page = client_for(scene["outsider"]).get(url).content.decode()
    assert "Proposée aux autres territoires" in page and "Retirer du catalogue" not in page
    # The copy shows where it comes from, with a link to the model.
    page = client_for(other["coordinator"]).get(copy.get_absolute_url()).content.decode()
    assert "Inspirée de" in page and model.get_absolute_url() in page


def test_personal_data_asks_for_a_tick(scene, client_for):
    offer_url = reverse("programme:action_offer", args=["clichy", scene["garderie"].pk])
    client = client_for(scene["pilot"])
    data = {**TEXTS, "contacts": "Mme Durand, 06 12 34 56 78"}
    response = client.post(offer_url, data)
    assert response.status_code == 400
    assert "un numéro de téléphone" in response.content.decode()
    assert not InspiringModel.objects.exists()
    response = client.post(offer_url, {**data, "confirm_personal_data": "on"})
    assert response.status_code == 302 and InspiringModel.objects.get().contacts.startswith("Mme")


def test_catalogue_search_filters_and_copy(scene, other, client_for):
    model = _offer(scene)
    clause = services.offer_as_model(
        scene["coordinator"],
        scene["clause"],
        **{**TEXTS, "summary": "Clause d’insertion dans les marchés.", "visibility": "public"},
    )
    catalogue = reverse("programme:inspiring_models")
    anonymous = client_for(None).get(catalogue).content.decode()
    assert "Clause d’insertion" in anonymous and "Garderie éphémère" not in anonymous
    client = client_for(other["coordinator"])
    page = client.get(catalogue).content.decode()
    assert "2 fiches inspirantes" in page
    page = client.get(catalogue + "?q=garderie").content.decode()
    assert "1 fiche inspirante" in page and "Garderie éphémère" in page
    theirs = factories.action(
        other["territory"], "3.1.1", title="Bus des familles", objective=other["objective"]
    )
    services.offer_as_model(other["coordinator"], theirs, **TEXTS)
    page = client.get(catalogue + f"?territory={other['territory'].pk}").content.decode()
    assert "1 fiche inspirante" in page and "Bus des familles" in page
    page = client.get(catalogue + "?theme=Axe+1").content.decode()
    assert "2 fiches inspirantes" in page and "Bus des familles" not in page
    # An unknown value is left out rather than emptying the list.
    page = client.get(catalogue + "?theme=Inconnu&territory=nimporte").content.decode()
    assert "3 fiches inspirantes" in page
    # The detail page offers the copy; the copy lands on the new draft.
    page = client.get(model.get_absolute_url()).content.decode()
    assert "Reprendre dans mon territoire" in page and "Montfermeil" in page
    response = client.post(
        reverse("programme:inspiring_model_copy", args=[model.pk]),
        {"objective": other["objective"].pk},
        follow=True,
    )
    copy = Action.objects.get(inspired_by=model)
    assert response.redirect_chain[-1][0] == copy.get_absolute_url()
    assert "a été créée en brouillon à Montfermeil" in response.content.decode()
    # A withdrawn model leaves the catalogue and answers 404.
    services.withdraw_model(scene["coordinator"], clause)
    assert "Clause d’insertion" not in client.get(catalogue).content.decode()
    assert client.get(clause.get_absolute_url()).status_code == 404


def test_copy_into_an_objective_of_the_own_territory_is_refused_on_the_form(
    scene, other, client_for
):
    model = _offer(scene)
    own = factories.objective(scene["territory"], "2.2", 2)
    client = client_for(other["coordinator"])
    response = client.post(
        reverse("programme:inspiring_model_copy", args=[model.pk]), {"objective": own.pk}
    )
    assert response.status_code == 400
    assert not Action.objects.filter(inspired_by=model).exists()


# --------------------------------------------------------------------------- queries


def test_catalogue_and_pages_keep_their_query_count(scene, other, client_for):
    admin = UserFactory(admin=True)
    model = _offer(scene, visibility="public")
    numbers = count(1)

    def grow(times: int) -> None:
        for _ in range(times):
            n = next(numbers)
            territory = TerritoryFactory(name=f"Commune {n}", slug=f"commune-{n}")
            objective = factories.objective(territory, "1.1", n % 3 + 1)
            action = factories.action(
                territory, f"{n}.1", title=f"Garderie {n}", objective=objective
            )
            services.offer_as_model(admin, action, **{**TEXTS, "visibility": "public"})
            services.copy_model(admin, model, objective=objective)

    client = client_for(other["coordinator"])
    catalogue = reverse("programme:inspiring_models")
    assert_constant_queries(client, catalogue, grow, factor=3)
    assert_constant_queries(client, catalogue + "?q=garderie&page=2", grow, factor=3)
    assert_constant_queries(client, model.get_absolute_url(), grow, factor=3)
    assert_constant_queries(
        client_for(scene["pilot"]), scene["garderie"].get_absolute_url(), grow, factor=3
    )


def test_the_journal_names_each_write(scene, other, client_for):
    model = _offer(scene)
    services.copy_model(other["coordinator"], model, objective=other["objective"])
    _offer(scene, results="140 enfants en 2026.")
    services.withdraw_model(scene["pilot"], model)
    page = client_for(scene["coordinator"]).get(reverse("territories:audit_log", args=["clichy"]))
    text = page.content.decode()
    assert page.status_code == 200
    for label in (
        "Fiche proposée comme fiche inspirante",
        "Fiche inspirante reprise par un autre territoire",
        "Fiche inspirante modifiée",
        "Fiche inspirante retirée du catalogue",
    ):
        assert label in text, label
    assert "Montfermeil" in text


def test_a_withdrawn_model_stays_readable_by_those_who_offered_it(scene, other, client_for):
    model = _offer(scene)
    services.withdraw_model(scene["pilot"], model)
    page = client_for(scene["pilot"]).get(model.get_absolute_url())
    assert page.status_code == 200 and "Retirée du catalogue le" in page.content.decode()
    assert "Reprendre dans mon territoire" not in page.content.decode()
    assert client_for(scene["outsider"]).get(model.get_absolute_url()).status_code == 404
    assert client_for(other["coordinator"]).get(model.get_absolute_url()).status_code == 404
    catalogue = client_for(scene["pilot"]).get(reverse("programme:inspiring_models"))
    assert "Garderie éphémère" not in catalogue.content.decode()

"""Essaimage in the browser: Clichy-sous-Bois offers its garderie éphémère; the
coordinator of another commune finds it in the catalogue, copies it into an objective of
their programme and lands on the draft, which says where it comes from."""

from playwright.sync_api import expect

from maillage.core.roles import Role
from maillage.programme import services
from maillage.programme.models import Action
from tests.browser.support import assert_accessible
from tests.factories import OrganisationFactory, TerritoryFactory, member
from tests.programme import factories
from tests.programme.browser import build_scene, sign_in_with_second_factor


def test_a_coordinator_copies_the_garderie_into_their_programme(page, transactional_db):
    scene = build_scene()
    services.offer_as_model(
        scene.pilot,
        scene.action,
        summary="Une garde ponctuelle des jeunes enfants pendant les démarches des parents.",
        resources="Deux professionnelles de la petite enfance, une salle, 40 000 € par an.",
        contacts="Les centres sociaux, accueil de la garderie.",
        results="137 enfants accueillis en 2025.",
        visibility="public",
    )
    montfermeil = TerritoryFactory(name="Montfermeil", slug="montfermeil", insee_code="93047")
    mairie = OrganisationFactory(name="Ville de Montfermeil", partner_of=[montfermeil])
    coordinator = member(
        montfermeil, Role.COORDINATOR, mairie, email="coordination@montfermeil.test"
    )
    factories.axis(montfermeil, 3, short_name="Familles", title="Soutenir les familles")
    factories.objective(montfermeil, "3.2", 3)
    sign_in_with_second_factor(page, coordinator)

    page.goto("/fiches-inspirantes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fiches inspirantes")
    page.get_by_role("textbox", name="Rechercher").fill("garderie")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("status")).to_contain_text("1 fiche inspirante")
    assert_accessible(page)

    page.get_by_role("link", name="Garderie éphémère").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Garderie éphémère")
    expect(page.get_by_text("Aucun territoire ne l’a encore reprise.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Objectif de votre territoire où ranger la fiche").select_option(
        label="Axe 3 — 3.2 Objectif 3.2"
    )
    page.get_by_role("button", name="Reprendre dans mon territoire").click()
    copy = Action.objects.get(territory=montfermeil)
    page.wait_for_url(f"**{copy.get_absolute_url()}")
    expect(page.get_by_text("a été créée en brouillon à Montfermeil")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Garderie éphémère")
    expect(page.get_by_text("Inspirée de « Garderie éphémère » (Clichy-sous-Bois)")).to_be_visible()
    expect(page.get_by_text("Idée", exact=True).first).to_be_visible()
    assert_accessible(page)

    # The model's page now lists the reuse.
    page.get_by_role("link", name="« Garderie éphémère »").click()
    expect(page.get_by_role("link", name=f"{copy.code} Garderie éphémère")).to_be_visible()
    assert_accessible(page)

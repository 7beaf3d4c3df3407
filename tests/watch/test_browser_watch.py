"""In Chromium: a PMI professional reports a signal (the gate stops a phone number
first), a CCAS professional corroborates it from the similar-signals list, the cellule's
secretary orients it to a comité technique's backlog, and the reporter sees « suite
donnée ». Every page visited passes axe."""

import datetime

from maillage.core.roles import Role, Visibility
from maillage.governance import services as governance
from maillage.governance.models import AgendaItem, Body
from maillage.watch.models import Corroboration, Signal
from tests.browser.support import assert_accessible
from tests.factories import GeoUnitFactory, OrganisationFactory, TerritoryFactory, member

PASSWORD = "mot-de-passe-de-test-1"


def sign_in(page, email: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto("/connexion/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url(lambda url: "/connexion/" not in url)


def test_a_signal_from_the_field_to_suite_donnee(page, transactional_db):
    territory = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014"
    )
    GeoUnitFactory(territory=territory, kind="quartier", code="BAS-CLICHY", name="Bas-Clichy")
    pmi = OrganisationFactory(name="Protection maternelle et infantile", partner_of=[territory])
    ccas = OrganisationFactory(name="CCAS de Clichy-sous-Bois", partner_of=[territory])
    service_social = OrganisationFactory(
        name="Circonscription de service social", partner_of=[territory]
    )
    reporter = member(
        territory, Role.PARTNER, pmi, email="puericultrice@essai.test", full_name="Inès Pmiel"
    )
    social_worker = member(
        territory, Role.PARTNER, ccas, email="ccas@essai.test", full_name="Paul Ccasel"
    )
    secretary = member(
        territory,
        Role.PARTNER,
        service_social,
        email="veille@essai.test",
        full_name="Sonia Veillel",
    )
    cellule = governance.create_body(
        actor=None,
        territory=territory,
        kind=Body.Kind.WATCH,
        name="Cellule de veille territoriale",
        secretary=secretary,
        visibility=Visibility.PARTNERS,
        documents_visibility=Visibility.MEMBERS,
    )
    committee = governance.create_body(
        actor=None,
        territory=territory,
        kind=Body.Kind.TECHNICAL,
        name="Comité technique Familles",
        visibility=Visibility.PUBLIC,
        documents_visibility=Visibility.MEMBERS,
    )
    for body in (cellule, committee):
        governance.add_member(
            actor=None,
            body=body,
            organisation=service_social,
            started_on=datetime.date(2024, 1, 1),
        )

    # The PMI professional reports; the gate stops a phone number first.
    sign_in(page, reporter.email)
    page.goto(f"/territoires/{territory.slug}/veille/")
    assert_accessible(page)
    page.get_by_role("link", name="Signaler un phénomène").click()
    page.get_by_role("heading", name="Signaler un phénomène").wait_for()
    assert_accessible(page)
    page.locator("#id_title").fill("Retards de développement psychomoteur des tout-petits")
    page.locator("#id_description").fill(
        "Des enfants de 2 à 3 ans marchent et parlent tard ; une mère joignable au "
        "06 12 34 56 78 en parle."
    )
    page.locator("#id_thematique").select_option(
        "famille--soutien-a-la-parentalite-et-a-leducation"
    )
    page.locator("#id_place").select_option(label="Bas-Clichy (BAS-CLICHY)")
    page.locator("#id_observed_since").fill("2024-09-01")
    page.locator("#id_trend").select_option("rising")
    page.locator("#id_situations_count").fill("12")
    page.locator("label[for=id_audience_1]").click()
    page.get_by_role("button", name="Transmettre à la cellule de veille").click()
    stopped = page.locator("#gate-stopped")
    stopped.wait_for()
    assert stopped.locator("mark").first.inner_text() == "06 12 34 56 78"
    assert not Signal.objects.exists()
    assert_accessible(page)
    page.locator("#id_description").fill(
        "Des enfants de 2 à 3 ans marchent et parlent tard, surtout au bas Clichy."
    )
    page.get_by_role("button", name="Transmettre à la cellule de veille").click()
    page.get_by_text("Le signalement est transmis à la cellule de veille.").wait_for()
    signal = Signal.objects.get()
    assert_accessible(page)

    # The CCAS professional types a similar signal and corroborates the one proposed.
    sign_in(page, social_worker.email)
    page.goto(f"/territoires/{territory.slug}/veille/signaler/")
    page.locator("#id_title").press_sequentially("retards développement", delay=20)
    proposal = page.get_by_role("link", name=f"Nous l’observons aussi : n° {signal.pk}")
    proposal.wait_for()
    assert_accessible(page)
    proposal.click()
    page.get_by_role("heading", name="Nous l’observons aussi").wait_for()
    assert_accessible(page)
    page.locator("#id_situations_count").fill("5")
    page.locator("#id_note").fill("Des parents nous en parlent aux permanences.")
    page.get_by_role("button", name="Ajouter notre observation").click()
    page.get_by_text("votre observation est ajoutée").wait_for()
    assert Corroboration.objects.filter(signal=signal, organisation=ccas).exists()
    assert_accessible(page)

    # The cellule's secretary finds it in the triage inbox and orients it.
    sign_in(page, secretary.email)
    page.goto(f"/territoires/{territory.slug}/veille/tri/")
    assert_accessible(page)
    page.get_by_role("link", name=f"n° {signal.pk} — {signal.title}").click()
    page.get_by_role("link", name="Orienter").click()
    assert_accessible(page)
    page.locator("label[for=id_kind_0]").click()
    page.locator("#id_body").select_option(label=str(committee))
    page.get_by_role("button", name="Orienter").click()
    page.get_by_text("Suite donnée : le signalement est orienté.").wait_for()
    assert AgendaItem.objects.filter(body=committee, meeting__isnull=True).count() == 1
    assert_accessible(page)

    # The reporter sees what became of it.
    sign_in(page, reporter.email)
    page.goto(f"/territoires/{territory.slug}/veille/mes-signalements/")
    assert page.get_by_text("Suite donnée").first.is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"n° {signal.pk} — {signal.title}").click()
    outcome = page.locator("#suite-donnee")
    assert "Comité technique Familles" in outcome.inner_text()
    assert_accessible(page)

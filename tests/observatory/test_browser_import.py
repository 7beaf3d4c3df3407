"""A CAF partner uploads its own file, maps its columns, previews it, imports it with the
progress bar, and the portrait shows the new figure (to the CAF only: the file is
restricted to it)."""

from playwright.sync_api import expect

from maillage.core.roles import Role
from maillage.observatory.catalogue import install_catalogue
from tests.browser.support import assert_accessible, field, sign_in
from tests.factories import OrganisationFactory, TerritoryFactory, member

CAF_FILE = "commune;annee;foyers rsa;allocataires\n93014;2023;2480;9100\n".encode("latin-1")


def test_caf_partner_imports_its_file(page, transactional_db):  # type: ignore[no-untyped-def]
    install_catalogue()  # the flush of a live-server test wiped the migration's rows
    departement = TerritoryFactory(
        departement=True, name="Seine-Saint-Denis", slug="seine-saint-denis", insee_code="93"
    )
    territory = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy", insee_code="93014", parent=departement
    )
    caf = OrganisationFactory(
        name="CAF de la Seine-Saint-Denis", acronym="CAF", partner_of=[territory]
    )
    user = member(territory, Role.PARTNER, caf, email="caf@essai.test")

    sign_in(page, user.email, "mot-de-passe-de-test-1")
    page.goto("/territoires/clichy/observatoire/")
    expect(page.get_by_role("heading", name="Observatoire : Clichy-sous-Bois")).to_be_visible()
    expect(page.locator("#portrait")).not_to_contain_text("2\u202f480")
    assert_accessible(page)

    page.get_by_role("link", name="Importer des données").first.click()
    assert_accessible(page)
    page.locator("input[type=file][name=file]").set_input_files(
        {"name": "rsa-2023.csv", "mimeType": "text/csv", "buffer": CAF_FILE}
    )
    field(page, "Format").select_option("partner")
    field(page, "Titre").fill("Foyers RSA 2023")
    field(page, "Source").fill("CAF de la Seine-Saint-Denis")
    field(page, "Millésime").fill("2023")
    field(page, "Diffusion").select_option("restricted")
    page.get_by_label("CAF de la Seine-Saint-Denis").check(force=True)
    page.get_by_role("button", name="Déposer et vérifier").click()

    expect(page.get_by_role("heading", name="Correspondance des colonnes")).to_be_visible()
    assert_accessible(page)
    field(page, "Colonne du code géographique").select_option("commune")
    field(page, "Niveau géographique").select_option("commune")
    field(page, "… ou colonne de l’année").select_option("annee")
    field(page, "Variable pour la colonne « foyers rsa »").fill("CAF_RSA")
    field(page, "Variable pour la colonne « allocataires »").fill("CAF_ALLOC")
    page.get_by_role("button", name="Voir l’aperçu").click()

    expect(page.get_by_role("heading", name="Aperçu avant import")).to_be_visible()
    expect(page.locator("#counts")).to_contain_text("1 ligne lue")
    expect(page.locator("#columns")).to_contain_text("CAF_RSA")
    expect(page.locator("#sample")).to_contain_text("2480")
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer l’import").click()

    progress = page.locator("#progress-bar")
    expect(progress).to_be_visible()
    expect(progress).to_have_attribute("value", "100")
    expect(page.locator("#import-progress")).to_contain_text("Importé")
    assert_accessible(page)
    page.get_by_role("link", name="Voir le portrait").click()
    expect(page.locator("#portrait")).to_contain_text("2\u202f480\u202ffoyers")
    # The key figure's card: its value and its small chart against the Département.
    card = page.locator("#key-figures li", has_text="Foyers allocataires du RSA")
    expect(card).to_contain_text("2\u202f480\u202ffoyers")
    expect(card.locator("svg.obs-bars")).to_be_visible()
    assert_accessible(page)

    # The indicator page: the chart, its data table and source line, and the dataset.
    page.locator("#key-figures").get_by_role("link", name="Foyers allocataires du RSA").click()
    expect(page.locator("#chart svg")).to_be_visible()
    expect(page.locator("#series")).to_contain_text("2\u202f480\u202ffoyers")
    expect(page.locator("#chart figcaption")).to_contain_text("Source")
    assert_accessible(page)
    page.get_by_role("link", name="Jeux de données").first.click()
    page.get_by_role("link", name="Foyers RSA 2023").click()
    expect(page.locator("#import-log")).to_contain_text("rsa-2023.csv")
    assert_accessible(page)

"""In Chromium: a resident signs up, follows the link from the e-mail, and is signed in."""

from maillage.accounts.models import User
from tests.accounts.helpers import NEW_PASSWORD, link_in_last_email
from tests.browser.support import assert_accessible, field
from tests.factories import TerritoryFactory


def test_resident_signs_up_and_confirms(page, transactional_db):
    TerritoryFactory(name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014")
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Créer un compte habitant").first.click()
    page.wait_for_url("**/inscription/")
    assert_accessible(page)
    field(page, "Prénom et nom").fill("Sami Habitel")
    field(page, "Adresse électronique").fill("sami@exemple.test")
    field(page, "Votre commune").select_option(label="Clichy-sous-Bois")
    field(page, "Mot de passe").fill(NEW_PASSWORD)
    field(page, "Confirmation du mot de passe").fill("pas-le-meme-mot-de-passe")
    # DSFR draws its own box over the input: people click the label.
    page.locator("label[for=id_accept]").click()
    assert field(page, "J’accepte que Maillage conserve").is_checked()
    page.get_by_role("button", name="Créer mon compte").click()
    page.get_by_text("Les deux mots de passe ne correspondent pas.").first.wait_for()
    assert_accessible(page)
    field(page, "Mot de passe").fill(NEW_PASSWORD)
    field(page, "Confirmation du mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/inscription/envoyee/")
    assert page.get_by_role("heading", level=1).inner_text() == "Confirmez votre adresse"
    assert_accessible(page)
    assert not User.objects.get(email="sami@exemple.test").is_active

    page.goto(link_in_last_email("sami@exemple.test"))
    page.wait_for_url("**/territoires/clichy-sous-bois/")
    page.get_by_text("Votre adresse est confirmée. Bienvenue sur Maillage !").wait_for()
    assert page.get_by_role("link", name="Sami", exact=True).is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Sami", exact=True).click()
    page.wait_for_url("**/compte/")
    assert page.get_by_text("Habitant·e").is_visible()
    assert_accessible(page)

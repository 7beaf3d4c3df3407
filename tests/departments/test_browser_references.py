"""In Chromium: the Département's coordinator adds a thématique and publishes the list;
a commune's coordinator maps it onto a local theme and adopts an indicator of the
catalogue list. Every page visited passes axe."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.departments.models_references import LocalMapping
from maillage.observatory.models import Indicator
from tests.accounts.helpers import PASSWORD, totp_code
from tests.browser.support import assert_accessible, field, sign_in
from tests.departments.references_support import INDICATOR, published_item, setup


def _sign_in_with_second_factor(page, user) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    device = TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)
    sign_in(page, user.email, PASSWORD)
    page.wait_for_url("**/compte/verification/**")
    field(page, "Code à 6 chiffres, ou code de secours").fill(totp_code(device))
    page.get_by_role("button", name="Valider").click()
    page.wait_for_url(lambda url: "/compte/" not in url and "/connexion/" not in url)


def test_publish_map_and_adopt(page, transactional_db):
    s = setup()
    published_item(s, "indicators", "part-jeunes-inventee", "Part de jeunes (inventée)", INDICATOR)

    # The Département's coordinator adds a thématique and publishes the list.
    _sign_in_with_second_factor(page, s.dep_coordinator)
    page.goto(f"/territoires/{s.department.slug}/referentiels/")
    assert_accessible(page)
    page.locator("a[href$='/referentiels/themes/nouveau/']").click()
    page.wait_for_url("**/referentiels/themes/nouveau/")
    assert_accessible(page)
    page.locator("#id_code").fill("logement")
    page.locator("#id_label").fill("Logement")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/territoires/{s.department.slug}/referentiels/**")
    page.locator("form[action$='/referentiels/themes/publier/'] button").click()
    page.get_by_text("Version 1 publiée : les communes la voient.").wait_for()
    assert_accessible(page)

    # The commune's coordinator maps it and adopts the indicator.
    _sign_in_with_second_factor(page, s.coordinator)
    page.goto(f"/territoires/{s.commune.slug}/referentiels/")
    page.get_by_text("0 sur 2 éléments rapprochés").first.wait_for()
    assert_accessible(page)
    page.get_by_label("Élément local pour « Logement »").select_option("participation:housing")
    page.get_by_role("button", name="Enregistrer : Logement").click()
    page.get_by_text("Rapprochement de « Logement » enregistré.").wait_for()
    page.get_by_role("button", name="Adopter « Part de jeunes (inventée) »").click()
    page.get_by_text("est adopté").wait_for()
    page.get_by_text("2 sur 2 éléments rapprochés").first.wait_for()
    assert_accessible(page)
    assert Indicator.objects.filter(code="part-jeunes-inventee").exists()
    assert LocalMapping.objects.filter(territory=s.commune).count() == 2

"""In Chromium: a coordinator sets up and generates the ABS report, then downloads its PDF
and DOCX; the map page passes axe."""

import re
from pathlib import Path

from maillage.core.roles import Visibility
from maillage.observatory.models import Indicator
from maillage.territories.models import GeoUnit
from tests.browser.support import assert_accessible
from tests.observatory import builders
from tests.programme.browser import sign_in_with_second_factor


def _draw(territory) -> None:  # type: ignore[no-untyped-def]
    for index, unit in enumerate(GeoUnit.objects.filter(territory=territory, kind="iris")):
        west = 2.54 + 0.01 * index
        ring = [[west, 48.9], [west + 0.01, 48.9], [west + 0.01, 48.91], [west, 48.91]]
        unit.geometry = {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}
        unit.save(update_fields=["geometry"])


def test_coordinator_generates_and_downloads_the_abs_report(transactional_db, page, scene):  # type: ignore[no-untyped-def]
    builders.dataset(
        scene.territory,
        scene.caf,
        builders.IRIS_CAF,
        visibility=Visibility.RESTRICTED,
        restricted_to=[scene.caf.pk, scene.ville.pk],
    )
    _draw(scene.territory)
    slug = scene.territory.slug

    page.goto(f"/territoires/{slug}/observatoire/indicateurs/foyers-rsa/carte/")
    # Restricted to the CAF and the town: the public is told so, with no empty map.
    assert page.locator("svg.maillage-map").count() == 0
    assert "Réservé aux partenaires" in page.locator("#reserved").text_content()
    assert_accessible(page)

    sign_in_with_second_factor(page, scene.coordinator)
    page.goto(f"/territoires/{slug}/observatoire/indicateurs/foyers-rsa/carte/")
    assert page.locator('path[data-code="930140101"] title').text_content() == (
        "Quartier A : Secret statistique"
    )
    # The area's name is shown on keyboard focus.
    page.locator('path[data-code="930140102"]').focus()
    assert page.locator("svg.maillage-map .maillage-map__label").text_content() == "Quartier B"
    assert_accessible(page)

    page.goto(f"/territoires/{slug}/observatoire/abs/")
    assert_accessible(page)
    page.get_by_role("link", name="Choisir les indicateurs").click()
    page.wait_for_url("**/abs/modele/")
    rsa = Indicator.objects.get(code="foyers-rsa")
    page.locator(f'input[name="indicators"][value="{rsa.pk}"]').check(force=True)
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r".*/abs/$"))
    page.get_by_role("link", name="Confier une section à un partenaire").click()
    page.wait_for_url("**/sections/ajouter/")
    page.locator("#id_organisation").select_option(str(scene.caf.pk))
    page.locator("#id_title").fill("Accès aux droits")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r".*/abs/$"))
    page.locator("#id_year").fill("2024")
    page.get_by_role("button", name="Générer le rapport").click()
    page.wait_for_url("**/abs/2024/")
    page.get_by_role("link", name="Télécharger le PDF").wait_for()
    assert_accessible(page)

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Télécharger le PDF").click()
    assert Path(pdf_download.value.path()).read_bytes().startswith(b"%PDF")
    assert pdf_download.value.suggested_filename == f"abs-{slug}-2024.pdf"
    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Télécharger le DOCX (modifiable)").click()
    assert docx_download.value.suggested_filename == f"abs-{slug}-2024.docx"


IRIS_FILE = (
    "iris;annee;foyers rsa\n930140101;2023;3\n930140102;2023;40\n930140103;2023;25\n"
).encode("latin-1")


def test_caf_partner_imports_iris_figures_and_the_map_updates(transactional_db, page, scene):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    from tests.browser.support import field, sign_in

    _draw(scene.territory)
    slug = scene.territory.slug
    sign_in(page, scene.caf_user.email, "mot-de-passe-de-test-1")
    page.goto(f"/territoires/{slug}/observatoire/indicateurs/foyers-rsa/carte/")
    # No IRIS figure yet: no empty map, the page says there is nothing to draw.
    expect(page.locator("#no-map")).to_be_visible()
    assert page.locator("svg.maillage-map").count() == 0
    page.goto(f"/territoires/{slug}/observatoire/importer/")
    page.locator("input[type=file][name=file]").set_input_files(
        {"name": "rsa-iris-2023.csv", "mimeType": "text/csv", "buffer": IRIS_FILE}
    )
    field(page, "Format").select_option("partner")
    field(page, "Titre").fill("Foyers RSA par IRIS 2023")
    field(page, "Source").fill("CAF de la Seine-Saint-Denis")
    field(page, "Millésime").fill("2023")
    field(page, "Diffusion").select_option("restricted")
    page.get_by_label("CAF de la Seine-Saint-Denis").check(force=True)
    page.get_by_role("button", name="Déposer et vérifier").click()
    expect(page.get_by_role("heading", name="Correspondance des colonnes")).to_be_visible()
    field(page, "Colonne du code géographique").select_option("iris")
    field(page, "Niveau géographique").select_option("iris")
    field(page, "… ou colonne de l’année").select_option("annee")
    field(page, "Variable pour la colonne « foyers rsa »").fill("CAF_RSA")
    page.get_by_role("button", name="Voir l’aperçu").click()
    expect(page.get_by_role("heading", name="Aperçu avant import")).to_be_visible()
    page.get_by_role("button", name="Confirmer l’import").click()
    expect(page.locator("#import-progress")).to_contain_text("Importé")

    page.goto(f"/territoires/{slug}/observatoire/indicateurs/foyers-rsa/carte/")
    # The CAF produced the file: it reads its own small count, on the map and in the table.
    expect(page.locator('path[data-code="930140101"] title')).to_have_text(
        "Quartier A : 3\u202ffoyers"
    )
    expect(page.locator("table")).to_contain_text("40\u202ffoyers")
    assert_accessible(page)

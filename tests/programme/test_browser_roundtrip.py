"""A coordinator exports the actions, changes a status in the file, and imports it back:
a file with an error is refused line by line; the corrected one is previewed change by
change, then applied."""

from pathlib import Path

from playwright.sync_api import expect

from maillage.programme.models import Action
from tests.browser.support import assert_accessible
from tests.programme.browser import build_scene, sign_in_with_second_factor


def _upload(page, name: str, content: bytes) -> None:
    page.get_by_label("Fiches actions").check(force=True)
    page.locator("input[type=file][name=file]").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="Voir les modifications").click()


def test_coordinator_round_trip_with_preview(page, transactional_db):
    scene = build_scene()
    sign_in_with_second_factor(page, scene.coordinator)
    page.goto(f"/territoires/{scene.territory.slug}/actions/")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Actions (CSV)").click()
    download = download_info.value
    exported = Path(download.path()).read_bytes()
    assert exported.startswith("\ufeff".encode())
    text = exported.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.startswith("Code;Intitulé;Axe;Objectif;État")
    assert row.startswith("2.2.1;Garderie éphémère;1;1.1;En construction;")

    # A line whose code does not exist: the whole file is refused, with the line and column.
    edited = text.replace(";En construction;", ";En cours;")
    broken = edited + "9.9.9;Action inconnue;;;Idée;;;;Public;;;;;;;;\r\n"
    page.get_by_role("link", name="Importer").click()
    assert_accessible(page)
    _upload(page, download.suggested_filename, broken.encode("utf-8-sig"))
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("Ligne 3, colonne « Code » (A) : aucune fiche de code « 9.9.9 »")
    expect(errors).to_contain_text("rien n’a été enregistré")
    assert_accessible(page)
    scene.action.refresh_from_db()
    assert scene.action.status == Action.Status.CONSTRUCTION

    # The corrected file: every change is listed before anything is saved.
    _upload(page, download.suggested_filename, edited.encode("utf-8-sig"))
    expect(
        page.get_by_role("heading", name="Aperçu : rien n’est encore enregistré")
    ).to_be_visible()
    table = page.get_by_role("table", name="Modifications demandées par le fichier")
    expect(table.get_by_role("cell", name="État", exact=True)).to_be_visible()
    expect(table.get_by_text("En construction")).to_be_visible()
    expect(table.get_by_text("En cours")).to_be_visible()
    assert_accessible(page)
    scene.action.refresh_from_db()
    assert scene.action.status == Action.Status.CONSTRUCTION

    page.get_by_role("button", name="Confirmer l’import").click()
    expect(page.get_by_text("0 ajout(s), 1 modification(s)")).to_be_visible()
    assert_accessible(page)
    scene.action.refresh_from_db()
    assert scene.action.status == Action.Status.ONGOING
    change = scene.action.status_changes.get()
    assert change.reason.startswith("Changement importé depuis")
    assert change.changed_by == scene.coordinator

    page.goto(scene.action.get_absolute_url())
    expect(page.get_by_text("Changement importé depuis")).to_be_visible()
    assert_accessible(page)

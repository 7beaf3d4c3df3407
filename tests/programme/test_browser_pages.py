"""Every other page of the programme, as the coordinator sees it, passes axe; the public
reads the public programme without signing in."""

from playwright.sync_api import expect

from maillage.programme import services
from tests.browser.support import assert_accessible
from tests.programme.browser import build_scene, sign_in_with_second_factor


def test_programme_pages_are_accessible(page, transactional_db):
    scene = build_scene()
    action = scene.action
    services.change_status(actor=None, action=action, status="ongoing", reason="Ouverture")
    services.update_action(actor=None, action=action, summary="Une garderie ouverte aux parents")
    indicator = action.indicators.get()
    slug = scene.territory.slug

    page.goto(f"/territoires/{slug}/programme/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("programme d’actions")
    assert_accessible(page)
    page.goto(action.get_absolute_url())
    assert_accessible(page)
    page.goto(f"/territoires/{slug}/actions/?status=ongoing")
    expect(page.get_by_role("link", name="Garderie éphémère")).to_be_visible()
    assert_accessible(page)

    sign_in_with_second_factor(page, scene.coordinator)
    base = f"/territoires/{slug}/actions/{action.pk}"
    for path in [
        f"/territoires/{slug}/programme/",
        f"/territoires/{slug}/programme/a-une-date/?on=2024-06-30",
        f"/territoires/{slug}/programme/axes/ajouter/",
        f"/territoires/{slug}/programme/objectifs/ajouter/",
        f"/territoires/{slug}/actions/nouvelle/",
        f"/territoires/{slug}/actions/mes-actions/",
        f"/territoires/{slug}/actions/importer/",
        f"{base}/modifier/",
        f"{base}/etat/",
        f"{base}/indicateurs/ajouter/",
        f"{base}/indicateurs/{indicator.pk}/modifier/",
        f"{base}/indicateurs/{indicator.pk}/mesures/toutes/",
        f"{base}/indicateurs/{indicator.pk}/historique/",
        f"{base}/historique/",
        f"{base}/historique/comparer/",
        f"{base}/historique/1/",
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)

    # A form sent with errors shows them, accessibly, with status 400.
    page.goto(f"{base}/etat/")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)

"""In Chromium: the coordinator filters the actions list on « en retard », sees the
badges, opens « Ce qui est en retard » (with governance's part) and the late fiche from
there. Every page passes axe, at 1280 px and at 390 px."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from maillage.programme import services
from tests.browser.support import assert_accessible
from tests.programme import factories
from tests.programme.browser import build_scene, sign_in_with_second_factor


def test_the_coordinator_finds_what_is_late(page, transactional_db):
    scene = build_scene()
    today = timezone.localdate()
    services.change_status(actor=None, action=scene.action, status="ongoing", reason="Ouverture")
    services.update_action(
        actor=None,
        action=scene.action,
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today - datetime.timedelta(days=10),
    )
    other = factories.action(
        scene.territory,
        "3.1.1",
        title="Réseau parentalité",
        status="ongoing",
        pilots=[scene.pilot_org],
        ends_on=today + datetime.timedelta(days=200),
    )
    services.add_milestone(
        actor=None,
        action=other,
        title="Rencontre des parents",
        planned_on=today - datetime.timedelta(days=3),
    )
    slug = scene.territory.slug
    sign_in_with_second_factor(page, scene.coordinator)

    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"/territoires/{slug}/actions/?late=any&sort=late")
        results = page.locator("#action-results")
        expect(results.get_by_role("link", name="Garderie éphémère")).to_be_visible()
        expect(results.get_by_text("En retard", exact=True)).to_be_visible()
        expect(results.get_by_text("Jalon en retard", exact=True)).to_be_visible()
        assert_accessible(page)

        page.get_by_role("link", name="Ce qui est en retard").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Ce qui est en retard")
        expect(page.get_by_role("table", name="Fiches actions en retard")).to_contain_text(
            "Garderie éphémère"
        )
        expect(page.get_by_role("table", name="Jalons en retard")).to_contain_text(
            "Rencontre des parents"
        )
        expect(page.get_by_role("heading", name="Décisions en retard")).to_be_visible()
        assert_accessible(page)

    # The fiche itself (its indicator tables at 390 px are the tables-and-mobile work's).
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="2.2.1 — Garderie éphémère").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Garderie éphémère")
    expect(page.get_by_text("En retard", exact=True).first).to_be_visible()
    assert_accessible(page)

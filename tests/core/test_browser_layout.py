"""Tables and small screens (issue 11): the actions table keeps its key columns on screen
at 1280 px even with long cells; at 390 px the agenda's month is a list and the menu
button says "Menu"."""

from __future__ import annotations

from maillage.core.roles import Visibility
from maillage.governance.models import Meeting
from maillage.programme.models import Action
from tests.browser.support import assert_accessible
from tests.factories import OrganisationFactory
from tests.governance.builders import body, meeting
from tests.programme import factories
from tests.programme.browser import build_scene

LONG = "Association intercommunale pour l’accompagnement social et l’insertion des familles"


def _right_edges(page) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('table thead th')]
            .map(th => [th.textContent.trim(), th.getBoundingClientRect().right]))"""
    )


def test_key_columns_stay_on_screen_at_1280(page, transactional_db):
    scene = build_scene()
    pilots = [
        OrganisationFactory(name=f"{LONG} {n}", partner_of=[scene.territory]) for n in range(4)
    ]
    factories.action(
        scene.territory,
        "2.2.2",
        title="Une action au titre long " * 6,
        status=Action.Status.ONGOING,
        visibility=Visibility.PUBLIC,
        pilots=pilots,
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/territoires/{scene.territory.slug}/actions/")
    edges = _right_edges(page)
    width = page.evaluate("document.documentElement.clientWidth")
    for column in ("Code", "Action", "État", "Avancement", "Période"):
        assert edges[column] <= width, (column, edges, width)
    names = list(edges)
    assert names.index("État") < names.index("Pilotes")  # key columns first
    assert_accessible(page)


def test_the_agenda_is_a_list_on_a_phone(page, transactional_db):
    scene = build_scene()
    committee = body(scene.territory, name="Comité technique Familles", secretary=scene.coordinator)
    upcoming = meeting(committee, days=1, title="Séance de rentrée", status=Meeting.Status.CONVENED)
    page.set_viewport_size({"width": 390, "height": 844})
    month = upcoming.starts_at.strftime("%Y-%m")
    page.goto(f"/territoires/{scene.territory.slug}/agenda/?mois={month}")
    assert not page.locator(".maillage-month").is_visible()
    link = page.locator(".maillage-month-list a", has_text="Comité technique Familles")
    assert link.is_visible()
    assert page.locator("#header-menu-button").inner_text().strip() == "Menu"
    box = page.locator("#header-menu-button").bounding_box()
    assert box is not None and box["width"] > 60  # the label shows, not the icon alone
    assert_accessible(page)
    link.click()
    assert page.url.endswith(upcoming.get_absolute_url())

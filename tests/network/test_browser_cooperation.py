"""The cooperation map in Chromium at 1280 px: labels that do not overlap, an
organisation's neighbourhood reached from the keyboard, the "Par" column on screen, axe
clean."""

from __future__ import annotations

from maillage.core.roles import Role
from tests.browser.support import assert_accessible
from tests.factories import OrganisationFactory, TerritoryFactory, member
from tests.network.builders import make_service

CORNERS = """els => els.map(e => {
  const b = e.getBBox(), m = e.getScreenCTM();
  return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height],
          [b.x, b.y + b.height]].map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
})"""


def _quads_overlap(p: list, q: list) -> bool:
    """Separating-axis test for two convex quadrilaterals (the labels as drawn, rotated)."""
    for shape in (p, q):
        for i in range(4):
            (x1, y1), (x2, y2) = shape[i], shape[(i + 1) % 4]
            axis = (y1 - y2, x2 - x1)
            a = [axis[0] * x + axis[1] * y for x, y in p]
            b = [axis[0] * x + axis[1] * y for x, y in q]
            if max(a) <= min(b) + 1e-6 or max(b) <= min(a) + 1e-6:
                return False
    return True


def test_cooperation_map_is_readable_at_1280(transactional_db, page):  # type: ignore[no-untyped-def]
    territory = TerritoryFactory(name="Clichy-sous-Bois", slug="clichy-sous-bois")
    hub = OrganisationFactory(
        name="Centre communal d’action sociale", acronym="CCAS", partner_of=[territory]
    )
    partners = [
        OrganisationFactory(
            name=f"Association de quartier numéro {i:02d} pour l’accès aux droits",
            partner_of=[territory],
        )
        for i in range(44)
    ]
    for index, partner in enumerate(partners):
        make_service(territory, hub, name=f"Permanence partagée {index:02d}", partners=[partner])
    member(territory, Role.PARTNER, hub, email="ccas@essai.test")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/territoires/clichy-sous-bois/reseau/cooperations/")
    assert_accessible(page)
    # The labels as drawn (rotated boxes on screen) never overlap.
    quads = page.eval_on_selector_all("svg.network-graph text", CORNERS)
    assert len(quads) == 45
    overlapping = [
        (i, j)
        for i in range(len(quads))
        for j in range(i + 1, len(quads))
        if _quads_overlap(quads[i], quads[j])
    ]
    assert overlapping == []
    # The table's last column is on screen at 1280 px.
    par = page.get_by_role("columnheader", name="Par", exact=True).bounding_box()
    assert par is not None and par["x"] + par["width"] <= 1280
    # An organisation's neighbourhood, from the keyboard.
    node = page.locator(f'a.network-graph__node[data-org="{partners[7].pk}"]')
    node.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**?organisation={partners[7].pk}")
    assert page.locator("h1").text_content().startswith("Coopérations de Association")
    assert page.locator("svg.network-graph text").count() == 2
    assert_accessible(page)

"""In Chromium, on the demo, at 1280 px and 390 px: each role signs in and lands on its
first screen — the coordinator's dashboard (the demo's late items listed first, one
opened), the elected official told which comité
stratégique she chairs, the Département agent on Clichy with its engagements (and on the
département, the communes where it works), a partner's screen and the public home. Each
page is checked by axe, and its screenshot saved under test-artifacts/first-screens/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import formats, timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from maillage.core.demo import DEMO_PASSWORD, load_all
from maillage.governance.models import Meeting
from maillage.programme import selectors as programme_selectors
from maillage.territories.models import Territory
from tests.accounts.helpers import totp_code
from tests.browser.support import assert_accessible, field, sign_in

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "first-screens"
CLICHY = "/territoires/clichy-sous-bois/"
WIDTHS = {"desktop": (1280, 900), "mobile": (390, 844)}


def _shot(page: Any, name: str, width: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)


def _sign_in(page: Any, email: str) -> None:
    page.context.clear_cookies()
    sign_in(page, email, DEMO_PASSWORD)


def _lands_on(page: Any, path: str) -> None:
    page.wait_for_url(re.compile(rf"^https?://[^/]+{re.escape(path)}$"))


@pytest.mark.parametrize("width", list(WIDTHS))
def test_first_screens_of_each_role(page, transactional_db, width):
    ctx = load_all(log=lambda _line: None)
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    users = ctx.users

    # The public home: what the PST is, its axes, key figures, the next public séances,
    # how to take part; the demo notice at the bottom, not on top.
    page.goto(CLICHY)
    expect(page.get_by_role("heading", level=1)).to_have_text("Clichy-sous-Bois")
    for heading in ("Ses axes", "Prochaines séances publiques", "Comment participer"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    notice = page.get_by_text("Démonstration construite à partir de documents publics")
    participate = page.get_by_role("heading", name="Comment participer")
    assert notice.bounding_box()["y"] > participate.bounding_box()["y"]
    assert_accessible(page)
    _shot(page, "public", width)

    # The Département agent lands on Clichy, where its central services sit in the comité
    # stratégique; on the département it finds the communes where it works.
    _sign_in(page, users["departement"].email)
    _lands_on(page, CLICHY)
    expect(page.get_by_text("Mon espace partenaire")).to_be_visible()
    expect(page.get_by_role("heading", name="Mes prochaines séances")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Comité stratégique annuel"))).to_be_visible()
    assert_accessible(page)
    _shot(page, "departement-commune", width)
    page.goto("/territoires/seine-saint-denis/")
    expect(page.get_by_role("heading", name="Les communes où vous intervenez")).to_be_visible()
    expect(page.get_by_role("heading", name="Mes fiches actions dans ces communes")).to_be_visible()
    mine = page.locator("section").filter(has_text="Mes fiches actions dans ces communes")
    expect(mine.get_by_role("heading", name="Clichy-sous-Bois", level=3)).to_be_visible()
    # The departmental home's card of the commune (docs/departments.md).
    expect(page.locator('article[data-commune="clichy-sous-bois"]')).to_be_visible()
    expect(page.get_by_text("n’a pas encore d’axe")).to_have_count(0)
    assert_accessible(page)
    _shot(page, "departement-across", width)
    page.get_by_role("link", name="Ouvrir Clichy-sous-Bois").click()
    _lands_on(page, CLICHY)

    # The elected official is told she chairs the next comité stratégique, and opens it.
    meeting = Meeting.objects.get(title="Comité stratégique annuel")
    day = formats.date_format(timezone.localtime(meeting.starts_at), "l j F Y")
    _sign_in(page, users["elected"].email)
    _lands_on(page, CLICHY)
    headline = page.get_by_text(f"Vous présidez le prochain comité stratégique du {day}.")
    expect(headline).to_be_visible()
    expect(page.get_by_role("heading", name="Le programme par axe")).to_be_visible()
    assert_accessible(page)
    _shot(page, "elected", width)
    page.get_by_role("link", name="Voir l’ordre du jour").click()
    page.wait_for_url(f"**{meeting.get_absolute_url()}")
    expect(page.get_by_text("Bilan annuel du projet social de territoire").first).to_be_visible()

    # A partner (the CAF): its fiches, séances, tasks and services.
    _sign_in(page, users["partner"].email)
    _lands_on(page, CLICHY)
    for heading in ("Mes fiches actions", "Mes prochaines séances", "Mes tâches de suivi"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    assert_accessible(page)
    _shot(page, "partner", width)

    # The coordinator, with the second factor: the dashboard, then one séance opened.
    coordinator = users["coordinator"]
    _sign_in(page, coordinator.email)
    page.wait_for_url("**/compte/verification/**")
    device = TOTPDevice.objects.get(user=coordinator, confirmed=True)
    field(page, "Code à 6 chiffres").fill(totp_code(device))
    page.get_by_role("button", name="Valider").click()
    _lands_on(page, CLICHY)
    expect(page.get_by_text("Tableau de bord de la coordination")).to_be_visible()
    for heading in (
        "Fiches et jalons en retard",
        "Tâches et décisions en retard",
        "Prochaines séances",
        "Services à mettre à jour",
        "Sujets proposés en attente d’une séance",
        "Le programme par axe",
    ):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    # The demo's late fiches are listed first, each linking to its page; the convention
    # past its review date is among what is late.
    late = programme_selectors.late_actions(
        coordinator,
        Territory.objects.get(slug="clichy-sous-bois"),
        today=timezone.localdate(),
        mine=False,
    )
    assert late.exists()
    panel = page.locator("section").filter(
        has=page.get_by_role("heading", name="Fiches et jalons en retard")
    )
    for action in late[:5]:
        expect(panel.get_by_role("link", name=f"{action.code} — {action.title}")).to_be_visible()
    expect(
        page.get_by_role(
            "link",
            name="Convention de coopération pour la mise en œuvre du projet social de territoire",
            exact=True,
        )
    ).to_be_visible()
    assert_accessible(page)
    _shot(page, "coordinator", width)
    first = late.first()
    panel.get_by_role("link", name=f"{first.code} — {first.title}").click()
    page.wait_for_url(f"**{first.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(first.title)
    # Back on the dashboard, one of the next séances opens.
    page.go_back()
    page.get_by_role("link", name=re.compile("Rencontre du réseau IRIS")).click()
    page.wait_for_url(re.compile(r".*/seances/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rencontre du réseau IRIS")

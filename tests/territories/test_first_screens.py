"""The first screen of each role on the demo (territories/home.py and the blocks the
capabilities register in the ``home_*`` slots), and where people land after signing in."""

import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from maillage.core import slots
from maillage.core.demo import DEMO_NOTICE, DEMO_PASSWORD
from maillage.governance.models import Body, Meeting
from maillage.programme import selectors as programme_selectors
from maillage.programme.models import Action
from maillage.territories import home
from maillage.territories.models import Territory

pytestmark = pytest.mark.django_db

CLICHY = "/territoires/clichy-sous-bois/"
SSD = "/territoires/seine-saint-denis/"


def _page(client_for, demo, who, path=CLICHY):  # type: ignore[no-untyped-def]
    response = client_for(demo.users[who] if who else None).get(path)
    assert response.status_code == 200
    return response, response.content.decode()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_capability_registers_its_blocks():
    names = {
        slot: {renderer.__module__ for renderer in slots.registered(slot)}
        for slot in slots.HOME_SLOTS
    }
    assert {
        "maillage.programme.home",
        "maillage.governance.home",
        "maillage.network.home",
        "maillage.observatory.home",
        "maillage.territories.home",
        "maillage.accounts.home",
    } <= names[slots.HOME_COORDINATOR]
    assert {"maillage.programme.home", "maillage.governance.home", "maillage.network.home"} <= (
        names[slots.HOME_PARTNER]
    )
    assert {
        "maillage.programme.home",
        "maillage.governance.home",
        "maillage.observatory.home",
    } <= names[slots.HOME_ELECTED]
    assert {
        "maillage.programme.home",
        "maillage.governance.home",
        "maillage.network.home",
        "maillage.observatory.home",
        "maillage.territories.home",
    } <= names[slots.HOME_PUBLIC]
    assert {"maillage.territories.home", "maillage.programme.home"} <= names[slots.HOME_ACROSS]


def test_coordinator_dashboard(client_for, demo):
    response, html = _page(client_for, demo, "coordinator")
    assert response.context["screen"] is home.COORDINATOR
    text = _text(html)
    assert "Tableau de bord de la coordination" in text
    # Next séances, soonest first: the IRIS network meets in 7 days, the comité stratégique
    # in 40.
    assert "Prochaines séances" in text
    assert text.index("Rencontre du réseau IRIS") < text.index("Comité stratégique annuel")
    # What is late comes first (the "late" blocks): the demo's late fiches, with links.
    assert text.index("Fiches et jalons en retard") < text.index("Prochaines séances")
    assert "Tâches et décisions en retard" in text
    late = programme_selectors.late_actions(
        demo.users["coordinator"],
        Territory.objects.get(slug="clichy-sous-bois"),
        today=timezone.localdate(),
        mine=False,
    )
    assert late.exists()
    for action in late[:5]:
        assert action.get_absolute_url() in html
    # The convention past its review is late; the reviews coming have their own block.
    assert "Conventions à réviser" in text
    assert "Révisions de conventions à préparer" in text
    # The subjects proposed to the bodies and waiting for a séance.
    assert "Sujets proposés en attente d’une séance" in text
    assert "Services à mettre à jour" in text and "Fraîcheur des informations" in text
    assert "Le programme par axe" in text
    assert "Animer le partenariat" in text and "Inviter un partenaire" in text
    assert "Chiffres clés" in text


def test_partner_screen(client_for, demo):
    response, html = _page(client_for, demo, "partner")
    assert response.context["screen"] is home.PARTNER
    text = _text(html)
    assert "Mon espace partenaire" in text
    assert "Mes fiches actions" in text
    assert "Mes prochaines séances" in text
    # The CAF sits in the comité technique Familles, convened for its next séance.
    assert "Comité technique Familles — séance de rentrée" in text
    assert "Mes tâches de suivi" in text
    assert "Mes services à mettre à jour" in text
    assert "Réponses attendues de vous" in text
    # Nothing of the coordination's tools.
    assert "Inviter un partenaire" not in text and "Sujets proposés" not in text


def test_elected_screen_says_which_committee_she_chairs(client_for, demo):
    response, html = _page(client_for, demo, "elected")
    assert response.context["screen"] is home.ELECTED
    # The soonest séance of a body she chairs: the comité stratégique, or the conférence
    # sociale the demo sets a few weeks after the load day when it comes first.
    meeting = (
        Meeting.objects.filter(body__chair__email=demo.users["elected"].email)
        .filter(starts_at__gt=timezone.now())
        .select_related("body")
        .order_by("starts_at")
        .first()
    )
    assert meeting is not None
    day = formats.date_format(timezone.localtime(meeting.starts_at), "l j F Y")
    text = _text(html)
    if meeting.body.kind == Body.Kind.STRATEGIC:
        assert f"Vous présidez le prochain comité stratégique du {day}." in text
    else:
        assert f"Vous présidez la prochaine séance de « {meeting.body.label} », le {day}." in text
    assert "Le programme par axe" in text and "Chiffres clés" in text
    assert meeting.get_absolute_url() in html


def test_departement_agent_on_the_departement_sees_the_communes(client_for, demo):
    response, html = _page(client_for, demo, "departement", SSD)
    assert response.context["screen"] is home.ACROSS
    text = _text(html)
    assert "Les communes où vous intervenez" in text and "Ouvrir Clichy-sous-Bois" in text
    assert "Mes prochaines séances dans ces communes" in text
    # The comité stratégique counts the Département's central services among its members.
    assert "Comité stratégique annuel" in text
    assert "n’a pas encore d’axe" not in text
    # The fiches of the families' axis, which the Département co-carries (feuille de route
    # 2017), under the commune's name.
    co_carried = Action.objects.filter(
        territory__slug="clichy-sous-bois",
        partner_links__organisation=demo.organisations["services-centraux"],
    )
    assert co_carried.exists()
    assert "Mes fiches actions dans ces communes" in text
    for action in co_carried:
        assert action.get_absolute_url() in html


def test_departement_agent_on_the_commune_sees_their_engagements(client_for, demo):
    response, html = _page(client_for, demo, "departement")
    assert response.context["screen"] is home.PARTNER
    text = _text(html)
    assert "Comité stratégique annuel" in text
    assert "Mes fiches actions" in text and "Co-portage" not in text
    first = Action.objects.filter(
        territory__slug="clichy-sous-bois",
        partner_links__organisation=demo.organisations["services-centraux"],
    ).order_by("sort_key")[0]
    assert first.get_absolute_url() in html


def test_public_home(client_for, demo):
    response, html = _page(client_for, demo, None)
    assert response.context["screen"] is home.PUBLIC
    text = _text(html)
    for heading in (
        "Le projet social de territoire",
        "Ses axes",
        "Chiffres clés",
        "Prochaines séances publiques",
        "Qui contacter pour…",
        "Comment participer",
    ):
        assert heading in text, heading
    # The demo notice is there, but after everything the page is about.
    assert DEMO_NOTICE[:40] in text
    assert text.index(DEMO_NOTICE[:40]) > text.index("Comment participer")


def test_resident_gets_the_public_home(client_for, demo):
    response, _html = _page(client_for, demo, "resident")
    assert response.context["screen"] is home.PUBLIC


@pytest.mark.parametrize(
    ("who", "landing"),
    [
        ("departement", CLICHY),
        ("partner", CLICHY),
        ("elected", CLICHY),
    ],
)
def test_sign_in_lands_on_the_commune(client, demo, who, landing):
    user = demo.users[who]
    user.refresh_from_db()
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == landing


def test_landing_of_a_departement_agent_whose_organisation_partners_no_commune(demo):
    from maillage.territories.models import Partnership

    agent = demo.users["departement"]
    Partnership.objects.filter(
        organisation=demo.organisations["services-centraux"], territory__slug="clichy-sous-bois"
    ).delete()
    assert home.landing_territory(agent).slug == "seine-saint-denis"


def test_many_communes_beyond_the_buttons_open_from_a_list(client_for, demo, monkeypatch):
    """Past the first buttons (a Département-wide organisation partners every commune),
    the other communes are one list whose choice opens the commune, through the header's
    switcher."""
    monkeypatch.setattr(home, "COMMUNE_BUTTONS", 0)
    client = client_for(demo.users["departement"])
    html = client.get(SSD).content.decode()
    assert "Ouvrir Clichy-sous-Bois" not in html
    assert '<option value="clichy-sous-bois">Clichy-sous-Bois</option>' in html
    response = client.post(reverse("territories:switch"), {"territory": "clichy-sous-bois"})
    assert response.status_code == 302 and response["Location"] == "/territoires/clichy-sous-bois/"

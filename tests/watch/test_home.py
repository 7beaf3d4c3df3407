"""The veille's blocks on the first screens (maillage/watch/home.py): the triage for the
cellule and the coordinators, a reporter's own signals with "suite donnée", and nothing
for a resident or an anonymous visitor."""

import pytest

from maillage.core import access, slots
from maillage.watch.models import Orientation, Signal

pytestmark = pytest.mark.django_db

CLICHY = "/territoires/clichy-sous-bois/"


def _home(client_for, user) -> str:  # type: ignore[no-untyped-def]
    response = client_for(user).get(CLICHY)
    assert response.status_code == 200
    return response.content.decode()


def test_the_veille_registers_its_first_screen_blocks():
    coordinator = {r.__module__ for r in slots.registered(slots.HOME_COORDINATOR)}
    partner = {r.__module__ for r in slots.registered(slots.HOME_PARTNER)}
    assert "maillage.watch.home" in coordinator and "maillage.watch.home" in partner


def test_the_coordinator_sees_the_signals_waiting_for_triage(demo, client_for):
    waiting = Signal.objects.filter(
        territory__slug="clichy-sous-bois",
        status__in=[Signal.Status.NEW, Signal.Status.QUALIFYING],
        merged_into__isnull=True,
    )
    assert waiting.exists()
    html = _home(client_for, demo.users["coordinator"])
    assert "Veille : signalements à trier" in html
    assert waiting.order_by("status_changed_at", "created_at").first().title in html


def test_a_reporter_outside_the_cellule_sees_what_became_of_their_signal(demo, client_for):
    oriented = Signal.objects.filter(
        territory__slug="clichy-sous-bois", orientations__state=Orientation.State.DONE
    ).distinct()
    reported = [s for s in oriented if not access.can(s.author, "triage_signals", s.territory)]
    assert reported, "the demo has an oriented signal reported from outside the cellule"
    signal = reported[0]
    html = _home(client_for, signal.author)
    assert "Mes signalements" in html and "Veille : signalements à trier" not in html
    assert signal.title in html and "Suite donnée" in html


@pytest.mark.parametrize("who", [None, "resident"])
def test_no_signal_reaches_a_resident_or_a_visitor(demo, client_for, who):
    html = _home(client_for, demo.users[who] if who else None)
    assert "Veille" not in html and "signalement" not in html.lower()
    for title in Signal.objects.values_list("title", flat=True):
        assert title not in html

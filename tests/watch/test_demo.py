"""The demo's veille: the seeds' cases through the services, idempotent."""

import pytest
from django.urls import reverse

from maillage.governance.models import AgendaItem
from maillage.programme.models import Action
from maillage.watch.models import Orientation, Signal

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_seeds_cases(demo, client):
    psychomoteur = Signal.objects.get(title__startswith="Retards de développement psychomoteur")
    assert psychomoteur.place is not None and psychomoteur.place.name == "Bas-Clichy"
    assert psychomoteur.status == Signal.Status.ORIENTED
    draft = Action.objects.get(watch_orientations__signal=psychomoteur)
    assert draft.status == Action.Status.IDEA and "PPEPS" in draft.title
    # The duplicate's reporter (the RAM) now corroborates the signal it was merged into.
    duplicate = Signal.objects.get(title="Retards de langage chez les tout-petits")
    assert duplicate.merged_into == psychomoteur and duplicate.reason == "duplicate"
    assert psychomoteur.corroborating_orgs == 3

    garde = Signal.objects.get(title__startswith="Parents sans mode de garde")
    assert garde.corroborating_orgs == 3
    item = AgendaItem.objects.get(watch_orientations__signal=garde)
    assert item.action is not None and item.action.title == "Garderie éphémère"
    accidents = Signal.objects.get(title__startswith="Accidents domestiques")
    assert "prévention" in Orientation.objects.get(signal=accidents).action.title
    impayes = Signal.objects.get(title__startswith="Impayés de loyer")
    assert (
        Orientation.objects.get(signal=impayes).body.name == "Comité technique Logement et habitat"
    )
    assert Signal.objects.get(reason="unconfirmed").status == Signal.Status.CLOSED
    assert Signal.objects.filter(status=Signal.Status.QUALIFYING).exists()

    client.force_login(psychomoteur.author)
    page = client.get(psychomoteur.get_absolute_url())
    assert page.status_code == 200 and "Suite donnée" in page.content.decode()
    mine = client.get(reverse("watch:mine", args=[psychomoteur.territory.slug]))
    assert psychomoteur.title in mine.content.decode()

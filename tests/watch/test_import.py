"""Importing signals from a spreadsheet: each row through the gate, all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.core.models import AuditEntry
from maillage.watch.models import Signal
from tests.watch import builders

pytestmark = pytest.mark.django_db

HEADER = (
    "Intitulé;Description;Thématique;Publics;Lieu;Observé depuis;Tendance;"
    "Situations observées;Visibilité\n"
)
GOOD = (
    "Hausse des demandes d’aide alimentaire;Davantage de familles en fin de mois.;"
    "equipement-et-alimentation--alimentation;familles | seniors;;01/10/2024;en hausse;30;"
    "partenaires\n"
)
STOPPED = (
    "Impayés de loyer;La famille du 12 rue des Lilas ne paie plus.;"
    "logement-hebergement--reduire-les-impayes-de-loyer;;;01/09/2024;récurrent;3;cellule\n"
)


@pytest.fixture
def cell(world):  # type: ignore[no-untyped-def]
    return builders.cell(world.territory, members=[world.org_member])


def _post(client, world, content: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("watch:signal_import", args=[world.territory.slug]),
        {
            "organisation": world.org_other.pk,
            "file": SimpleUploadedFile("s.csv", content.encode("utf-8-sig"), "text/csv"),
        },
    )


def test_an_import_stores_every_row(world, client_for, cell):
    client = client_for(world.users["partner"])
    assert (
        client.get(reverse("watch:signal_import", args=[world.territory.slug])).status_code == 200
    )
    response = _post(client, world, HEADER + GOOD)
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert signal.publics == ["familles", "seniors"]
    assert signal.audience == Signal.Audience.PARTNERS and signal.trend == "rising"


def test_one_row_stopped_by_the_gate_stores_nothing(world, client_for, cell):
    response = _post(client_for(world.users["partner"]), world, HEADER + GOOD + STOPPED)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ligne 3" in page and "12 rue des Lilas" in page
    assert not Signal.objects.exists()
    assert not AuditEntry.objects.filter(action="signal.create").exists()


def test_bad_cells_are_reported_by_line(world, client_for, cell):
    bad = GOOD.replace("en hausse", "bientôt").replace(";30;", ";trente;")
    response = _post(client_for(world.users["partner"]), world, HEADER + bad)
    assert response.status_code == 400
    assert "Ligne 2" in response.content.decode()
    assert not Signal.objects.exists()

"""The demo's network life: the seeds' news, the information session with its waiting
list, and the joint letter of the Ville, the CAF and a social centre, released with their
logos. Loading twice changes nothing."""

import io

import pytest
from pypdf import PdfReader

from maillage.community.models import Communication, Event, Post

pytestmark = pytest.mark.django_db


def test_the_demo_tells_the_networks_life(demo):
    titles = set(Post.objects.values_list("title", flat=True))
    assert "La garderie éphémère ouvre dans les deux centres sociaux" in titles
    assert any("Forum des assistantes maternelles" in t for t in titles)
    assert any("Journée d’étude" in t for t in titles)
    session = Event.objects.get(title="Information collective des familles sur les modes d’accueil")
    statuses = list(session.registrations.values_list("status", flat=True))
    assert statuses.count("confirmed") == 3 and statuses.count("waiting") == 2
    letter = Communication.objects.get(kind="letter")
    assert letter.is_released and letter.event_id == session.pk
    signers = set(letter.signatories.values_list("organisation__name", flat=True))
    assert signers == {
        "Ville de Clichy-sous-Bois",
        "Caisse d’allocations familiales de la Seine-Saint-Denis",
        "Centre social du Haut-Clichy",
    }
    reader = PdfReader(io.BytesIO(letter.pdf.read()))
    assert sum(len(page.images) for page in reader.pages) == 3

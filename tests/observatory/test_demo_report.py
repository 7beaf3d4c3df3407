"""The demo draws the synthetic IRIS on the map and keeps a ready 2024 ABS edition, without
the CAF's restricted figures; loading twice changes nothing."""

import io

import pypdf
from django.urls import reverse

from maillage.observatory.models import ReportEdition, ReportSection
from maillage.territories.models import GeoUnit


def test_demo_has_contours_a_map_and_a_ready_edition(demo, client):  # type: ignore[no-untyped-def]
    clichy = demo.territories["clichy-sous-bois"]
    iris = GeoUnit.objects.filter(territory=clichy, kind="iris")
    assert iris.count() == 8 and not iris.filter(geometry__isnull=True).exists()
    url = reverse("observatory:indicator_map", args=[clichy.slug, "part-moins-30-ans"])
    html = client.get(url).content.decode()
    assert html.count("<path ") == 8
    edition = ReportEdition.objects.get(territory=clichy, year=2024)
    assert edition.state == ReportEdition.State.READY, edition.error
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(edition.pdf.read())).pages)
    assert "Accès aux droits et prestations" in text
    assert "synthétique" in text
    flat = " ".join(text.split())
    assert "Sommaire" in flat
    assert "Une famille sur quatre est monoparentale" in flat  # the coordinators' analysis
    assert ReportSection.objects.filter(config__territory=clichy).count() == 2

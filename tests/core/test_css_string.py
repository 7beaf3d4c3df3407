"""Names printed in PDF page footers go through ``css_string``: a CSS string, not a
JavaScript one (``escapejs`` made footers read "Clichyu002Dsousu002DBois")."""

import io

import pypdf
import pytest
from django.template import Context, Template
from django.urls import reverse

from maillage.core.templatetags.maillage import css_string
from maillage.territories.models import Territory
from tests.governance import builders


def test_css_string_keeps_hyphens_and_accents_and_escapes_what_breaks_out():
    assert css_string("Clichy-sous-Bois") == "Clichy-sous-Bois"
    assert css_string("L’Haÿ-les-Roses") == "L’Haÿ-les-Roses"
    assert css_string('a"b\\c') == "a\\22 b\\5c c"
    assert css_string("</style><script>") == "\\3c /style\\3e \\3c script\\3e "
    assert css_string("l'île & co\n") == "l\\27 île \\26  co\\a "
    assert css_string(None) == ""
    rendered = Template('{% load maillage %}"{{ name|css_string }}"').render(
        Context({"name": 'Comité "Familles"'})
    )
    assert rendered == '"Comité \\22 Familles\\22 "'


def _footer_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.django_db
def test_governance_pdf_footer_reads_the_names_back(world, client_for):
    Territory.objects.filter(pk=world.territory.pk).update(name="Clichy-sous-Bois")
    world.territory.refresh_from_db()
    committee = builders.body(world.territory, name='Comité d’Île-de-France "Familles"')
    meeting = builders.meeting(committee, days=7)
    client = client_for(world.users["coordinator"])
    response = client.get(
        reverse("governance:convocation_pdf", args=[world.territory.slug, meeting.pk])
    )
    assert response.status_code == 200
    text = _footer_text(response.content)
    assert "Clichy-sous-Bois" in text
    assert 'Comité d’Île-de-France "Familles"' in text
    assert "u002D" not in text


@pytest.mark.django_db
def test_programme_pdf_footer_reads_the_territory_back(world, client_for):
    Territory.objects.filter(pk=world.territory.pk).update(name="Clichy-sous-Bois")
    client = client_for(world.users["coordinator"])
    response = client.get(reverse("programme:programme_pdf", args=[world.territory.slug]))
    assert response.status_code == 200
    assert "Maillage — Clichy-sous-Bois" in _footer_text(response.content)

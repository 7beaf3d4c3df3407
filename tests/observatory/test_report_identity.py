"""Issue 11, an ABS report worth handing out: a cover with the territory's and partners'
logos, a table of contents, the coordinators' analysis of each theme (written on its page
or through the API), each map on the page of its table, and the territory's identity."""

import io
import re

import docx
import pypdf
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from maillage.core.models import AuditEntry
from maillage.core.roles import Visibility
from maillage.observatory import services
from maillage.observatory.models import Indicator, ReportEdition, ReportThemeText
from maillage.territories.models import GeoUnit, Organisation, Territory
from tests.observatory import builders

ANALYSIS = "Les foyers allocataires du RSA se concentrent dans le Bas-Clichy."


def png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def pages_text(content: bytes) -> list[str]:
    return [
        " ".join((page.extract_text() or "").split())
        for page in pypdf.PdfReader(io.BytesIO(content)).pages
    ]


def text_heights(content: bytes, index: int) -> dict[str, float]:
    """Each text run of a page with its height on the page."""
    found: dict[str, float] = {}

    def visit(text, cm, tm, font, size):  # type: ignore[no-untyped-def]
        text = " ".join(text.split())
        if text:
            found.setdefault(text, tm[5] * cm[3] + cm[5])

    pypdf.PdfReader(io.BytesIO(content)).pages[index].extract_text(visitor_text=visit)
    return found


def images_on(content: bytes, index: int) -> int:
    return len(pypdf.PdfReader(io.BytesIO(content)).pages[index].images)


def square(index: int) -> dict:
    west = 2.54 + 0.01 * index
    return {
        "type": "Polygon",
        "coordinates": [
            [[west, 48.9], [west + 0.01, 48.9], [west + 0.01, 48.91], [west, 48.91], [west, 48.9]]
        ],
    }


@pytest.fixture
def report_scene(scene):  # type: ignore[no-untyped-def]
    territory = scene.territory
    territory.logo.save("clichy.png", ContentFile(png("#aa0000")), save=False)
    Territory.objects.filter(pk=territory.pk).update(
        logo=territory.logo.name, primary_color="#7A1F5C"
    )
    scene.caf.logo.save("caf.png", ContentFile(png("#0055aa")), save=False)
    Organisation.objects.filter(pk=scene.caf.pk).update(logo=scene.caf.logo.name)
    territory.refresh_from_db()
    for index, unit in enumerate(GeoUnit.objects.filter(territory=territory, kind="iris")):
        unit.geometry = square(index)
        unit.save(update_fields=["geometry"])
    builders.dataset(territory, scene.caf, builders.IRIS_CAF)
    builders.dataset(territory, scene.ville, builders.INSEE_COMMUNES)
    services.configure_report(
        actor=scene.coordinator,
        territory=territory,
        title="Analyse des besoins sociaux",
        introduction="Le territoire en chiffres.",
        indicators=Indicator.objects.filter(code__in=["foyers-rsa", "population"]),
    )
    section = services.add_report_section(
        actor=scene.coordinator, territory=territory, organisation=scene.caf, title="Accès"
    )
    services.update_report_section(actor=scene.caf_user, section=section, text="Texte CAF.")
    return scene


def theme_url(scene, theme: str = "benefits") -> str:  # type: ignore[no-untyped-def]
    return reverse("observatory:report_theme_text", args=[scene.territory.slug, theme])


def generate(scene, year: int = 2024) -> ReportEdition:  # type: ignore[no-untyped-def]
    edition = services.request_report(actor=scene.coordinator, territory=scene.territory, year=year)
    services.render_report(edition_id=edition.pk)
    edition.refresh_from_db()
    assert edition.state == ReportEdition.State.READY, edition.error
    return edition


def test_coordinator_writes_a_theme_analysis_on_its_page(report_scene, client_for):  # type: ignore[no-untyped-def]
    client = client_for(report_scene.coordinator)
    home = client.get(reverse("observatory:report", args=[report_scene.territory.slug]))
    assert theme_url(report_scene) in home.content.decode()
    assert client.get(theme_url(report_scene)).status_code == 200
    response = client.post(theme_url(report_scene), {"text": ANALYSIS + "\r\n\r\nSuite."})
    assert response.status_code == 302
    item = ReportThemeText.objects.get(theme="benefits")
    assert item.text == ANALYSIS + "\n\nSuite." and item.updated_by == report_scene.coordinator
    entry = AuditEntry.objects.filter(action="abs.theme_text").latest("pk")
    assert entry.territory_id == report_scene.territory.pk
    # Too long: a French message, nothing changed.
    refused = client.post(theme_url(report_scene), {"text": "x" * 50_001})
    assert refused.status_code == 400
    assert "50" in refused.content.decode()
    assert ReportThemeText.objects.get(theme="benefits").text.startswith(ANALYSIS)
    # A theme without a chosen indicator has no page; an unknown theme neither.
    assert client.get(theme_url(report_scene, "housing")).status_code == 404
    assert client.get(theme_url(report_scene, "nimporte")).status_code == 404
    # An empty text removes the analysis.
    assert client.post(theme_url(report_scene), {"text": "  "}).status_code == 302
    assert not ReportThemeText.objects.exists()


def test_partners_cannot_write_the_analysis(report_scene, client_for):  # type: ignore[no-untyped-def]
    client = client_for(report_scene.caf_user)
    assert client.post(theme_url(report_scene), {"text": "Non."}).status_code == 403
    assert not ReportThemeText.objects.exists()


def test_api_reads_and_writes_the_theme_analysis(report_scene, client_for):  # type: ignore[no-untyped-def]
    slug = report_scene.territory.slug
    client = client_for(report_scene.coordinator)
    put = client.put(
        f"/api/v1/territories/{slug}/observatory/report/themes/benefits",
        {"text": ANALYSIS},
        content_type="application/json",
    )
    assert put.status_code == 200, put.content
    assert put.json()["text"] == ANALYSIS
    refused = client.put(
        f"/api/v1/territories/{slug}/observatory/report/themes/housing",
        {"text": "Rien à dire"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["errors"]["theme"][0].startswith("Aucun indicateur de ce thème")
    partner = client_for(report_scene.caf_user)
    listed = partner.get(f"/api/v1/territories/{slug}/observatory/report/themes").json()
    assert {item["theme"]: item["text"] for item in listed["items"]} == {
        "demography": "",
        "benefits": ANALYSIS,
    }


def test_pdf_has_cover_contents_analysis_and_maps_beside_tables(report_scene):  # type: ignore[no-untyped-def]
    services.set_report_theme_text(
        actor=report_scene.coordinator,
        territory=report_scene.territory,
        theme="benefits",
        text=ANALYSIS,
    )
    edition = generate(report_scene)
    content = edition.pdf.read()
    pages = pages_text(content)
    cover = pages[0]
    assert "Clichy-sous-Bois" in cover and "Analyse des besoins sociaux 2024" in cover
    assert "Édition 2024" in cover and "CAF de la Seine-Saint-Denis" in cover
    assert images_on(content, 0) == 2  # the territory's and the CAF's logos
    assert "République française" not in " ".join(pages)
    contents = pages[1]
    assert contents.startswith("Sommaire")
    for entry in ("Introduction", "Démographie", "Prestations sociales", "Regards des partenaires"):
        assert re.search(re.escape(entry) + r" \.*\s?\d+", contents), (entry, contents)
    body = " ".join(pages[2:])
    assert ANALYSIS in body
    assert body.index(ANALYSIS) < body.index("Foyers allocataires du RSA")
    # The RSA map and its table are on the same page, the map (its title) first.
    index = next(i for i, p in enumerate(pages) if "Carte : Foyers allocataires du RSA" in p)
    heights = text_heights(content, index)
    legend = heights["plus de 40 foyers à 60 foyers"]
    title = heights["Carte : Foyers allocataires du RSA par IRIS, 2021"]
    table_rows = heights["Quartier D"]
    assert title > legend > table_rows  # PDF heights grow upwards: map title, map, table
    # The footer reads the territory's name.
    assert "Analyse des besoins sociaux 2024 · Clichy-sous-Bois" in pages[2]
    # The editable DOCX has the same contents, analysis and logos.
    document = docx.Document(io.BytesIO(edition.docx.read()))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Sommaire" in paragraphs and ANALYSIS in paragraphs
    assert paragraphs.index(ANALYSIS) < paragraphs.index("Foyers allocataires du RSA")
    assert len(document.inline_shapes) == 2


def test_report_prints_in_the_territory_colour(report_scene):  # type: ignore[no-untyped-def]
    from maillage.observatory.report_render import render_html

    captured = {}
    original = services.report_render.render_pdf

    def spy(data):  # type: ignore[no-untyped-def]
        captured["html"] = render_html(data)
        return original(data)

    services.report_render.render_pdf = spy
    try:
        generate(report_scene)
    finally:
        services.report_render.render_pdf = original
    assert "color: #7a1f5c" in captured["html"].lower()
    assert "data:image/png;base64," in captured["html"]


def test_report_says_reserved_for_data_the_public_may_not_read(scene):  # type: ignore[no-untyped-def]
    builders.dataset(
        scene.territory,
        scene.caf,
        builders.IRIS_CAF,
        visibility=Visibility.PARTNERS,
    )
    services.configure_report(
        actor=scene.coordinator,
        territory=scene.territory,
        title="Analyse des besoins sociaux",
        indicators=Indicator.objects.filter(code__in=["foyers-rsa", "population"]),
    )
    edition = generate(scene)
    text = " ".join(pages_text(edition.pdf.read()))
    rsa = text.split("Foyers allocataires du RSA", 2)[-1]
    assert rsa.strip().startswith("Réservé aux partenaires")
    assert "40 foyers" not in text.replace("\u202f", " ")
    population = text.split("Population", 2)[-1]
    assert "Aucune donnée chargée pour cet indicateur." in population

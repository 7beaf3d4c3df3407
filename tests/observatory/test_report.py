"""The ABS report: its template, the partners' sections, one edition per year with its PDF
and DOCX, and statistical secrecy in both files."""

import io

import docx
import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.core.models import AuditEntry
from maillage.core.roles import Visibility
from maillage.observatory import services
from maillage.observatory.models import Indicator, ReportEdition, ReportSection
from tests.observatory import builders


def pdf_text(content: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return "\n".join(texts)


@pytest.fixture
def configured(scene):  # type: ignore[no-untyped-def]
    services.configure_report(
        actor=scene.coordinator,
        territory=scene.territory,
        title="Analyse des besoins sociaux",
        introduction="Le territoire en chiffres.",
        indicators=Indicator.objects.filter(code__in=["foyers-rsa", "population"]),
    )
    section = services.add_report_section(
        actor=scene.coordinator,
        territory=scene.territory,
        organisation=scene.caf,
        title="Accès aux droits",
    )
    services.update_report_section(
        actor=scene.caf_user, section=section, text="Les demandes de RSA augmentent."
    )
    return scene


def generate(scene, year=2024):  # type: ignore[no-untyped-def]
    edition = services.request_report(actor=scene.coordinator, territory=scene.territory, year=year)
    services.render_report(edition_id=edition.pk)
    edition.refresh_from_db()
    assert edition.state == ReportEdition.State.READY, edition.error
    return edition


def test_generation_stores_a_pdf_and_a_docx_with_indicators_and_sections(configured):
    builders.dataset(configured.territory, configured.caf, builders.IRIS_CAF)
    edition = generate(configured)
    text = pdf_text(edition.pdf.read())
    assert "Analyse des besoins sociaux 2024" in text
    assert "Prestations sociales" in text and "Foyers allocataires du RSA" in text
    assert "Les demandes de RSA augmentent." in text
    assert "Rédigé par CAF de la Seine-Saint-Denis" in text
    assert "40 foyers" in text.replace("\u202f", " ")
    words = docx_text(edition.docx.read())
    assert "Accès aux droits" in words and "Le territoire en chiffres." in words
    assert "\nSources\nINSEE, 2021" in words  # the datasets the figures come from
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert {"abs.configure", "abs.section_create", "abs.section_update", "abs.generate"} <= set(
        actions
    )


def test_a_secret_count_prints_as_secret_in_both_files_and_on_the_map(configured):
    from maillage.territories.models import GeoUnit

    for index, unit in enumerate(GeoUnit.objects.filter(kind="iris")):
        west = 2.54 + 0.01 * index
        ring = [[west, 48.9], [west + 0.01, 48.9], [west + 0.01, 48.91], [west, 48.9]]
        unit.geometry = {"type": "Polygon", "coordinates": [ring]}
        unit.save(update_fields=["geometry"])
    builders.dataset(configured.territory, configured.caf, builders.IRIS_CAF)
    edition = generate(configured)
    pdf = pdf_text(edition.pdf.read())
    # The map's legend: the two values shown (40 and 60) make two classes.
    assert "plus de 40 foyers à 60 foyers" in pdf.replace("\u202f", " ")
    for text in (pdf, docx_text(edition.docx.read())):
        flat = text.replace("\u202f", " ")
        assert "Secret statistique" in flat
        assert "3 foyers" not in flat and "25 foyers" not in flat


@pytest.mark.parametrize("shared_with_ville", [False, True])
def test_a_count_restricted_to_the_caf_never_reaches_the_report(configured, shared_with_ville):
    restricted_to = [configured.caf.pk] + ([configured.ville.pk] if shared_with_ville else [])
    builders.dataset(
        configured.territory,
        configured.caf,
        builders.IRIS_CAF,
        visibility=Visibility.RESTRICTED,
        restricted_to=restricted_to,
    )
    edition = generate(configured)
    for text in (pdf_text(edition.pdf.read()), docx_text(edition.docx.read())):
        flat = text.replace("\u202f", " ")
        assert "foyers" not in flat  # no value of the restricted dataset at all
        assert "Quartier A" not in flat


def test_regenerating_replaces_that_years_files_and_keeps_other_years(configured):
    first = generate(configured, 2024)
    old_pdf = first.pdf.name
    storage = first.pdf.storage
    generate(configured, 2023)
    again = generate(configured, 2024)
    assert ReportEdition.objects.filter(territory=configured.territory).count() == 2
    assert again.pk == first.pk
    if again.pdf.name != old_pdf:
        assert not storage.exists(old_pdf)
    assert storage.exists(again.pdf.name)


def test_report_needs_a_template_and_a_sensible_year(scene):
    with pytest.raises(ValidationError):
        services.request_report(actor=scene.coordinator, territory=scene.territory, year=2024)
    services.configure_report(actor=None, territory=scene.territory, title="ABS")
    with pytest.raises(ValidationError):
        services.request_report(actor=scene.coordinator, territory=scene.territory, year=1900)
    assert not ReportEdition.objects.exists()


def test_section_goes_only_to_a_partner_of_the_territory(scene):
    from tests.factories import OrganisationFactory

    stranger = OrganisationFactory()
    with pytest.raises(ValidationError):
        services.add_report_section(
            actor=None, territory=scene.territory, organisation=stranger, title="X"
        )


# --------------------------------------------------------------------------- pages


def url(scene, name, *args):  # type: ignore[no-untyped-def]
    return reverse(f"observatory:{name}", args=[scene.territory.slug, *args])


def test_coordinator_configures_assigns_and_generates_from_the_pages(
    client_for, scene, django_capture_on_commit_callbacks
):
    client = client_for(scene.coordinator)
    rsa = Indicator.objects.get(code="foyers-rsa")
    response = client.post(
        url(scene, "report_config"),
        {"title": "ABS de Clichy", "introduction": "", "indicators": [rsa.pk]},
    )
    assert response.status_code == 302
    response = client.post(
        url(scene, "report_section_create"), {"organisation": scene.caf.pk, "title": "Regard CAF"}
    )
    assert response.status_code == 302
    home = client.get(url(scene, "report")).content.decode()
    assert "Regard CAF" in home and "1 indicateur retenu" in home
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(scene, "report_generate"), {"year": "2024"})
    assert response.status_code == 302
    assert response["Location"] == url(scene, "report_edition", 2024)
    page = client.get(response["Location"]).content.decode()
    assert "Télécharger le PDF" in page
    pdf = client.get(url(scene, "report_download", 2024, "pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    word = client.get(url(scene, "report_download", 2024, "docx"))
    assert "attachment" in word["Content-Disposition"]
    assert client.get(url(scene, "report_download", 2024, "odt")).status_code == 404


def test_bad_input_rerenders_with_400(client_for, scene):
    client = client_for(scene.coordinator)
    assert client.post(url(scene, "report_generate"), {"year": "1850"}).status_code == 400
    response = client.post(url(scene, "report_generate"), {"year": "2024"})
    assert response.status_code == 400
    assert "Choisissez d’abord les indicateurs" in response.content.decode()
    assert client.post(url(scene, "report_config"), {"title": ""}).status_code == 400
    assert not ReportEdition.objects.exists()


def test_only_the_assigned_organisation_writes_its_section(client_for, configured):
    section = ReportSection.objects.get()
    target = url(configured, "report_section", section.pk)
    assert client_for(configured.ville_user).get(target).status_code == 403
    response = client_for(configured.caf_user).post(target, {"text": "Nouveau texte."})
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.text == "Nouveau texte."


def test_api_lists_editions_with_their_download_links(client_for, configured):
    generate(configured, 2024)
    api = f"/api/v1/territories/{configured.territory.slug}/observatory/report/editions"
    body = client_for(configured.ville_user).get(api).json()["items"]
    assert [(e["year"], e["state"]) for e in body] == [(2024, "ready")]
    assert body[0]["pdf_url"] == url(configured, "report_download", 2024, "pdf")
    assert client_for(None).get(api).status_code == 401


def test_a_failed_rendering_is_kept_with_its_error_and_shown(client_for, configured, monkeypatch):
    from maillage.observatory import report_render

    def broken(data):  # type: ignore[no-untyped-def]
        raise RuntimeError("moteur PDF indisponible")

    monkeypatch.setattr(report_render, "render_pdf", broken)
    edition = services.request_report(actor=None, territory=configured.territory, year=2024)
    services.render_report(edition_id=edition.pk)
    edition.refresh_from_db()
    assert edition.state == ReportEdition.State.FAILED
    assert "moteur PDF indisponible" in edition.error
    assert not edition.pdf
    page = client_for(configured.coordinator).get(url(configured, "report_edition", 2024))
    assert "La génération a échoué" in page.content.decode()
    download = client_for(configured.coordinator).get(
        url(configured, "report_download", 2024, "pdf")
    )
    assert download.status_code == 404


def test_report_home_queries_do_not_grow(client_for, configured):
    from tests.factories import OrganisationFactory
    from tests.queries import assert_constant_queries

    years = iter(range(2000, 2100))

    def grow(times: int) -> None:
        for _ in range(times):
            organisation = OrganisationFactory(partner_of=[configured.territory])
            services.add_report_section(
                actor=None, territory=configured.territory, organisation=organisation, title="S"
            )
            ReportEdition.objects.create(territory=configured.territory, year=next(years))

    assert_constant_queries(client_for(configured.ville_user), url(configured, "report"), grow)


def test_admin_lists_editions_and_sections(client_for, configured):
    from tests.factories import UserFactory

    generate(configured)
    admin = client_for(UserFactory(admin=True))
    for model in ("reportedition", "reportsection"):
        response = admin.get(reverse(f"admin:observatory_{model}_changelist"))
        assert response.status_code == 200, model
    edition = ReportEdition.objects.get()
    response = admin.get(reverse("admin:observatory_reportedition_change", args=[edition.pk]))
    assert response.status_code == 200


def test_coordinator_comments_indicators_and_the_report_prints_them(client_for, configured):
    client = client_for(configured.coordinator)
    target = url(configured, "report_comments")
    assert "Foyers allocataires du RSA" in client.get(target).content.decode()
    response = client.post(
        target, {"comment_foyers-rsa": "Un foyer sur cinq.", "comment_population": ""}
    )
    assert response.status_code == 302
    edition = generate(configured)
    assert "Un foyer sur cinq." in pdf_text(edition.pdf.read())
    assert "Un foyer sur cinq." in docx_text(edition.docx.read())
    assert AuditEntry.objects.filter(action="abs.comments").count() == 1


def test_comments_only_for_the_chosen_indicators(configured):
    with pytest.raises(ValidationError):
        services.set_report_comments(
            actor=None, territory=configured.territory, comments={"aah": "Texte"}
        )

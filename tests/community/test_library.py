"""The shared library: adding documents and versions from the pages, the text inside the
files extracted by the worker and searchable, bad files refused in French, private
downloads, and uploads too large refused before they are read."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from maillage.community.models import Document, DocumentVersion, Extraction, SearchEntry
from maillage.community.selectors import library as selectors
from maillage.community.services import library as services
from maillage.core.models import AuditEntry
from maillage.core.roles import Visibility
from tests.community.library_builders import document, upload
from tests.community.samples import docx_bytes, odt_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def _form(world, **extra):
    data = {
        "title": "Étude sur la garde d’enfants",
        "kind": "study",
        "summary": "Les besoins de garde des familles du quartier.",
        "author": world.org_member.pk,
        "licence": "etalab-2.0",
        "visibility": "partners",
        "thematiques": ["famille"],
        "note": "Première version",
    }
    data.update(extra)
    return data


def test_a_partner_adds_a_pdf_and_its_inner_words_are_found(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.user("member"))
    url = reverse("community:library_create", args=[world.territory.slug])
    assert client.get(url).status_code == 200
    data = _form(world, file=upload("etude.pdf", pdf_bytes("Le mot ornithorynque est ici.")))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    doc = Document.objects.get()
    assert response["Location"] == doc.get_absolute_url()
    version = doc.versions.get()
    assert version.extraction == Extraction.DONE
    assert version.file.name.startswith("community/documentversion/")
    assert version.filename == "etude.pdf"
    doc.refresh_from_db()
    assert "ornithorynque" in doc.text
    assert "ornithorynque" in doc.preview
    assert AuditEntry.objects.filter(action="document.create", object_id=str(doc.pk)).count() == 1
    # The word is only inside the PDF: the library's search and the one search find it.
    listing = client.get(
        reverse("community:library", args=[world.territory.slug]), {"q": "ornithorynque"}
    )
    assert doc.title in listing.content.decode()
    found = client.get(
        reverse("community:search", args=[world.territory.slug]), {"q": "ornithorynque"}
    )
    assert doc.title in found.content.decode()
    # The page shows the preview and the download link, which serves the file.
    page = client.get(doc.get_absolute_url()).content.decode()
    assert "ornithorynque" in page
    download = client.get(
        reverse("community:library_download", args=[world.territory.slug, doc.pk, 1])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert download["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("name", "data", "word"),
    [
        ("guide.docx", docx_bytes("Un guide sur la parentalité", "tamanoir"), "tamanoir"),
        ("compte-rendu.odt", odt_bytes("Compte rendu du forum", "pangolin"), "pangolin"),
    ],
)
def test_docx_and_odt_text_is_searchable(
    world, name, data, word, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        doc = services.create_document(
            actor=world.user("coordinator"),
            territory=world.territory,
            file=upload(name, data),
            title="Un document",
            kind="guide",
            summary="Résumé.",
            author=world.org_member,
            visibility=Visibility.PUBLIC,
        )
    found = selectors.documents(None, world.territory, selectors.LibraryFilters(q=word))
    assert list(found) == [doc]


def test_a_file_whose_content_does_not_match_its_extension_is_refused(world, client_for):
    client = client_for(world.user("member"))
    url = reverse("community:library_create", args=[world.territory.slug])
    data = _form(world, file=upload("etude.pdf", b"MZ\x90\x00 this is a program"))
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "ne correspond pas à son extension" in body
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()


def test_a_file_over_the_library_limit_is_refused_with_its_size(world, client_for, settings):
    settings.LIBRARY_DOCUMENT_MAX_BYTES = 1000
    client = client_for(world.user("member"))
    url = reverse("community:library_create", args=[world.territory.slug])
    response = client.post(url, _form(world, file=upload("etude.pdf", pdf_bytes("x" * 3000))))
    assert response.status_code == 400
    assert "la limite est de" in response.content.decode()
    assert not Document.objects.exists()


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the body of a too large upload was read")

    readinto = read
    readline = read


def test_a_200_mb_upload_is_refused_before_it_is_read(world, client_for):
    client = client_for(world.user("member"))
    url = reverse("community:library_create", args=[world.territory.slug])
    response = client.generic(
        "POST",
        url,
        content_type="multipart/form-data; boundary=BoUnDaRy",
        **{"CONTENT_LENGTH": str(200 * 1024 * 1024), "wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert "trop volumineux" in response.content.decode()
    assert not Document.objects.exists()


def test_the_api_too_refuses_a_200_mb_upload_before_reading_it(world, client_for):
    client = client_for(world.user("member"))
    response = client.generic(
        "POST",
        f"/api/v1/territories/{world.territory.slug}/documents",
        content_type="multipart/form-data; boundary=BoUnDaRy",
        **{"CONTENT_LENGTH": str(200 * 1024 * 1024), "wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert "trop volumineux" in response.json()["detail"]


def test_an_upload_longer_than_declared_is_stopped_by_the_handler(world, client_for, settings):
    settings.UPLOAD_MAX_BYTES = 2000
    client = client_for(world.user("member"))
    url = reverse("community:library_create", args=[world.territory.slug])
    # The test client declares the real length; the middleware would refuse it first, so
    # it is told a smaller one, as a lying client would.
    body = encode_multipart(BOUNDARY, _form(world, file=upload("etude.pdf", pdf_bytes("y" * 5000))))
    response = client.generic(
        "POST", url, body, content_type=MULTIPART_CONTENT, CONTENT_LENGTH="1500"
    )
    assert response.status_code in (400, 403)
    assert not Document.objects.exists()


def test_a_new_version_replaces_the_searchable_text(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        doc = document(
            world.territory, world.org_member, actor=world.user("member"), words=("ancienmot",)
        )
    with django_capture_on_commit_callbacks(execute=True):
        version = services.add_version(
            actor=world.user("member"),
            document=doc,
            file=upload("etude-v2.pdf", pdf_bytes("nouveaumot")),
            note="Chiffres 2024",
        )
    assert version.number == 2
    filters = selectors.LibraryFilters
    assert (
        list(selectors.documents(None, world.territory, filters(q="nouveaumot"))) == []
    )  # partners only
    partner = world.user("partner")
    assert list(selectors.documents(partner, world.territory, filters(q="nouveaumot"))) == [doc]
    assert list(selectors.documents(partner, world.territory, filters(q="ancienmot"))) == []
    assert SearchEntry.objects.filter(kind="document", object_id=doc.pk).count() == 1


def test_a_broken_pdf_is_kept_and_marked_unreadable(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        doc = services.create_document(
            actor=world.user("member"),
            territory=world.territory,
            file=upload("scan.pdf", b"%PDF-1.4\n garbage"),
            title="Un scan",
            kind="minutes",
            summary="Compte rendu scanné.",
            author=world.org_member,
        )
    version = doc.versions.get()
    assert version.extraction == Extraction.FAILED
    assert version.extraction_error


def test_a_partner_may_not_publish_for_another_organisation(world):
    with pytest.raises(ValidationError) as caught:
        services.create_document(
            actor=world.user("partner"),
            territory=world.territory,
            file=upload("etude.pdf", pdf_bytes("x")),
            title="Usurpation",
            kind="study",
            summary="Non.",
            author=world.org_member,
        )
    assert "author" in caught.value.message_dict
    assert not Document.objects.exists()


def test_a_restricted_document_is_hidden_from_others_and_downloads_404(
    world, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        doc = document(
            world.territory,
            world.org_member,
            actor=world.user("member"),
            words=("confidentielmot",),
            visibility=Visibility.RESTRICTED,
            restricted_to=[world.org_member],
        )
    url = reverse("community:library_download", args=[world.territory.slug, doc.pk, 1])
    assert client_for(world.user("member")).get(url).status_code == 200
    for actor in ("partner", "coordinator", "anonymous"):
        client = client_for(world.user(actor))
        assert client.get(url).status_code == 404, actor
        assert client.get(doc.get_absolute_url()).status_code == 404, actor
        listing = client.get(
            reverse("community:library", args=[world.territory.slug]), {"q": "confidentielmot"}
        )
        assert doc.title not in listing.content.decode()


def test_the_library_page_has_constant_queries(world, client_for):
    from tests.queries import assert_constant_queries

    member = world.user("member")
    counter = iter(range(1000))

    def grow(times: int) -> None:
        for _ in range(times):
            document(
                world.territory,
                world.org_member,
                actor=member,
                title=f"Document {next(counter)}",
            )

    grow(1)
    assert_constant_queries(
        client_for(member), reverse("community:library", args=[world.territory.slug]), grow
    )

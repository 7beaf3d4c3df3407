"""Every uploaded or generated file is private: served only by a view that asks the access
engine, never by path (issue 9, docs/decisions/0016-private-files.md).

The fields are found through ``django.apps``: a FileField added tomorrow fails
``test_every_file_field_is_covered`` until it is given a case below (or declared public,
with its reason)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.db import models
from django.test import Client
from django.urls import reverse

from maillage.core import files
from maillage.core.roles import Role
from tests.access.world import World
from tests.factories import member

# Files anyone may fetch by URL, with the reason. Checked to be exact both ways.
PUBLIC_FIELDS = {
    "territories.Organisation.logo": (
        "An organisation's logo is shown on public pages (partners directory, organisation "
        "page, API); it says nothing that the organisation's public name does not."
    ),
    "territories.Territory.logo": (
        "A territory's logo is its identity in every page's header and in its PDFs "
        "(core/theme.py), shown to anonymous visitors too."
    ),
}


def project_file_fields() -> dict[str, models.FileField]:
    """Every FileField / ImageField of every model of the project."""
    found = {}
    for model in apps.get_models():
        if not model.__module__.startswith("maillage."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                found[f"{model._meta.label}.{field.name}"] = field
    return found


@dataclass
class Case:
    """How to build an object holding the file, its download URL and who may read it."""

    build: Callable[[World], Any]
    url: Callable[[World, Any], str]
    reader: str  # an actor of the access world allowed to download it
    field: str | None = None  # where the file is, when not the field of the key
    holder: Callable[[Any], Any] | None = None  # the object holding the file


def _dataset(world: World) -> Any:
    from tests.observatory.access_table import SUBJECTS

    return SUBJECTS["dataset[restricted]"](world)


def _import_job(world: World) -> Any:
    from tests.observatory.access_table import SUBJECTS

    return SUBJECTS["observatory_import"](world)


def _edition(world: World) -> Any:
    # A ready edition with its two files, without running WeasyPrint.
    from maillage.observatory.models import ReportEdition

    edition = ReportEdition(territory=world.territory, year=2024, state=ReportEdition.State.READY)
    edition.pdf.save("abs.pdf", ContentFile(b"%PDF-1.4 ABS"), save=False)
    edition.docx.save("abs.docx", ContentFile(b"PK docx ABS"), save=False)
    edition.save()
    return edition


def _document(world: World) -> Any:
    from tests.governance.access_table import SUBJECTS

    return SUBJECTS["agreement_document"](world)


def _network_import(world: World) -> Any:
    from maillage.network.models import ImportBatch

    batch = ImportBatch(
        territory=world.territory,
        state=ImportBatch.State.PREVIEWED,
        structures_name="structures.json",
        services_name="services.json",
    )
    batch.structures_file.save("structures.json", ContentFile(b'[{"id": "s"}]'), save=False)
    batch.services_file.save("services.json", ContentFile(b'[{"id": "x"}]'), save=False)
    batch.save()
    return batch


def _full_action(world: World) -> Any:
    from tests.programme.access_table import SUBJECTS

    return SUBJECTS["action[full]"](world)


def _programme_import(world: World) -> Any:
    from tests.programme.access_table import SUBJECTS

    return SUBJECTS["programme_import"](world)


def _library_document(world: World) -> Any:
    from tests.community.library_builders import document

    return document(world.territory, world.org_member, actor=world.users["member"])


def _communication(world: World) -> Any:
    from tests.community.access_table import SUBJECTS

    return SUBJECTS["communication[released]"](world)


def _contribution_photo(world: World) -> Any:
    from tests.participation import builders

    return builders.contribution(world.territory, world.users["resident"], photo=builders.photo())


def _evaluation_report(world: World) -> Any:
    from tests.evaluation.access_table import SUBJECTS as EVALUATION

    return EVALUATION["evaluation_report[ready]"](world)


def _slug(world: World) -> str:
    return world.territory.slug


CASES: dict[str, Case] = {
    "observatory.Dataset.file": Case(
        _dataset,
        lambda w, o: reverse("observatory:dataset_file", args=[_slug(w), o.pk]),
        reader="member",  # the producer: the file holds the figures before secrecy
    ),
    "observatory.ImportJob.file": Case(
        _import_job,
        lambda w, o: reverse("observatory:import_file", args=[_slug(w), o.pk]),
        reader="member",
    ),
    "observatory.ReportEdition.pdf": Case(
        _edition,
        lambda w, o: reverse("observatory:report_download", args=[_slug(w), o.year, "pdf"]),
        reader="partner",
    ),
    "observatory.ReportEdition.docx": Case(
        _edition,
        lambda w, o: reverse("observatory:report_download", args=[_slug(w), o.year, "docx"]),
        reader="partner",
    ),
    "governance.AgreementDocument.file": Case(
        _document,
        lambda w, o: reverse("governance:agreement_document", args=[_slug(w), o.pk]),
        reader="partner",
    ),
    "network.ImportBatch.structures_file": Case(
        _network_import,
        lambda w, o: reverse("network:import_file", args=[_slug(w), o.pk, "structures"]),
        reader="coordinator",
    ),
    "network.ImportBatch.services_file": Case(
        _network_import,
        lambda w, o: reverse("network:import_file", args=[_slug(w), o.pk, "services"]),
        reader="coordinator",
    ),
    "programme.Attachment.file": Case(
        _full_action,
        lambda w, o: reverse(
            "programme:attachment",
            args=[_slug(w), o.pk, o.journal.first().attachments.first().pk],
        ),
        reader="partner",  # the action is for the partners
        field="file",
        holder=lambda action: action.journal.first().attachments.first(),
    ),
    "community.Communication.pdf": Case(
        _communication,
        lambda w, o: reverse("community:communication_pdf", args=[_slug(w), o.pk]),
        reader="partner",
    ),
    "programme.ImportBatch.file": Case(
        _programme_import,
        lambda w, o: reverse("programme:import_file", args=[_slug(w), o.pk]),
        reader="coordinator",
    ),
    "participation.Contribution.photo": Case(
        _contribution_photo,
        lambda w, o: reverse("participation:contribution_photo", args=[_slug(w), o.pk]),
        reader="resident",  # its author, before publication
    ),
    "community.DocumentVersion.file": Case(
        _library_document,
        lambda w, o: reverse("community:library_download", args=[_slug(w), o.pk, 1]),
        reader="partner",  # a library document for the partners
        field="file",
        holder=lambda document: document.versions.get(number=1),
    ),
    "evaluation.ReportEdition.pdf": Case(
        _evaluation_report,
        lambda w, o: reverse("evaluation:report_pdf", args=[_slug(w), o.snapshot.year]),
        reader="partner",
    ),
    "evaluation.ReportEdition.docx": Case(
        _evaluation_report,
        lambda w, o: reverse("evaluation:report_docx", args=[_slug(w), o.snapshot.year]),
        reader="partner",
    ),
    "evaluation.ReportEdition.odt": Case(
        _evaluation_report,
        lambda w, o: reverse("evaluation:report_odt", args=[_slug(w), o.snapshot.year]),
        reader="partner",
    ),
}


@pytest.fixture
def on_disk(settings, tmp_path: Path) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """Both storages on the local disk, as in production without a bucket, and the URLs
    as development serves them (the public media route mounted)."""
    roots = {"private": tmp_path / "private", "public": tmp_path / "media"}
    for root in roots.values():
        root.mkdir()
    settings.MEDIA_ROOT = str(roots["public"])
    settings.STORAGES = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(roots["private"]), "base_url": "/_private/"},
        },
        "public": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(roots["public"]), "base_url": "/media/"},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.ROOT_URLCONF = "tests.security.urls_public_media"
    return roots


# --------------------------------------------------------------------------- the inventory


def test_every_file_field_is_covered() -> None:
    fields = set(project_file_fields())
    assert fields - set(PUBLIC_FIELDS) == set(CASES), (
        "A file field without a download case (add it to CASES, with its download view) "
        "or a case for a field that is gone."
    )


def test_public_allow_list_is_exact() -> None:
    public = {key for key, field in project_file_fields().items() if files.is_public(field.storage)}
    assert public == set(PUBLIC_FIELDS)


def test_private_fields_use_the_private_storage_and_random_names() -> None:
    for key, field in project_file_fields().items():
        if key in PUBLIC_FIELDS:
            continue
        assert field.storage is default_storage, key
        assert isinstance(field.upload_to, files.RandomName), key
        name = field.generate_filename(None, "Rapport CAF — restreint 2024.PDF")
        assert files.is_random_name(name), (key, name)
        assert "CAF" not in name and name.endswith(".pdf"), (key, name)


# --------------------------------------------------------------------------- each file


def _client(user: Any) -> Client:
    from tests.conftest import login_verified

    client = Client()
    if user is not None:
        login_verified(client, user)
    return client


@pytest.mark.parametrize("key", sorted(CASES))
def test_file_is_served_only_through_its_view(key, world, on_disk, settings) -> None:  # type: ignore[no-untyped-def]
    case = CASES[key]
    obj = case.build(world)
    holder = case.holder(obj) if case.holder else obj
    file = getattr(holder, case.field or key.rsplit(".", 1)[1])
    assert file.name and files.is_random_name(file.name), file.name
    stored = on_disk["private"] / file.name
    assert stored.is_file(), "the file is in the private root"
    content = stored.read_bytes()
    url = case.url(world, obj)

    foreign_partner = member(
        world.foreign, Role.PARTNER, world.org_foreign, email="partenaire.etranger@essai.test"
    )
    for who, user in (("anonymous", None), ("foreign partner", foreign_partner)):
        client = _client(user)
        assert client.get(url).status_code == 404, (key, who, url)
        for path in (f"/media/{file.name}", f"/_private/{file.name}"):
            assert client.get(path).status_code == 404, (key, who, path)

    reader = _client(world.users[case.reader])
    response = reader.get(url)
    assert response.status_code == 200, (key, url)
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    # The allowed reader gets nothing by path either.
    assert reader.get(f"/media/{file.name}").status_code == 404

    settings.PRIVATE_FILES_ACCEL_PREFIX = "/_private/"
    accel = reader.get(url)
    assert accel.status_code == 200
    assert accel.content == b""
    assert accel["X-Accel-Redirect"] == f"/_private/{file.name}"
    assert accel["Content-Disposition"].startswith("attachment; filename=")
    assert _client(None).get(url).status_code == 404
    assert "X-Accel-Redirect" not in _client(foreign_partner).get(url)


def test_download_name_is_the_original_name(world, on_disk) -> None:  # type: ignore[no-untyped-def]
    document = _document(world)
    assert document.filename == "convention.pdf"
    assert "convention" not in document.file.name
    response = _client(world.users["partner"]).get(
        reverse("governance:agreement_document", args=[world.territory.slug, document.pk])
    )
    assert response["Content-Disposition"] == 'attachment; filename="convention.pdf"'


def test_logos_stay_public_under_media(world, on_disk) -> None:  # type: ignore[no-untyped-def]
    from maillage.territories.models import Organisation

    organisation = Organisation.objects.get(pk=world.org_member.pk)
    organisation.logo.save("logo.png", ContentFile(b"\x89PNG logo"), save=True)
    assert (on_disk["public"] / organisation.logo.name).is_file()
    assert organisation.logo.url == f"/media/{organisation.logo.name}"
    response = Client().get(organisation.logo.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG logo"


def test_a_private_file_missing_from_the_storage_answers_404(world, on_disk) -> None:  # type: ignore[no-untyped-def]
    batch = _programme_import(world)
    batch.file.storage.delete(batch.file.name)
    url = reverse("programme:import_file", args=[world.territory.slug, batch.pk])
    assert _client(world.users["coordinator"]).get(url).status_code == 404


# --------------------------------------------------------------------------- S3 branch


class StubS3Storage(FileSystemStorage):
    """What the view needs of django-storages' S3 backend: ``url()`` with response
    parameters and an expiry. Records what it signed."""

    signed: list[dict[str, Any]] = []

    def url(self, name, parameters=None, expire=None, http_method=None):  # type: ignore[no-untyped-def,override]
        self.signed.append({"name": name, "parameters": parameters, "expire": expire})
        return f"https://objets.example.org/maillage/private/{name}?X-Amz-Expires={expire}&sig=x"


def test_s3_answers_a_short_lived_signed_url_after_the_check(world, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.STORAGES = {
        "default": {
            "BACKEND": f"{__name__}.StubS3Storage",
            "OPTIONS": {"location": str(tmp_path)},
        },
        "public": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PRIVATE_FILES_SIGNED_URLS = True
    settings.PRIVATE_FILES_URL_EXPIRY = 60
    StubS3Storage.signed = []
    document = _document(world)
    url = reverse("governance:agreement_document", args=[world.territory.slug, document.pk])

    assert _client(None).get(url).status_code == 404
    foreign = _client(world.users["foreign"])
    assert foreign.get(url).status_code == 404
    assert StubS3Storage.signed == [], "nothing is signed for a reader who may not see it"

    response = _client(world.users["partner"]).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("https://objets.example.org/maillage/private/")
    assert "X-Amz-Expires=60" in response["Location"]
    assert "no-store" in response["Cache-Control"]
    [signed] = StubS3Storage.signed
    assert signed["name"] == document.file.name
    assert signed["expire"] == 60
    assert signed["parameters"]["ResponseContentDisposition"] == (
        'attachment; filename="convention.pdf"'
    )
    assert signed["parameters"]["ResponseContentType"] == "application/pdf"


# --------------------------------------------------------------------------- moving


def test_move_to_private_moves_renames_and_is_idempotent(world, on_disk) -> None:  # type: ignore[no-untyped-def]
    from maillage.governance.models import AgreementDocument

    document = _document(world)
    # As it was before: the file in the public root under its guessable name, no
    # download name kept apart.
    legacy = f"governance/agreements/{document.agreement_id}/abc/Convention CAF.pdf"
    public = storages["public"]
    public.save(legacy, ContentFile(b"%PDF legacy"))
    private_name = document.file.name
    AgreementDocument.objects.filter(pk=document.pk).update(file=legacy, filename="")
    missing = _document_copy(document, "governance/agreements/1/def/perdu.pdf")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda func, **kw: func())
        counts = files.move_to_private(
            AgreementDocument, ["file"], original_names={"file": "filename"}
        )
    assert counts == {"moved": 1, "missing": 1}
    document.refresh_from_db()
    assert files.is_random_name(document.file.name) and document.file.name != private_name
    assert document.filename == "Convention CAF.pdf"
    assert (on_disk["private"] / document.file.name).read_bytes() == b"%PDF legacy"
    assert not public.exists(legacy)
    assert Client().get(f"/media/{legacy}").status_code == 404
    missing.refresh_from_db()
    assert missing.file.name == "governance/agreements/1/def/perdu.pdf"  # left as it was

    again = files.move_to_private(AgreementDocument, ["file"], original_names={"file": "filename"})
    assert again == {"already": 1, "missing": 1}


def _document_copy(document: Any, name: str) -> Any:
    from maillage.governance.models import AgreementDocument

    return AgreementDocument.objects.create(
        agreement=document.agreement,
        title="Perdu",
        file=name,
        content_type="application/pdf",
        size=1,
    )


def test_private_root_inside_the_public_one_is_refused(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.STORAGES = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media" / "private")},
        },
        "public": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    assert [error.id for error in files.check_private_root()] == ["maillage.E010"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    assert files.check_private_root() == []


def test_move_private_files_command_after_an_old_restore(world, on_disk) -> None:  # type: ignore[no-untyped-def]
    from io import StringIO

    from django.core.management import call_command

    from maillage.programme.models import ImportBatch

    batch = _programme_import(world)
    legacy = "programme/imports/2026/01/actions.csv"
    storages["public"].save(legacy, ContentFile(b"Code;Intitule\r\n"))
    ImportBatch.objects.filter(pk=batch.pk).update(file=legacy)
    out = StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda func, **kw: func())
        call_command("move_private_files", stdout=out, stderr=StringIO())
    batch.refresh_from_db()
    assert files.is_random_name(batch.file.name)
    assert (on_disk["private"] / batch.file.name).read_bytes() == b"Code;Intitule\r\n"
    assert not (on_disk["public"] / legacy).exists()
    assert "1 moved" in out.getvalue()


def test_pages_link_the_download_views(world, on_disk) -> None:  # type: ignore[no-untyped-def]
    batch = _network_import(world)
    slug = world.territory.slug
    page = _client(world.users["coordinator"]).get(
        reverse("network:import_detail", args=[slug, batch.pk])
    )
    for which in ("structures", "services"):
        assert reverse("network:import_file", args=[slug, batch.pk, which]) in page.text
    dataset = _dataset(world)
    url = reverse("observatory:dataset_file", args=[slug, dataset.pk])
    page = _client(world.users["member"]).get(
        reverse("observatory:dataset", args=[slug, dataset.pk])
    )
    assert url in page.text  # the producer is offered its original file
    page = _client(world.users["admin"]).get(
        reverse("observatory:dataset", args=[slug, dataset.pk])
    )
    assert page.status_code == 200 and url not in page.text  # others are not

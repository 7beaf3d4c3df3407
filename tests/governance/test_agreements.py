"""Conventions and feuilles de route: signatories, commitments, documents, and the
reminder before review."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from maillage.core.roles import Visibility
from maillage.governance import services
from maillage.governance.models import Agreement, AgreementDocument, FollowUpTask

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def _agreement(world, **extra):  # type: ignore[no-untyped-def]
    fields = {
        "kind": Agreement.Kind.ROADMAP,
        "title": "Feuille de route Ville–Département",
        "signed_on": datetime.date(2017, 5, 22),
        "visibility": Visibility.PARTNERS,
    }
    fields.update(extra)
    return services.create_agreement(
        actor=None,
        territory=world.territory,
        signatories=[(world.org_member, "le Maire"), (world.org_dept, "le Vice-Président")],
        commitments=[("Co-porter l’axe familles", world.org_dept)],
        **fields,
    )


def test_coordinator_creates_an_agreement_with_its_signatories(world, client_for):
    client = client_for(world.users["coordinator"])
    response = client.post(
        reverse("governance:agreement_create", args=[world.territory.slug]),
        {
            "kind": "convention",
            "title": "Convention de coopération",
            "signed_on": "2014-06-01",
            "reminder_days": "30",
            "visibility": "partners",
            "sig0-organisation": world.org_member.pk,
            "sig0-signed_by": "le Maire",
            "sig1-organisation": world.org_dept.pk,
            "sig1-signed_by": "le Président du Conseil départemental",
        },
    )
    assert response.status_code == 302, response.content.decode()
    agreement = Agreement.objects.get()
    assert [s.signed_by for s in agreement.signings.all()] == [
        "le Maire",
        "le Président du Conseil départemental",
    ]
    page = client.get(response["Location"]).content.decode()
    assert "représentée par le Maire" in page


def test_an_agreement_needs_a_signatory_and_coherent_dates(world, client_for):
    client = client_for(world.users["coordinator"])
    response = client.post(
        reverse("governance:agreement_create", args=[world.territory.slug]),
        {
            "kind": "convention",
            "title": "Sans signataire",
            "starts_on": "2020-01-01",
            "ends_on": "2019-01-01",
            "reminder_days": "30",
            "visibility": "partners",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "La fin de validité précède son début." in page
    assert not Agreement.objects.exists()
    with pytest.raises(ValidationError, match="au moins une organisation signataire"):
        services.create_agreement(
            actor=None, territory=world.territory, signatories=[], kind="roadmap", title="x"
        )


def test_a_review_date_creates_a_reminder_task_that_follows_it(world, client_for):
    review = timezone.localdate() + datetime.timedelta(days=90)
    agreement = _agreement(world, review_on=review, reminder_days=60)
    task = agreement.reminder_task
    assert task.due_date == review - datetime.timedelta(days=60)
    assert task.owner == world.org_member and task.agreement == agreement
    assert "Préparer la révision" in task.title
    # Moving the review moves the reminder; removing it cancels the reminder.
    services.update_agreement(
        actor=None, agreement=agreement, review_on=review + datetime.timedelta(days=10)
    )
    task.refresh_from_db()
    assert task.due_date == review - datetime.timedelta(days=50)
    services.update_agreement(actor=None, agreement=agreement, review_on=None)
    task.refresh_from_db()
    assert task.status == FollowUpTask.Status.CANCELLED
    # The signatory's staff find the reminder in their tasks.
    services.update_agreement(actor=None, agreement=agreement, review_on=review)
    page = (
        client_for(world.users["member"])
        .get(reverse("governance:my_tasks", args=[world.territory.slug]))
        .content.decode()
    )
    assert "Préparer la révision : Feuille de route Ville–Département" in page


def test_documents_are_checked_for_type_and_size(world, client_for, settings):
    agreement = _agreement(world)
    client = client_for(world.users["coordinator"])
    url = reverse("governance:document_add", args=[world.territory.slug, agreement.pk])
    ok = client.post(url, {"title": "Convention signée", "file": SimpleUploadedFile("c.pdf", PDF)})
    assert ok.status_code == 302
    document = AgreementDocument.objects.get()
    assert document.content_type == "application/pdf" and document.size == len(PDF)
    download = client_for(world.users["partner"]).get(
        reverse("governance:agreement_document", args=[world.territory.slug, document.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="c.pdf"' in download["Content-Disposition"]

    for name, content, message in [
        ("script.exe", b"MZ\x90\x00", "Ce type de fichier n’est pas accepté"),
        ("faux.pdf", b"<html>pas un pdf</html>", "ne correspond pas à son extension .pdf"),
        ("vide.pdf", b"", "est vide"),
    ]:
        response = client.post(url, {"title": "x", "file": SimpleUploadedFile(name, content)})
        assert response.status_code == 400, name
        assert message in response.content.decode(), name
    settings.GOVERNANCE_DOCUMENT_MAX_BYTES = 10
    response = client.post(url, {"title": "x", "file": SimpleUploadedFile("gros.pdf", PDF * 3)})
    assert response.status_code == 400
    assert "la limite est de" in response.content.decode()
    assert AgreementDocument.objects.count() == 1


def test_a_members_agreement_is_read_by_its_signatories_only(world, client_for):
    agreement = _agreement(world, visibility=Visibility.MEMBERS)
    url = reverse("governance:agreement", args=[world.territory.slug, agreement.pk])
    assert client_for(world.users["member"]).get(url).status_code == 200
    assert client_for(world.users["departement"]).get(url).status_code == 200  # org_dept signed
    assert client_for(world.users["partner"]).get(url).status_code == 404
    listing = client_for(world.users["partner"]).get(
        reverse("governance:agreements", args=[world.territory.slug])
    )
    assert agreement.title not in listing.content.decode()


def test_commitments_are_added_by_the_coordination(world, client_for):
    agreement = _agreement(world)
    client = client_for(world.users["coordinator"])
    url = reverse("governance:commitment_add", args=[world.territory.slug, agreement.pk])
    assert client.post(url, {"text": "Partager les données"}).status_code == 302
    response = client.post(
        url, {"text": "Engagement de l’autre", "organisation": world.org_other.pk}
    )
    assert response.status_code == 400  # org_other did not sign
    assert agreement.commitments.count() == 2

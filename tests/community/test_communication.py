"""Co-branded communication: the PDF is released once every organisation has answered,
and shows exactly the logos of those who approved (and consent to their logo's use)."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from maillage.community import pdf, services
from maillage.community.models import Communication
from tests.community import builders
from tests.factories import OrganisationFactory, member

SIZES = {"ville": (120, 40), "caf": (90, 60), "centre": (70, 70), "bailleur": (100, 30)}


def _image_sizes(data: bytes) -> list[tuple[int, int]]:
    reader = PdfReader(io.BytesIO(data))
    sizes = []
    for page in reader.pages:
        for image in page.images:
            sizes.append(image.image.size)
    return sorted(sizes)


@pytest.fixture
def organisations(world):  # type: ignore[no-untyped-def]
    orgs = {
        key: OrganisationFactory(name=name, partner_of=[world.territory])
        for key, name in {
            "ville": "Ville d’essai",
            "caf": "CAF d’essai",
            "centre": "Centre social d’essai",
            "bailleur": "Bailleur d’essai",
        }.items()
    }
    for key, organisation in orgs.items():
        builders.logo(organisation, SIZES[key])
    return orgs


def test_the_pdf_shows_exactly_the_approving_organisations_logos(
    world, organisations, django_capture_on_commit_callbacks
):
    ville, caf, centre, bailleur = (
        organisations[k] for k in ("ville", "caf", "centre", "bailleur")
    )
    people = {key: member(world.territory, "partner", org) for key, org in organisations.items()}
    communication = builders.communication(
        world.territory, ville, cosigners=[caf, centre, bailleur], actor=people["ville"]
    )
    services.request_approvals(actor=people["ville"], communication=communication)
    services.sign_communication(
        actor=people["caf"], communication=communication, organisation=caf, approve=True
    )
    services.sign_communication(
        actor=people["bailleur"], communication=communication, organisation=bailleur, approve=False
    )
    communication.refresh_from_db()
    assert communication.status == Communication.Status.APPROVAL and not communication.pdf
    # The last answer releases it: the task makes the PDF once the answer is committed.
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_communication(
            actor=people["centre"], communication=communication, organisation=centre, approve=True
        )
    communication.refresh_from_db()
    assert communication.status == Communication.Status.RELEASED
    data = communication.pdf.read()
    assert data.startswith(b"%PDF")
    # Read back: one image per approving organisation (the QR code is vector art), each of
    # its logo's size; the bailleur who refused is not there.
    assert _image_sizes(data) == sorted([SIZES["ville"], SIZES["caf"], SIZES["centre"]])
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Centre social d’essai" in text and "Bailleur d’essai" not in text


def test_a_logo_without_a_valid_consent_is_not_printed(world, organisations):
    ville, caf = organisations["ville"], organisations["caf"]
    caf.logo_consent_until = timezone.localdate() - datetime.timedelta(days=1)
    caf.save()
    communication = builders.communication(world.territory, ville, cosigners=[caf])
    communication.signatories.update(state="approved")
    data = pdf.render_pdf(communication)
    assert _image_sizes(data) == [SIZES["ville"]]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "CAF d’essai" in text  # named, without its logo


def test_the_poster_carries_a_qr_code_to_the_event_page(world, organisations):
    event = builders.event(world.territory, organisations["centre"])
    communication = builders.communication(
        world.territory, organisations["centre"], event=event, kind="poster"
    )
    html = pdf.render_html(communication)
    assert "data:image/svg+xml" in html
    assert event.get_absolute_url() in html
    assert event.place in html


def test_changing_the_text_asks_every_cosigner_again(world, organisations):
    ville, caf = organisations["ville"], organisations["caf"]
    communication = builders.communication(world.territory, ville, cosigners=[caf])
    communication.signatories.filter(organisation=caf).update(state="approved")
    services.update_communication(
        actor=member(world.territory, "partner", ville),
        communication=communication,
        body="Un autre texte.",
    )
    states = dict(communication.signatories.values_list("organisation_id", "state"))
    assert states == {ville.pk: "approved", caf.pk: "pending"}


def test_only_an_asked_organisation_answers(world, organisations):
    communication = builders.communication(world.territory, organisations["ville"])
    with pytest.raises(ValidationError, match="pas sollicitée"):
        services.sign_communication(
            actor=member(world.territory, "partner", organisations["caf"]),
            communication=communication,
            organisation=organisations["caf"],
            approve=True,
        )


def test_the_released_pdf_downloads_and_a_draft_has_none(world, organisations, client_for):
    communication = builders.communication(world.territory, organisations["ville"])
    url = reverse("community:communication_pdf", args=[world.territory.slug, communication.pk])
    partner = client_for(world.users["partner"])
    assert partner.get(url).status_code == 404  # a draft of other organisations
    services.release(communication=communication, pdf=pdf.render_pdf(communication))
    assert client_for(None).get(url).status_code == 404  # for the territory's partners
    response = partner.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"

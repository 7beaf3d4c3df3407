"""In Chromium: the coordinator opens the residents' registrations to the conférence
sociale and answers a proposal of last year's conférence by creating a decision; a
resident registers on a phone (390 px) asking for an interpreter. Every page passes axe."""

import datetime

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.community.models import Registration
from maillage.core.roles import Role, Visibility
from maillage.evaluation.models import Needs, Proposal, Session
from maillage.evaluation.services import conference as services
from maillage.governance import services as governance
from maillage.governance.models import Body, local_datetime
from maillage.programme.services import create_axis
from tests.accounts.helpers import PASSWORD, totp_code
from tests.browser.support import assert_accessible, field, sign_in
from tests.factories import OrganisationFactory, TerritoryFactory, member


def _meeting(body, days, title):  # type: ignore[no-untyped-def]
    day = timezone.localdate() + datetime.timedelta(days=days)
    meeting = governance.create_meeting(
        actor=None,
        body=body,
        title=title,
        starts_at=local_datetime(day, datetime.time(9, 30)),
        ends_at=local_datetime(day, datetime.time(16, 0)),
        place="Espace 93",
    )
    governance.propose_item(
        actor=None, body=body, meeting=meeting, title="Ateliers", duration_minutes=60
    )
    return meeting


def test_registration_opened_resident_registers_and_a_proposal_answered(page, transactional_db):
    territory = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014"
    )
    ville = OrganisationFactory(name="Ville de Clichy-sous-Bois", partner_of=[territory])
    coordinator = member(territory, Role.COORDINATOR, ville, email="coordination@essai.test")
    device = TOTPDevice.objects.create(user=coordinator, name="Téléphone", confirmed=True)
    resident = member(territory, Role.RESIDENT, email="samira@essai.test", full_name="Samira Essai")
    elected = member(territory, Role.ELECTED, ville, email="elu@essai.test")
    body = governance.create_body(
        actor=None,
        territory=territory,
        kind=Body.Kind.SOCIAL_CONFERENCE,
        name="Conférence sociale locale",
        short_name="Conférence sociale",
        visibility=Visibility.PUBLIC,
        documents_visibility=Visibility.PUBLIC,
        chair=elected,
    )
    axis = create_axis(
        actor=None,
        territory=territory,
        number=3,
        short_name="Familles",
        title="Familles et générations",
    )
    # Last year's conférence, held, with a proposal to answer.
    past = _meeting(body, -300, "Conférence sociale de l’an dernier")
    governance.hold_meeting(actor=None, meeting=past)
    held = services.create_conference(actor=None, territory=territory, meeting=past, year=2024)
    workshop = services.add_session(
        actor=None,
        conference=held,
        kind=Session.Kind.WORKSHOP,
        title="Atelier familles",
        axis=axis,
        starts_at=past.starts_at,
        ends_at=past.ends_at,
    )
    proposal = services.add_proposal(
        actor=None,
        conference=held,
        title="Ouvrir la garderie éphémère toute l’année",
        session=workshop,
    )
    # This year's, convened, registrations not yet open.
    coming = _meeting(body, 20, "Conférence sociale de l’année")
    governance.convene_meeting(actor=None, meeting=coming, notify=False)
    conference = services.create_conference(
        actor=None, territory=territory, meeting=coming, year=2025
    )
    services.add_session(
        actor=None,
        conference=conference,
        kind=Session.Kind.WORKSHOP,
        title="Atelier « Familles »",
        axis=axis,
        starts_at=coming.starts_at,
        ends_at=coming.ends_at,
        room="Salle 3",
    )
    base = f"/territoires/{territory.slug}/evaluation/conference/"

    # The coordinator opens the registrations.
    sign_in(page, coordinator.email, PASSWORD)
    page.wait_for_url("**/compte/verification/**")
    field(page, "Code à 6 chiffres, ou code de secours").fill(totp_code(device))
    page.get_by_role("button", name="Valider").click()
    page.wait_for_url(lambda url: "/compte/verification/" not in url)
    page.goto(base + "2025/")
    assert_accessible(page)
    page.get_by_role("link", name="Ouvrir les inscriptions").click()
    assert_accessible(page)
    field(page, "Organisation qui invite").select_option(label="Ville de Clichy-sous-Bois")
    field(page, "Nombre de places pour les habitant·es").fill("40")
    page.get_by_role("button", name="Ouvrir les inscriptions").click()
    page.get_by_text("Les inscriptions des habitant·es sont ouvertes.").wait_for()
    assert_accessible(page)

    # … and answers last year's proposal, creating a decision.
    page.goto(base + f"2024/propositions/{proposal.number}/")
    assert_accessible(page)
    page.get_by_role("link", name="Répondre").click()
    assert_accessible(page)
    page.get_by_text("Retenue", exact=True).click()
    field(page, "Ce que la réponse crée").select_option(
        label="Une décision au registre de la conférence sociale"
    )
    page.get_by_role("button", name="Enregistrer la réponse").click()
    page.get_by_text("La réponse est enregistrée.").wait_for()
    assert_accessible(page)
    proposal.refresh_from_db()
    assert proposal.answer == Proposal.Answer.RETAINED and proposal.decision is not None
    assert "proposition n° 1 de la conférence sociale 2024" in proposal.decision.text
    page.context.clear_cookies()

    # A resident registers on a phone, asking for an interpreter in Arabic.
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, resident.email, PASSWORD)
    page.goto(base + "2025/")
    assert_accessible(page)
    page.get_by_role("link", name="S’inscrire").click()
    assert_accessible(page)
    assert field(page, "Prénom et nom").input_value() == "Samira Essai"
    field(page, "Interprétariat").select_option(label="arabe")
    page.get_by_role("button", name="M’inscrire").click()
    page.get_by_text("Votre inscription est confirmée.").wait_for()
    assert_accessible(page)
    registration = Registration.objects.get(user=resident)
    assert registration.status == Registration.Status.CONFIRMED
    assert Needs.objects.get(registration=registration).interpretation == "ar"

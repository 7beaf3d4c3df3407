"""In Chromium: a social centre announces an event co-organised by the CAF and publishes
it, the CAF approves (its name then shows on the event), a resident registers and gets
the confirmation. Every page passes axe; the page's JSON-LD breaks no CSP rule (the
``page`` fixture fails on any violation)."""

import datetime
import json

from django.core import mail
from django.utils import timezone

from maillage.community.models import Event, EventOrganiser, Registration
from maillage.core.roles import Role
from tests.browser.support import assert_accessible
from tests.factories import OrganisationFactory, TerritoryFactory, member

PASSWORD = "mot-de-passe-de-test-1"


def sign_in(page, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/connexion/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url(lambda url: "/connexion/" not in url)


def test_a_centre_publishes_the_caf_approves_a_resident_registers(page, transactional_db):
    territory = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014"
    )
    centre = OrganisationFactory(name="Centre social du Haut-Clichy", partner_of=[territory])
    caf = OrganisationFactory(name="CAF de la Seine-Saint-Denis", partner_of=[territory])
    director = member(
        territory, Role.PARTNER, centre, email="directrice@essai.test", full_name="Nadia Centrel"
    )
    adviser = member(territory, Role.PARTNER, caf, email="caf@essai.test", full_name="Karim Cafel")
    resident = member(
        territory, Role.RESIDENT, email="habitant@essai.test", full_name="Sami Habitel"
    )

    # The social centre announces the event, with the CAF as co-organiser.
    sign_in(page, director.email)
    page.goto(f"/territoires/{territory.slug}/evenements/")
    assert_accessible(page)
    page.get_by_role("link", name="Annoncer un événement").click()
    assert_accessible(page)
    day = timezone.localdate() + datetime.timedelta(days=7)
    page.locator("#id_organisation").select_option(label="Centre social du Haut-Clichy")
    page.get_by_label("CAF de la Seine-Saint-Denis").check(force=True)
    page.locator("#id_title").fill("Information collective des familles")
    page.locator("#id_summary").fill("Les modes d’accueil du jeune enfant expliqués simplement.")
    page.locator("#id_day").fill(day.isoformat())
    page.locator("#id_start_time").fill("14:00")
    page.locator("#id_end_time").fill("16:00")
    page.locator("#id_place").fill("Centre social du Haut-Clichy")
    page.locator("#id_step_free").check(force=True)
    page.get_by_label("arabe", exact=True).check(force=True)
    page.locator("#id_registration_open").check(force=True)
    page.locator("#id_capacity").fill("20")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("L’événement est enregistré en brouillon.").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Publier l’événement").click()
    page.get_by_text("L’événement est publié.").wait_for()
    event = Event.objects.get()
    assert event.status == "published"
    # Not approved yet: the CAF is not named among the organisers.
    assert "CAF de la Seine-Saint-Denis" not in page.locator(".fr-text--sm").first.inner_text()
    assert_accessible(page)

    # The CAF approves.
    page.context.clear_cookies()
    sign_in(page, adviser.email)
    page.goto(event.get_absolute_url())
    assert_accessible(page)
    page.locator("#id_decision").select_option("approve")
    page.get_by_role("button", name="Envoyer la réponse").click()
    page.get_by_text("Votre accord est enregistré").wait_for()
    assert EventOrganiser.objects.get(organisation=caf).state == "approved"
    assert "CAF de la Seine-Saint-Denis" in page.get_by_text("Organisé par").inner_text()
    assert_accessible(page)

    # A resident registers.
    page.context.clear_cookies()
    sign_in(page, resident.email)
    page.goto(f"/territoires/{territory.slug}/evenements/")
    page.get_by_role("link", name="Information collective des familles").click()
    data = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert data["@type"] == "Event" and data["location"]["name"] == "Centre social du Haut-Clichy"
    assert {o["name"] for o in data["organizer"]} == {
        "Centre social du Haut-Clichy",
        "CAF de la Seine-Saint-Denis",
    }
    assert page.locator("#id_email").input_value() == resident.email
    assert_accessible(page)
    page.get_by_role("button", name="M’inscrire").click()
    page.get_by_text("Votre inscription est confirmée.").wait_for()
    registration = Registration.objects.get()
    assert registration.user == resident and registration.status == "confirmed"
    assert page.get_by_text("Vous êtes inscrit·e.").is_visible()
    assert_accessible(page)
    assert [m.to for m in mail.outbox if "Inscription confirmée" in m.subject] == [[resident.email]]


def test_news_and_joint_letter_pages_are_accessible(page, transactional_db):
    """The news list (with its feed link), a post waiting for a co-signer's answer, the
    joint letter's preview with the answers, the registrations list: axe on each."""
    from maillage.community import services
    from tests.community import builders

    territory = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014"
    )
    ville = OrganisationFactory(name="Ville de Clichy-sous-Bois", partner_of=[territory])
    caf = OrganisationFactory(name="CAF de la Seine-Saint-Denis", partner_of=[territory])
    builders.logo(ville, (120, 40))
    adviser = member(territory, Role.PARTNER, caf, email="caf@essai.test", full_name="Karim Cafel")
    author = member(
        territory, Role.PARTNER, ville, email="ville@essai.test", full_name="Lou Villel"
    )
    post = builders.post(territory, ville, cosigners=[caf], publish=True, actor=author)
    event = builders.event(territory, ville, cosigners=[caf], actor=author)
    services.register(actor=None, event=event, name="Awa Test", email="awa@exemple.test")
    letter = builders.communication(territory, ville, cosigners=[caf], event=event, actor=author)
    services.request_approvals(actor=author, communication=letter)

    sign_in(page, adviser.email)
    page.goto(f"/territoires/{territory.slug}/actualites/")
    assert page.locator('link[rel="alternate"][type="application/atom+xml"]').count() == 1
    assert_accessible(page)
    page.goto(post.get_absolute_url())
    page.get_by_role("button", name="Envoyer la réponse").wait_for()
    assert_accessible(page)
    page.goto(letter.get_absolute_url())
    page.get_by_role("table", name="Réponses des organisations").wait_for()
    assert_accessible(page)
    page.goto(f"/territoires/{territory.slug}/communication/")
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, author.email)
    page.goto(f"/territoires/{territory.slug}/evenements/{event.pk}/inscriptions/")
    page.get_by_role("cell", name="Awa Test", exact=True).wait_for()
    assert_accessible(page)
    page.goto(f"/territoires/{territory.slug}/agenda/?vue=liste")
    page.get_by_role("link", name=event.title).first.wait_for()
    assert_accessible(page)

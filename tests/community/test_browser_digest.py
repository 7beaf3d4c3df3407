"""In Chromium: a partner of the CAF follows the « Famille » thématique; a social centre
adds a study to the library (a PDF) and announces a family event co-organised by the CAF;
the document is found by a word that only its PDF holds; the daily digest (read from the
test mail outbox) brings the partner the event and the document, whose links open in the
browser; the e-mail's unsubscribe link works without signing in. Every page passes axe;
no CSP violation (the ``page`` fixture fails on one)."""

import datetime
import re

from django.core import mail
from django.utils import timezone

from maillage.community import digests
from maillage.community import services as community_services
from maillage.community.models import Document, Follow, Frequency, NotificationSettings
from maillage.core.models import AuditEntry
from maillage.core.roles import Role
from tests.browser.support import assert_accessible
from tests.community.samples import pdf_bytes
from tests.factories import OrganisationFactory, TerritoryFactory, member

PASSWORD = "mot-de-passe-de-test-1"
WORD = "axolotl"


def sign_in(page, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/connexion/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url(lambda url: "/connexion/" not in url)


def test_a_partner_following_the_thematique_finds_the_event_in_the_daily_digest(
    page, transactional_db
):
    territory = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014"
    )
    centre = OrganisationFactory(name="Centre social du Haut-Clichy", partner_of=[territory])
    caf = OrganisationFactory(name="CAF de la Seine-Saint-Denis", partner_of=[territory])
    director = member(
        territory, Role.PARTNER, centre, email="directrice@essai.test", full_name="Nadia Centrel"
    )
    adviser = member(territory, Role.PARTNER, caf, email="caf@essai.test", full_name="Karim Cafel")

    # The CAF's adviser follows the « Famille » thématique.
    sign_in(page, adviser.email)
    page.goto(f"/territoires/{territory.slug}/suivre/")
    assert_accessible(page)
    page.locator("#follow-thematique").select_option("famille")
    page.get_by_role("button", name="Suivre cette thématique").click()
    page.get_by_text("Vous suivez « Famille ».").wait_for()
    assert Follow.objects.get(user=adviser).topic == "thematique:famille"
    assert_accessible(page)

    # The social centre adds a study to the library: a PDF whose text is read and indexed.
    page.context.clear_cookies()
    sign_in(page, director.email)
    page.goto(f"/territoires/{territory.slug}/ressources/")
    assert_accessible(page)
    page.get_by_role("link", name="Ajouter un document").click()
    assert_accessible(page)
    page.locator("#id_title").fill("Diagnostic de la petite enfance")
    page.locator("#id_kind").select_option("study")
    page.locator("#id_summary").fill("Les besoins de garde des familles du Haut-Clichy.")
    page.locator("#id_author").select_option(label="Centre social du Haut-Clichy")
    page.locator("#id_thematiques").select_option(["famille--garde-denfants"])
    page.locator("#id_visibility").select_option("partners")
    page.locator("#id_file").set_input_files(
        files=[
            {
                "name": "diagnostic.pdf",
                "mimeType": "application/pdf",
                "buffer": pdf_bytes("Diagnostic petite enfance", f"Le mot {WORD} est ici."),
            }
        ]
    )
    page.get_by_role("button", name="Déposer le document").click()
    page.get_by_role("heading", name="Diagnostic de la petite enfance").wait_for()
    document = Document.objects.get()
    assert WORD in document.text
    assert WORD in page.locator("blockquote").inner_text()  # the preview
    assert_accessible(page)

    # A file whose content is not what its extension says is refused, in French.
    page.goto(f"/territoires/{territory.slug}/ressources/nouveau/")
    page.locator("#id_title").fill("Faux PDF")
    page.locator("#id_kind").select_option("guide")
    page.locator("#id_summary").fill("Un programme renommé.")
    page.locator("#id_author").select_option(label="Centre social du Haut-Clichy")
    page.locator("#id_file").set_input_files(
        files=[{"name": "guide.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00program"}]
    )
    page.get_by_role("button", name="Déposer le document").click()
    page.get_by_text("ne correspond pas à son extension").first.wait_for()
    assert Document.objects.count() == 1
    assert_accessible(page)

    # The one search finds the study by the word only its PDF holds.
    page.goto(f"/territoires/{territory.slug}/recherche/")
    assert_accessible(page)
    page.locator("#id_q").fill(WORD)
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="Diagnostic de la petite enfance").wait_for()
    assert page.get_by_role("link", name=re.compile(r"Documents \(1\)")).is_visible()
    assert_accessible(page)

    # The centre publishes a family event co-organised by the CAF, which approves.
    starts = timezone.now() + datetime.timedelta(days=7)
    event = community_services.create_event(
        actor=director,
        territory=territory,
        organisation=centre,
        title="Information collective des familles",
        summary="Les modes d’accueil du jeune enfant expliqués simplement.",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="Centre social du Haut-Clichy",
        cosigners=[caf],
        thematiques=["famille--garde-denfants"],
    )
    community_services.publish_event(actor=director, event=event)
    community_services.sign_event(actor=adviser, event=event, organisation=caf, approve=True)

    # The scheduler's daily run: the partner's digest, read from the test outbox.
    mail.outbox.clear()
    run = digests.send_digests(Frequency.DAILY)
    assert run.emails >= 1
    [digest] = [m for m in mail.outbox if m.to == [adviser.email]]
    assert "Information collective des familles" in digest.body
    assert "Diagnostic de la petite enfance" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    event_link = re.search(r"https?://\S+/evenements/\d+/", digest.body).group(0)

    # Its link opens the event for the signed-in partner; the centre lists the news.
    page.context.clear_cookies()
    sign_in(page, adviser.email)
    page.goto(re.sub(r"^https?://[^/]+", "", event_link))
    page.get_by_role("heading", name="Information collective des familles").wait_for()
    assert_accessible(page)
    page.goto("/notifications/")
    page.get_by_role("link", name="Information collective des familles").wait_for()
    assert_accessible(page)

    # The unsubscribe link works without a session, asks first, and is audited.
    page.context.clear_cookies()
    unsubscribe = digest.extra_headers["List-Unsubscribe"].strip("<>")
    page.goto(re.sub(r"^https?://[^/]+", "", unsubscribe))
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer le désabonnement").click()
    page.get_by_role("heading", name="Vous êtes désabonné·e").wait_for()
    assert_accessible(page)
    assert NotificationSettings.objects.get(user=adviser).frequency == Frequency.NEVER
    assert AuditEntry.objects.filter(action="notifications.unsubscribe", actor=adviser).exists()

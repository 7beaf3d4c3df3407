"""In Chromium: a convened member opens the answer link of their convocation e-mail
(read from the test outbox), without signing in, and answers « représenté·e par »; the
secretary then sees the answer on the meeting page. Every page passes axe."""

import datetime
import re

from django.core import mail
from django.db import transaction

from maillage.core.roles import Role, Visibility
from maillage.governance import services
from maillage.governance.models import ConvocationAnswer
from tests.browser.support import assert_accessible
from tests.factories import OrganisationFactory, TerritoryFactory, member
from tests.governance import builders
from tests.governance.test_browser_governance import PASSWORD, sign_in

LINK = re.compile(r"https?://[^\s]+?(/territoires/[^\s]+/instances/seances/reponse/[^\s/]+/)")


def test_a_member_answers_from_the_email_and_the_secretary_sees_it(page, transactional_db):
    territory = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014"
    )
    caf = OrganisationFactory(name="CAF de la Seine-Saint-Denis", partner_of=[territory])
    centre = OrganisationFactory(name="Centre social du Haut-Clichy", partner_of=[territory])
    secretary = member(
        territory, Role.PARTNER, caf, email="secretaire@essai.test", full_name="Karim Secrétel"
    )
    titular = member(
        territory, Role.PARTNER, centre, email="directrice@essai.test", full_name="Nadia Centrel"
    )
    body = services.create_body(
        actor=None,
        territory=territory,
        kind="technical",
        name="Comité technique Familles",
        short_name="CT Familles",
        secretary=secretary,
        visibility=Visibility.PUBLIC,
        documents_visibility=Visibility.MEMBERS,
    )
    services.add_member(
        actor=None,
        body=body,
        organisation=centre,
        titular=titular,
        started_on=datetime.date(2024, 1, 1),
    )
    meeting = builders.meeting(body, days=10, title="Séance de rentrée")
    with transaction.atomic():
        services.convene_meeting(actor=secretary, meeting=meeting)
    message = next(m for m in mail.outbox if m.to == [titular.email])
    link = LINK.search(message.body)
    assert link, message.body

    # The member follows the link, signed out.
    page.goto(link.group(1))
    page.get_by_role("heading", level=1, name="Réponse à une convocation").wait_for()
    assert "Réponse de Nadia Centrel" in page.content()
    assert_accessible(page)
    page.get_by_text("Représenté·e", exact=True).click()
    page.get_by_label("Représenté·e par").fill("Mme Adjointe, Centre social du Haut-Clichy")
    page.get_by_role("button", name="Envoyer ma réponse").click()
    page.get_by_text("Merci, votre réponse est enregistrée : Représenté·e.").wait_for()
    assert_accessible(page)
    answer = ConvocationAnswer.objects.get(meeting=meeting)
    assert (answer.user, answer.answer, answer.channel) == (titular, "represented", "email")

    # The secretary sees it on the meeting page, before the meeting.
    sign_in(page, secretary.email, PASSWORD)
    page.goto(meeting.get_absolute_url())
    table = page.get_by_role("table", name="Réponses des personnes convoquées")
    row = table.get_by_role("row").filter(has_text="Nadia Centrel")
    # The badge is upper-cased by the design system's stylesheet.
    assert "représenté·e par mme adjointe, centre social du haut-clichy" in (
        row.inner_text().lower()
    )
    assert_accessible(page)

"""In Chromium: a secretary prepares an agenda from the backlog, convenes, records
attendance and minutes, records a decision that creates a task, and the organisation
that owns the task finds it in "mes tâches". Every page visited passes axe."""

import datetime

from django.utils import timezone

from maillage.core.roles import Role, Visibility
from maillage.governance import services
from maillage.governance.models import Decision, FollowUpTask, Meeting
from tests.browser.support import assert_accessible
from tests.factories import OrganisationFactory, TerritoryFactory, member

PASSWORD = "mot-de-passe-de-test-1"


def sign_in(page, email: str, password: str) -> None:  # type: ignore[no-untyped-def]
    # Required fields carry a "*" in their label: reach the inputs by id.
    page.goto("/connexion/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url(lambda url: "/connexion/" not in url)


def test_secretary_runs_a_meeting_and_the_owner_sees_the_task(page, transactional_db):
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
    services.propose_item(
        actor=titular, body=body, title="Bilan de la garderie éphémère", duration_minutes=40
    )

    sign_in(page, secretary.email, PASSWORD)
    page.goto(body.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == "Comité technique Familles"
    assert_accessible(page)

    # A new meeting, tomorrow afternoon.
    page.get_by_role("link", name="Nouvelle séance").click()
    assert_accessible(page)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("Intitulé").fill("Séance de rentrée")
    page.locator("#id_day").fill(tomorrow.isoformat())
    page.get_by_label("Heure de début").fill("14:00")
    page.get_by_label("Heure de fin").fill("16:00")
    page.get_by_label("Lieu").fill("Maison de la petite enfance")
    page.get_by_role("button", name="Enregistrer").click()

    # The agenda, prepared from the backlog.
    page.get_by_role("heading", name="Ordre du jour : Séance de rentrée").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Inscrire « Bilan de la garderie éphémère »").click()
    agenda = page.get_by_role("table", name="Points inscrits à l’ordre du jour")
    agenda.get_by_role("cell", name="Bilan de la garderie éphémère", exact=True).wait_for()
    assert_accessible(page)

    # The convocation.
    page.get_by_role("link", name="Passer à la convocation").click()
    # A click on a link does not wait for the next page: wait for its text to show.
    page.get_by_text("Nadia Centrel — Centre social du Haut-Clichy (titulaire)").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer la convocation").click()
    page.get_by_text("La convocation part par courriel").wait_for()
    meeting = Meeting.objects.get(title="Séance de rentrée")
    assert meeting.status == Meeting.Status.CONVENED
    assert_accessible(page)

    # The meeting takes place: move the clock to its start.
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=now - datetime.timedelta(minutes=5), ends_at=now + datetime.timedelta(hours=2)
    )
    page.reload()
    page.get_by_role("button", name="Déclarer la séance tenue").click()
    page.get_by_text("La séance est tenue").wait_for()

    # Attendance.
    page.get_by_role("link", name="Noter les présences").click()
    assert_accessible(page)
    page.get_by_label("Présence de Nadia Centrel").select_option(label="Présent·e")
    page.get_by_label("Présence de Karim Secrétel").select_option(label="Présent·e")
    page.get_by_role("button", name="Enregistrer les présences").click()
    page.get_by_text("Les présences sont enregistrées.").wait_for()

    # Minutes.
    page.get_by_role("link", name="Rédiger le compte rendu").click()
    assert_accessible(page)
    page.get_by_label("Bilan de la garderie éphémère").fill(
        "Fréquentation en hausse ; la CAF reconduit son soutien."
    )
    page.get_by_role("button", name="Enregistrer le compte rendu").click()
    page.get_by_text("Le compte rendu est enregistré.").wait_for()
    assert page.get_by_text("Fréquentation en hausse").is_visible()

    # A decision that creates a task for the centre social.
    page.get_by_role("link", name="Enregistrer une décision").click()
    assert_accessible(page)
    page.locator("#id_text").fill("Étudier un troisième lieu pour la garderie")
    page.locator("#id_owner").select_option(label="Centre social du Haut-Clichy")
    page.locator("#id_task_title").fill("Chiffrer un troisième lieu d’accueil")
    page.locator("#id_task_due_date").fill((tomorrow + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Enregistrer la décision", exact=True).click()
    page.get_by_text("La décision CT Familles").wait_for()
    assert_accessible(page)
    decision = Decision.objects.get()
    task = FollowUpTask.objects.get(decision=decision)
    assert task.owner == centre

    # The titular of the owning organisation finds the task in "mes tâches".
    page.context.clear_cookies()
    sign_in(page, titular.email, PASSWORD)
    page.goto(f"/territoires/{territory.slug}/instances/mes-taches/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mes tâches"
    assert page.get_by_role(
        "cell", name="Chiffrer un troisième lieu d’accueil", exact=True
    ).is_visible()
    assert_accessible(page)
    page.get_by_label("Nouvel état de « Chiffrer un troisième lieu d’accueil »").select_option(
        label="En cours"
    )
    page.get_by_role(
        "button", name="Mettre à jour « Chiffrer un troisième lieu d’accueil »"
    ).click()
    page.locator(f"#task-status-{task.pk} .fr-badge", has_text="En cours").wait_for()
    task.refresh_from_db()
    assert task.status == FollowUpTask.Status.IN_PROGRESS
    # The minutes are theirs to read too: they sit in the body.
    page.goto(meeting.get_absolute_url())
    assert page.get_by_text("Fréquentation en hausse").is_visible()
    assert_accessible(page)


def test_register_calendar_and_agreements_are_accessible(page, transactional_db):
    territory = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014"
    )
    ville = OrganisationFactory(name="Ville de Clichy-sous-Bois", partner_of=[territory])
    coordinator_org = OrganisationFactory(name="Direction des Solidarités", partner_of=[territory])
    person = member(
        territory, Role.PARTNER, ville, email="agent@essai.test", full_name="Agent Villel"
    )
    member(territory, Role.COORDINATOR, coordinator_org, email="coord@essai.test")
    body = services.create_body(
        actor=None,
        territory=territory,
        kind="strategic",
        name="Comité stratégique",
        visibility=Visibility.PUBLIC,
        documents_visibility=Visibility.PARTNERS,
    )
    services.add_member(
        actor=None,
        body=body,
        organisation=ville,
        titular=person,
        started_on=datetime.date(2024, 1, 1),
    )
    start = timezone.now() + datetime.timedelta(days=3)
    meeting = services.create_meeting(
        actor=None,
        body=body,
        title="Comité annuel",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Hôtel de ville",
    )
    services.propose_item(actor=None, body=body, meeting=meeting, title="Bilan annuel")
    services.convene_meeting(actor=None, meeting=meeting, notify=False)
    services.create_agreement(
        actor=None,
        territory=territory,
        kind="roadmap",
        title="Feuille de route 2017",
        signatories=[(ville, "le Maire")],
        visibility=Visibility.PUBLIC,
        review_on=timezone.localdate() + datetime.timedelta(days=20),
    )
    sign_in(page, person.email, PASSWORD)
    for path in [
        f"/territoires/{territory.slug}/instances/",
        f"/territoires/{territory.slug}/instances/registre/?vue=taches",
        f"/territoires/{territory.slug}/agenda/",
        f"/territoires/{territory.slug}/agenda/?vue=liste",
        f"/territoires/{territory.slug}/agenda/abonnements/",
        f"/territoires/{territory.slug}/instances/conventions/",
        f"/territoires/{territory.slug}/instances/recherche/?q=bilan",
    ]:
        page.goto(path)
        assert_accessible(page)
    page.goto(f"/territoires/{territory.slug}/agenda/")
    assert page.get_by_role("link", name="Comité stratégique", exact=False).first.is_visible()
    page.goto(f"/territoires/{territory.slug}/instances/conventions/")
    page.get_by_role("link", name="Feuille de route 2017").click()
    assert_accessible(page)

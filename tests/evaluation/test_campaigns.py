"""Issue 15: campaigns (calendar, scope, grid), bilans (pilots write, partners comment,
versions and their diff, states, the deadline), the progress page and its queries."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.core.audit import AuditEntry
from maillage.evaluation import services
from maillage.evaluation.models import Bilan, BilanVersion, Campaign
from maillage.programme.models import Action
from tests.clock import frozen
from tests.evaluation import builders
from tests.queries import assert_constant_queries


def test_default_scope_takes_the_open_and_done_fiches_of_the_year(scene):  # type: ignore[no-untyped-def]
    idea = builders.factories.action(scene.territory, "1.2.1", status=Action.Status.IDEA)
    old = builders.factories.action(
        scene.territory,
        "1.2.2",
        status=Action.Status.DONE,
        ends_on=datetime.date(2023, 6, 30),
    )
    camp = services.open_campaign(
        actor=scene.coordinator,
        territory=scene.territory,
        year=2025,
        bilans_due_on=datetime.date(2026, 2, 1),
        questionnaire_due_on=datetime.date(2026, 2, 15),
    )
    scope = set(camp.actions.values_list("pk", flat=True))
    assert scope == {a.pk for a in scene.actions}
    assert idea.pk not in scope and old.pk not in scope
    assert Bilan.objects.filter(campaign=camp, state=Bilan.State.TODO).count() == 3
    assert [q["key"] for q in camp.questions] == [
        "pertinence",
        "coherence",
        "efficacite",
        "efficience",
        "impact",
    ]


def test_a_calendar_out_of_order_and_a_second_campaign_are_refused(scene):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        builders.campaign(
            scene.territory,
            scene.actions,
            bilans_due_on=datetime.date(2026, 3, 1),
            questionnaire_due_on=datetime.date(2026, 2, 1),
        )
    assert "dans l’ordre" in str(error.value)
    builders.campaign(scene.territory, scene.actions)
    with pytest.raises(ValidationError, match="existe déjà"):
        builders.campaign(scene.territory, scene.actions)


def test_campaign_opened_and_edited_through_the_pages(scene, client_for):  # type: ignore[no-untyped-def]
    client = client_for(scene.coordinator)
    url = reverse("evaluation:campaign_create", args=[scene.territory.slug])
    bad = client.post(url, builders.campaign_form_data(2025, questions=""))
    assert bad.status_code == 400
    assert not Campaign.objects.exists()
    response = client.post(url, builders.campaign_form_data(2025))
    assert response.status_code == 302
    camp = Campaign.objects.get()
    assert [q["label"] for q in camp.questions] == ["Pertinence", "Impact"]
    assert camp.actions.count() == 3  # nothing ticked: the fiches of the year
    edit = reverse("evaluation:campaign_edit", args=[scene.territory.slug, 2025])
    data = builders.campaign_form_data(2025, late_policy="refuse")
    del data["year"]
    data["actions"] = [str(scene.actions[0].pk)]
    assert client.post(edit, data).status_code == 302
    camp.refresh_from_db()
    assert camp.late_policy == "refuse"
    assert list(camp.actions.all()) == [scene.actions[0]]
    assert Bilan.objects.filter(campaign=camp).count() == 1


def test_only_the_pilots_write_and_the_partners_comment(scene, client_for):  # type: ignore[no-untyped-def]
    camp = builders.campaign(scene.territory, scene.actions)
    bilan = builders.bilan_of(camp, scene.actions[0])
    edit = reverse("evaluation:bilan_edit", args=[scene.territory.slug, bilan.pk])
    for user in (scene.centre_user, scene.coordinator):
        assert client_for(user).post(edit, builders.form_data()).status_code == 403
    # The Ville neither pilots nor partners the fiche: the bilan is not even visible.
    assert client_for(scene.ville_user).post(edit, builders.form_data()).status_code == 404
    assert not BilanVersion.objects.exists()
    caf = client_for(scene.caf_user)
    page = caf.get(edit)
    # Pre-filled from the programme: the year's last measurement against its target.
    assert "35" in page.content.decode() and "50" in page.content.decode()
    assert caf.post(edit, builders.form_data()).status_code == 302
    bilan.refresh_from_db()
    assert bilan.state == Bilan.State.DRAFT and bilan.version == 1
    assert bilan.indicators[0]["value"] == "35" and bilan.indicators[0]["target"] == "50"
    assert bilan.means[0]["planned"] == "12000"
    assert bilan.answers == {"pertinence": "Oui, la demande est forte."}
    comment = reverse("evaluation:bilan_comment", args=[scene.territory.slug, bilan.pk])
    assert client_for(scene.caf_user).post(comment, {"text": "Bien."}).status_code == 403
    centre = client_for(scene.centre_user)
    empty = centre.post(comment, {"text": ""})
    assert empty.status_code == 400 and "cosignez" in empty.content.decode()
    assert centre.post(comment, {"text": "Nous confirmons.", "cosigned": "on"}).status_code == 302
    assert bilan.comments.get().cosigned
    with pytest.raises(ValidationError, match="pas partenaire"):
        services.comment_bilan(actor=None, bilan=bilan, organisation=scene.ville, text="x")


def test_versions_and_their_diff(scene, client_for):  # type: ignore[no-untyped-def]
    camp = builders.campaign(scene.territory, scene.actions)
    bilan = builders.bilan_of(camp, scene.actions[0])
    builders.written(bilan, achievements="Douze ateliers tenus.")
    builders.written(bilan, achievements="Quinze ateliers tenus au centre.")
    assert list(bilan.versions.values_list("number", flat=True)) == [1, 2]
    url = reverse("evaluation:bilan_diff", args=[scene.territory.slug, bilan.pk])
    html = client_for(scene.caf_user).get(url + "?de=1&a=2").content.decode()
    assert "<del>" in html and "Douze" in html and "<ins>" in html and "Quinze" in html
    assert "supprimé :" in html and "ajouté :" in html
    assert client_for(scene.caf_user).get(url + "?de=1&a=9").status_code == 404
    assert client_for(scene.caf_user).get(url + "?de=x&a=2").status_code == 404


def test_submit_validate_and_return(scene, client_for):  # type: ignore[no-untyped-def]
    camp = builders.campaign(scene.territory, scene.actions)
    bilan = builders.bilan_of(camp, scene.actions[0])
    builders.written(bilan, follow_up="", rating=None)
    with pytest.raises(ValidationError, match="la suite proposée"):
        services.submit_bilan(actor=None, bilan=bilan)
    builders.written(bilan)
    services.submit_bilan(actor=None, bilan=bilan)
    assert bilan.state == Bilan.State.SUBMITTED and not bilan.submitted_late
    with pytest.raises(ValidationError, match="ne se modifie plus"):
        builders.written(bilan)
    with pytest.raises(ValidationError):
        services.return_bilan(actor=None, bilan=bilan, reason=" ")
    coordinator = client_for(scene.coordinator)
    back = reverse("evaluation:bilan_return", args=[scene.territory.slug, bilan.pk])
    assert coordinator.post(back, {"reason": ""}).status_code == 400
    assert coordinator.post(back, {"reason": "Ajoutez les publics."}).status_code == 302
    bilan.refresh_from_db()
    assert bilan.state == Bilan.State.RETURNED
    builders.written(bilan)
    services.submit_bilan(actor=None, bilan=bilan)
    ok = reverse("evaluation:bilan_validate", args=[scene.territory.slug, bilan.pk])
    assert coordinator.post(ok).status_code == 302
    bilan.refresh_from_db()
    assert bilan.state == Bilan.State.VALIDATED


def test_a_late_bilan_is_refused_or_flagged_as_the_campaign_says(scene, client_for):  # type: ignore[no-untyped-def]
    due = datetime.date(2026, 1, 31)
    refusing = builders.campaign(
        scene.territory,
        scene.actions,
        bilans_due_on=due,
        questionnaire_due_on=due,
        late_policy=Campaign.LatePolicy.REFUSE,
    )
    bilan = builders.bilan_of(refusing, scene.actions[0])
    with frozen(datetime.date(2026, 1, 20)):
        builders.written(bilan)
    with frozen(datetime.date(2026, 2, 2)):
        url = reverse("evaluation:bilan_submit", args=[scene.territory.slug, bilan.pk])
        before = AuditEntry.objects.count()
        response = client_for(scene.caf_user).post(url, follow=True)
        assert (
            "date limite de remise des bilans (31/01/2026) est passée" in response.content.decode()
        )
        assert AuditEntry.objects.count() == before
    bilan.refresh_from_db()
    assert bilan.state == Bilan.State.DRAFT
    services.update_campaign(actor=None, campaign=refusing, late_policy=Campaign.LatePolicy.FLAG)
    bilan.refresh_from_db()
    with frozen(datetime.date(2026, 2, 2)):
        services.submit_bilan(actor=None, bilan=bilan)
    assert bilan.state == Bilan.State.SUBMITTED and bilan.submitted_late


def test_progress_by_axis_and_pilot_in_constant_queries(scene, client_for):  # type: ignore[no-untyped-def]
    camp = builders.campaign(scene.territory, scene.actions)
    builders.written(builders.bilan_of(camp, scene.actions[0]))
    builders.submitted(builders.bilan_of(camp, scene.actions[1]))
    from maillage.evaluation import selectors

    progress = selectors.progress(camp)
    assert (progress.total.expected, progress.total.drafted, progress.total.submitted) == (3, 1, 1)
    caf = next(r for r in progress.by_pilot if r.label.startswith("CAF"))
    assert (caf.expected, caf.drafted, caf.submitted, caf.validated) == (2, 1, 1, 0)
    url = reverse("evaluation:campaign", args=[scene.territory.slug, 2025])
    client = client_for(scene.coordinator)
    counter = iter(range(100, 1000))

    def grow(times: int) -> None:
        for _ in range(times * 3):
            action = builders.fiche(
                scene.territory,
                f"2.1.{next(counter)}",
                pilot=scene.ville,
                with_indicator=False,
            )
            camp.actions.add(action)
            Bilan.objects.create(campaign=camp, action=action, state=Bilan.State.DRAFT)

    assert_constant_queries(client, url, grow, factor=3)
    assert "Par organisation pilote" in client.get(url).content.decode()


def test_the_bilans_list_is_paged(scene, client_for):  # type: ignore[no-untyped-def]
    from maillage.evaluation.views.campaigns import BILANS_PER_PAGE

    camp = builders.campaign(scene.territory, scene.actions)
    for n in range(BILANS_PER_PAGE + 5):
        action = builders.fiche(
            scene.territory, f"2.1.{100 + n}", pilot=scene.ville, with_indicator=False
        )
        camp.actions.add(action)
        Bilan.objects.create(campaign=camp, action=action, state=Bilan.State.DRAFT)
    url = reverse("evaluation:campaign_bilans", args=[scene.territory.slug, 2025])
    client = client_for(scene.coordinator)
    first = client.get(url).context["page_obj"]
    assert BILANS_PER_PAGE == 25
    assert len(first.object_list) == BILANS_PER_PAGE
    total = first.paginator.count
    assert total > BILANS_PER_PAGE + 4
    second = client.get(url + "?page=2").context["page_obj"]
    assert len(second.object_list) == total - BILANS_PER_PAGE
    shown = {bilan.pk for bilan in first.object_list} | {bilan.pk for bilan in second.object_list}
    assert len(shown) == total

"""The programme's pages: filters, sorting, pagination, forms (with and without htmx), the
import pages, PDFs and who sees what."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from maillage.core import slots
from maillage.core.roles import Visibility
from maillage.programme import services
from maillage.programme.models import Action, ImportBatch, Measurement
from tests.factories import GeoUnitFactory, OrganisationFactory
from tests.programme import factories
from tests.programme.support import upload_changed_actions

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _list(client, scene, query=""):  # type: ignore[no-untyped-def]
    response = client.get(reverse("programme:actions", args=[scene["territory"].slug]) + query)
    assert response.status_code == 200
    return [a.code for a in response.context["page"].object_list]


def test_list_filters(scene, client_for):
    territory = scene["territory"]
    place = GeoUnitFactory(territory=territory, code="HAUT", name="Haut-Clichy")
    services.update_action(
        actor=None, action=scene["garderie"], places=[place], publics=["familles"]
    )
    services.add_partner(actor=None, action=scene["clause"], organisation=scene["centre"])
    other_axis = factories.objective(territory, "3.1", axis_number=3)
    factories.action(territory, "3.1.1", title="Réseau parentalité", objective=other_axis)
    client = client_for(scene["coordinator"])
    assert _list(client, scene) == ["2.1.1", "2.2.1", "3.1.1"]
    assert _list(client, scene, f"?axis={other_axis.axis.pk}") == ["3.1.1"]
    assert _list(client, scene, f"?objective={other_axis.pk}") == ["3.1.1"]
    assert _list(client, scene, "?status=construction") == ["2.2.1"]
    assert _list(client, scene, f"?pilot={scene['caf'].pk}") == ["2.1.1"]
    assert _list(client, scene, f"?partner={scene['centre'].pk}") == ["2.1.1"]
    assert _list(client, scene, "?public=familles") == ["2.2.1"]
    assert _list(client, scene, f"?place={place.pk}") == ["2.2.1"]
    assert _list(client, scene, "?q=EPHEMERE") == ["2.2.1"]
    assert _list(client, scene, "?q=reseau parentalite") == ["3.1.1"]
    assert _list(client, scene, "?sort=-code") == ["3.1.1", "2.2.1", "2.1.1"]
    assert _list(client, scene, "?sort=-progress")[0] == "2.2.1"
    # A bad filter value is ignored, never a 500.
    assert _list(client, scene, "?axis=999999&sort=nope") == ["2.1.1", "2.2.1", "3.1.1"]


def test_list_filter_choices_are_read_once_until_the_next_write(scene, client_for):
    """The filters' axes, objectives, organisations and places are the same for every
    reader: read once, then again after a write (a new axis shows at once)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("programme:actions", args=[scene["territory"].slug])
    client = client_for(scene["coordinator"])
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as again:
        page = client.get(url).content.decode()
    sql = [q["sql"] for q in again.captured_queries]
    assert not [q for q in sql if 'FROM "territories_geounit"' in q]
    assert not [q for q in sql if 'FROM "programme_axis"' in q and "programme_action" not in q]
    assert "Tous les axes" in page
    factories.objective(scene["territory"], "7.1", axis_number=7)
    after = client.get(url).content.decode()
    assert ">Axe 7 : " in after and "Axe 7 — 7.1 " in after


def test_list_paginates_and_answers_htmx_with_the_results_only(scene, client_for):
    for number in range(30):
        factories.action(scene["territory"], f"9.{number}")
    client = client_for(scene["coordinator"])
    url = reverse("programme:actions", args=[scene["territory"].slug])
    page = client.get(url + "?page=2")
    assert page.context["page"].number == 2
    assert len(page.context["page"].object_list) == 7
    partial = client.get(url + "?q=9", **HTMX)
    assert b"<html" not in partial.content
    assert b"Fiches actions" in partial.content


def test_the_public_sees_public_actions_only(scene, client_for):
    services.update_action(actor=None, action=scene["garderie"], visibility=Visibility.PUBLIC)
    anonymous = client_for(None)
    assert _list(anonymous, scene) == ["2.2.1"]
    assert anonymous.get(scene["clause"].get_absolute_url()).status_code == 404
    page = anonymous.get(scene["garderie"].get_absolute_url())
    assert page.status_code == 200
    assert "Modifier la fiche" not in page.content.decode()
    assert "Personnes référentes" not in page.content.decode()
    export = anonymous.get(reverse("programme:export_actions", args=["clichy"]))
    assert "2.1.1" not in export.content.decode("utf-8-sig")
    overview = anonymous.get(reverse("programme:overview", args=["clichy"]))
    assert overview.context["totals"] == {"construction": 1}


def test_action_page_shows_the_fiche_and_its_slot(scene, client_for):
    factories.full_action(scene["territory"], scene["caf"], code="4.1.1", pilots=[scene["centre"]])
    action = Action.objects.get(code="4.1.1")

    def panel(request, obj):  # type: ignore[no-untyped-def]
        return f'<section id="decisions">Décisions sur {obj.code}</section>'

    slots.register("action_detail", panel)
    try:
        page = client_for(scene["outsider"]).get(action.get_absolute_url())
    finally:
        slots._SLOTS["action_detail"] = [
            pair for pair in slots._SLOTS["action_detail"] if pair[1] is not panel
        ]
    html = page.content.decode()
    assert "Décisions sur 4.1.1" in html
    for text in ("Lancement", "Première réunion", "compte-rendu.pdf", "12\u202f000 €", "Accueil"):
        assert text in html
    assert 'role="img"' in html
    assert "Modifier la fiche" not in html  # the CAF is a partner, not a pilot


def test_overview_renders_its_slot(scene, client_for):
    def panel(request, territory):  # type: ignore[no-untyped-def]
        return f"<p>Indicateurs de {territory.name}</p>"

    slots.register("programme_overview", panel)
    try:
        page = client_for(None).get(reverse("programme:overview", args=["clichy"]))
    finally:
        slots._SLOTS["programme_overview"] = [
            pair for pair in slots._SLOTS["programme_overview"] if pair[1] is not panel
        ]
    assert "Indicateurs de Clichy-sous-Bois" in page.content.decode()


def test_measurement_inline_with_htmx(scene, client_for):
    action, indicator = scene["garderie"], scene["indicator"]
    client = client_for(scene["pilot"])
    url = reverse("programme:measurement_add", args=["clichy", action.pk, indicator.pk])
    bad = client.post(url, {"measured_on": "2024-12-31", "value": "abc"}, **HTMX)
    assert bad.status_code == 400
    assert "« abc » n’est pas un nombre." in bad.content.decode()
    assert b"<html" not in bad.content
    good = client.post(url, {"measured_on": "2024-12-31", "value": "1 234,5"}, **HTMX)
    assert good.status_code == 200
    assert 'data-points="2"' in good.content.decode()
    assert Measurement.objects.filter(indicator=indicator, value=Decimal("1234.5")).exists()
    # Without JavaScript: an error page with the form, or a redirect to the fiche.
    again = client.post(url, {"measured_on": "2024-12-31", "value": "3"})
    assert again.status_code == 400
    assert "Une mesure existe déjà à cette date" in again.content.decode()
    done = client.post(url, {"measured_on": "2022-12-31", "value": "3"})
    assert done.status_code == 302
    assert done["Location"].endswith(f"#indicator-{indicator.pk}")


def test_partners_milestones_means_and_journal_inline(scene, client_for):
    action = scene["garderie"]
    client = client_for(scene["pilot"])

    def post(name, data, **extra):  # type: ignore[no-untyped-def]
        return client.post(reverse(f"programme:{name}", args=["clichy", action.pk]), data, **extra)

    assert (
        post(
            "partner_add", {"organisation": scene["caf"].pk, "role": "Financement"}, **HTMX
        ).status_code
        == 200
    )
    assert post("partner_add", {"organisation": scene["centre"].pk}, **HTMX).status_code == 400
    assert post("milestone_add", {"title": "Bilan"}, **HTMX).status_code == 400
    response = post("milestone_add", {"title": "Bilan", "planned_on": "2027-06-30"}, **HTMX)
    assert "30/06/2027" in response.content.decode()
    assert post("means_add", {"kind": "budget", "year": "2025"}, **HTMX).status_code == 400
    assert (
        post(
            "means_add",
            {"kind": "budget", "organisation": scene["caf"].pk, "year": "2025", "amount": "40 000"},
            **HTMX,
        ).status_code
        == 200
    )
    assert action.means.get().amount == Decimal("40000")
    response = post("journal_add", {"text": "Réunion", "files": [factories.pdf_upload()]})
    assert response.status_code == 302
    attachment = action.journal.get().attachments.get()
    download = client.get(
        reverse("programme:attachment", args=["clichy", action.pk, attachment.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    milestone = action.milestones.get()
    done = client.post(
        reverse("programme:milestone_update", args=["clichy", action.pk, milestone.pk]),
        {"mark_done": "1"},
        **HTMX,
    )
    assert done.status_code == 200
    milestone.refresh_from_db()
    assert milestone.done_on is not None


def test_the_journal_is_paged_on_the_action_page(scene, client_for):
    """A fiche followed for years writes hundreds of entries: its page lists the latest
    ten, the older ones a page further (``?journal=2#journal``), and writing an entry
    through htmx answers with the first page, the new entry on top."""
    from maillage.programme.views.actions import JOURNAL_PER_PAGE

    action = scene["garderie"]
    start = datetime.date(2024, 1, 1)
    for n in range(JOURNAL_PER_PAGE + 2):
        services.add_journal_entry(
            actor=None,
            action=action,
            text=f"Compte rendu {n:02d}",
            happened_on=start + datetime.timedelta(days=n),
        )
    client = client_for(scene["coordinator"])
    url = action.get_absolute_url()
    first = client.get(url).content.decode()
    assert "Compte rendu 11" in first and "Compte rendu 02" in first
    assert "Compte rendu 01" not in first and "Compte rendu 00" not in first
    assert "?journal=2#journal" in first
    second = client.get(url + "?journal=2").content.decode()
    assert "Compte rendu 01" in second and "Compte rendu 00" in second
    assert "Compte rendu 02" not in second
    # A page number past the end shows the last page, never a 404 or a 500.
    assert "Compte rendu 00" in client.get(url + "?journal=99").content.decode()
    added = client.post(
        reverse("programme:journal_add", args=["clichy", action.pk]),
        {"text": "Compte rendu récent", "happened_on": "2025-01-01"},
        **HTMX,
    ).content.decode()
    assert "Compte rendu récent" in added and "Compte rendu 00" not in added


def test_create_edit_and_status_forms(scene, client_for):
    client = client_for(scene["coordinator"])
    create = reverse("programme:action_create", args=["clichy"])
    bad = client.post(
        create,
        {
            "title": "Colocation",
            "status": "idea",
            "visibility": "partners",
            "starts_on": "2024-06-01",
            "ends_on": "2024-01-01",
        },
    )
    assert bad.status_code == 400
    assert "La fin ne peut pas précéder le début." in bad.content.decode()
    response = client.post(
        create,
        {
            "code": "1.2.2",
            "title": "Colocation intergénérationnelle",
            "status": "construction",
            "visibility": "public",
            "publics": ["jeunes", "seniors"],
            "pilots": [scene["centre"].pk],
            "referents": [scene["pilot"].pk],
        },
    )
    action = Action.objects.get(code="1.2.2")
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    assert [p.public for p in action.publics.all()] == ["jeunes", "seniors"]
    edit = reverse("programme:action_update", args=["clichy", action.pk])
    form = client.get(edit).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, [])}
    data.update(
        {
            "title": "Colocation entre générations",
            "publics": ["jeunes"],
            "pilots": [scene["centre"].pk],
            "referents": [scene["pilot"].pk],
            "code": "1.2.2",
        }
    )
    assert client.post(edit, data).status_code == 302
    action.refresh_from_db()
    assert action.title == "Colocation entre générations"
    status = reverse("programme:action_status", args=["clichy", action.pk])
    assert client.post(status, {"status": "ongoing", "reason": ""}).status_code == 400
    assert client.post(status, {"status": "ongoing", "reason": "Lancée"}).status_code == 302
    action.refresh_from_db()
    assert action.status == "ongoing"


def test_indicator_forms(scene, client_for):
    action = scene["garderie"]
    client = client_for(scene["pilot"])
    url = reverse("programme:indicator_create", args=["clichy", action.pk])
    this_year = datetime.date.today().year
    bad = client.post(
        url,
        {
            "name": "Heures",
            "unit": "h",
            "direction": "up",
            "baseline_value": "12",
            f"target_{this_year}": "x",
        },
    )
    assert bad.status_code == 400
    content = bad.content.decode()
    assert "Indiquez la date de la valeur de départ." in content
    assert "« x » n’est pas un nombre." in content
    ok = client.post(
        url,
        {"name": "Heures", "unit": "h", "direction": "up", f"target_{this_year + 1}": "1 500"},
    )
    assert ok.status_code == 302
    indicator = action.indicators.get(name="Heures")
    assert indicator.yearly_targets.get().value == Decimal("1500")
    edit = reverse("programme:indicator_update", args=["clichy", action.pk, indicator.pk])
    assert (
        client.post(
            edit,
            {
                "name": "Heures",
                "unit": "h",
                "direction": "down",
                "baseline_value": "100",
                "baseline_on": "2020-01-01",
                f"target_{this_year + 1}": "150",
            },
        ).status_code
        == 400
    )  # a target above the start while lower is better
    delete = reverse("programme:indicator_delete", args=["clichy", action.pk, indicator.pk])
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not action.indicators.filter(name="Heures").exists()


def test_axes_and_objectives_pages(scene, client_for):
    client = client_for(scene["coordinator"])
    assert (
        client.post(
            reverse("programme:axis_create", args=["clichy"]),
            {"number": "5", "short_name": "Santé", "title": "Santé", "colour": "#18753C"},
        ).status_code
        == 302
    )
    axis = scene["territory"].axes.get(number=5)
    assert (
        client.post(
            reverse("programme:axis_create", args=["clichy"]),
            {"number": "5", "short_name": "Doublon", "title": "Doublon", "colour": "#18753C"},
        ).status_code
        == 400
    )
    assert (
        client.post(
            reverse("programme:objective_create", args=["clichy"]),
            {"axis": axis.pk, "code": "5.1", "title": "Accès aux soins"},
        ).status_code
        == 302
    )
    objective = axis.objectives.get()
    refused = client.post(reverse("programme:axis_delete", args=["clichy", axis.pk]))
    assert refused.status_code == 400
    assert (
        client.post(
            reverse("programme:objective_delete", args=["clichy", objective.pk])
        ).status_code
        == 302
    )
    assert (
        client.post(reverse("programme:axis_delete", args=["clichy", axis.pk])).status_code == 302
    )


def test_import_pages(scene, client_for):
    client = client_for(scene["coordinator"])
    upload = reverse("programme:import", args=["clichy"])
    response = upload_changed_actions(client)
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("programme:import_preview", args=["clichy", batch.pk])
    preview = client.get(response["Location"])
    assert preview.context["report"].updated == 1
    # Someone else cannot see or apply this upload.
    assert client_for(scene["pilot"]).post(response["Location"]).status_code == 404
    assert client.post(response["Location"]).status_code == 302
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.DONE
    scene["garderie"].refresh_from_db()
    assert scene["garderie"].status == "ongoing"
    # A broken file: the errors, status 400, nothing kept.
    broken = io.BytesIO("Code;Intitulé\r\n9.9.9;Rien\r\n".encode("utf-8-sig"))
    broken.name = "actions.csv"
    refused = client.post(upload, {"kind": "actions", "file": broken})
    assert refused.status_code == 400
    assert "aucune fiche de code « 9.9.9 »" in refused.content.decode()
    assert ImportBatch.objects.count() == 1
    # A pilot may import measurements but not fiches.
    pilot_form = client_for(scene["pilot"]).get(upload).context["form"]
    assert [value for value, _label in pilot_form.fields["kind"].choices] == ["measurements"]


def test_pdfs(scene, client_for):
    client = client_for(scene["coordinator"])
    fiche = client.get(reverse("programme:action_pdf", args=["clichy", scene["garderie"].pk]))
    assert fiche["Content-Type"] == "application/pdf"
    assert fiche.content.startswith(b"%PDF")
    whole = client.get(reverse("programme:programme_pdf", args=["clichy"]))
    assert whole.content.startswith(b"%PDF")


def test_my_actions(scene, client_for):
    other = OrganisationFactory(name="Mission locale", partner_of=[scene["territory"]])
    factories.action(scene["territory"], "5.5.5", pilots=[other])
    services.add_partner(actor=None, action=scene["clause"], organisation=scene["centre"])
    page = client_for(scene["pilot"]).get(reverse("programme:my_actions", args=["clichy"]))
    assert [a.code for a in page.context["actions"]] == ["2.1.1", "2.2.1"]


def test_a_hard_resident_summary_is_held_until_confirmed(scene, client_for):
    from tests.core.test_plain_language import JARGON

    client = client_for(scene["coordinator"])
    create = reverse("programme:action_create", args=["clichy"])
    data = {
        "code": "1.2.3",
        "title": "Parentalité",
        "status": "idea",
        "visibility": "public",
        "summary": JARGON,
    }
    held = client.post(create, data)
    assert held.status_code == 400
    page = held.content.decode()
    assert "Le texte est difficile à lire pour certains habitants." in page
    assert "<strong>dispositif</strong>" in page and 'type="checkbox"' in page
    assert not Action.objects.filter(code="1.2.3").exists()
    checked = client.post(create, {**data, "verifier_lisibilite": "1"})
    assert checked.status_code == 200 and "Score de lisibilité" in checked.content.decode()
    assert not Action.objects.filter(code="1.2.3").exists()
    assert client.post(create, {**data, "publish_anyway": "on"}).status_code == 302
    action = Action.objects.get(code="1.2.3")
    assert action.summary == JARGON
    edit = reverse("programme:action_update", args=["clichy", action.pk])
    plain = "Des ateliers pour les parents, le mardi soir."
    edit_data = {k: v for k, v in data.items() if k != "status"}
    assert client.post(edit, {**edit_data, "summary": plain}).status_code == 302
    action.refresh_from_db()
    assert action.summary == plain


def test_the_axes_and_objectives_are_read_once_until_the_next_write(scene, client_for):
    """The programme's axes and objectives (the overview, the first screens' glance and
    the public home's axes) are the same for every reader: read once, then again after a
    write — a new objective shows at once, with its axis."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("programme:overview", args=[scene["territory"].slug])
    coordinator, anonymous = client_for(scene["coordinator"]), client_for(None)
    assert coordinator.get(url).status_code == 200
    for client in (coordinator, anonymous):
        with CaptureQueriesContext(connection) as again:
            assert client.get(url).status_code == 200
        sql = [q["sql"] for q in again.captured_queries]
        assert not [q for q in sql if q.startswith('SELECT "programme_axis"."id"')]
        assert not [q for q in sql if q.startswith('SELECT "programme_objective"."id"')]
    factories.objective(scene["territory"], "7.1", axis_number=7)
    after = coordinator.get(url).content.decode()
    assert "Axe 7" in after and "7.1" in after

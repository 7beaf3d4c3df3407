"""Signals: reporting through the gate, corroboration, triage, merge, orientation with the
target capability's rights, « suite donnée », the read log and the retention sweep."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import AuditEntry
from maillage.core.roles import Role
from maillage.governance.models import AgendaItem, Body, BodyMembership
from maillage.programme.models import Action
from maillage.watch import selectors, services
from maillage.watch.models import ERASED, Corroboration, Orientation, Signal, StatusChange
from tests.factories import GeoUnitFactory, OrganisationFactory, member
from tests.watch import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell(world):  # type: ignore[no-untyped-def]
    return builders.cell(world.territory, members=[world.org_member])


def _form(world, **changes):  # type: ignore[no-untyped-def]
    data = {
        "title": "Parents sans mode de garde en horaires décalés",
        "description": "Des parents qui reprennent un emploi tôt le matin ne trouvent "
        "aucun mode de garde avant 7 h.",
        "thematique": "famille--garde-denfants",
        "publics": ["familles"],
        "observed_since": "2024-09-01",
        "trend": "recurring",
        "situations_count": "8",
        "organisation": world.org_other.pk,
        "audience": "cell",
    }
    data.update(changes)
    return data


# --------------------------------------------------------------------------- reporting


def test_a_partner_reports_a_signal_from_the_page(world, client_for, cell):
    client = client_for(world.users["partner"])
    url = reverse("watch:signal_create", args=[world.territory.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(world))
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert response["Location"] == signal.get_absolute_url()
    assert signal.organisation == world.org_other
    assert signal.author == world.users["partner"]
    assert signal.status == Signal.Status.NEW
    assert signal.publics == ["familles"]
    assert AuditEntry.objects.filter(action="signal.create", object_id=str(signal.pk)).exists()


def test_the_gate_stops_a_phone_number_and_highlights_it(world, client_for, cell):
    client = client_for(world.users["partner"])
    url = reverse("watch:signal_create", args=[world.territory.slug])
    text = "Une mère rencontrée à la PMI, joignable au 06 12 34 56 78, n’a aucune solution."
    response = client.post(url, _form(world, description=text))
    assert response.status_code == 400
    page = response.content.decode()
    assert "<mark>06 12 34 56 78</mark>" in page
    assert "Rien n’est enregistré" in page
    assert not Signal.objects.exists()
    assert not AuditEntry.objects.filter(action="signal.create").exists()


def test_child_in_danger_wording_shows_the_legal_route_and_stores_nothing(world, client_for, cell):
    client = client_for(world.users["partner"])
    response = client.post(
        reverse("watch:signal_create", args=[world.territory.slug]),
        _form(world, description="Nous craignons de la maltraitance dans une famille suivie."),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "119" in page and "CRIP" in page
    assert not Signal.objects.exists()


def test_the_service_refuses_personal_data_in_every_free_text_field(world, cell):
    with pytest.raises(ValidationError) as refused:
        builders.signal(
            world.territory,
            author=world.users["partner"],
            organisation=world.org_other,
            title="Situation de Mme Martin",
        )
    assert "title" in refused.value.message_dict
    signal = builders.signal(
        world.territory, author=world.users["partner"], organisation=world.org_other
    )
    with pytest.raises(ValidationError) as refused:
        services.corroborate(
            actor=world.users["member"],
            signal=signal,
            organisation=world.org_member,
            situations_count=2,
            note="Écrire à famille.exemple@courriel.test",
        )
    assert "note" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.orient(
            actor=world.users["coordinator"],
            signal=signal,
            kind=Orientation.Kind.BACKLOG,
            body=cell,
            note="Voir le dossier de M. Dupont",
        )
    assert not Corroboration.objects.exists() and not Orientation.objects.exists()


def test_a_person_reports_only_for_their_own_organisation(world, cell):
    with pytest.raises(ValidationError) as refused:
        builders.signal(
            world.territory, author=world.users["partner"], organisation=world.org_member
        )
    assert "organisation" in refused.value.message_dict


def test_bad_values_get_french_messages(world, client_for, cell):
    client = client_for(world.users["partner"])
    response = client.post(
        reverse("watch:signal_create", args=[world.territory.slug]),
        _form(
            world, thematique="n-importe-quoi", situations_count="0", observed_since="2999-01-01"
        ),
    )
    assert response.status_code == 400
    assert not Signal.objects.exists()
    foreign_place = GeoUnitFactory(territory=world.foreign)
    with pytest.raises(ValidationError) as refused:
        builders.signal(
            world.territory,
            author=world.users["partner"],
            organisation=world.org_other,
            place=foreign_place,
        )
    assert "place" in refused.value.message_dict


# --------------------------------------------------------------------------- similar


def test_similar_open_signals_are_proposed_while_typing(world, client_for, cell):
    signal = builders.signal(
        world.territory,
        author=world.users["departement"],
        organisation=world.org_dept,
        title="Accidents domestiques répétés chez les jeunes enfants",
        audience=Signal.Audience.PARTNERS,
    )
    hidden = builders.signal(
        world.territory,
        author=world.users["departement"],
        organisation=world.org_dept,
        title="Accidents domestiques dans les logements suroccupés",
        audience=Signal.Audience.CELL,
    )
    response = client_for(world.users["partner"]).get(
        reverse("watch:similar", args=[world.territory.slug]),
        {"title": "accidents domestiques", "description": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert signal.title in page and "Nous l’observons aussi" in page
    assert hidden.title not in page  # a cellule-only signal of another organisation
    found = selectors.similar(world.users["coordinator"], world.territory, "accident domestique")
    assert {s.pk for s in found} == {signal.pk, hidden.pk}


# --------------------------------------------------------------------------- corroboration


def test_corroboration_counts_organisations_and_is_once_per_organisation(world, cell):
    signal = builders.signal(
        world.territory,
        author=world.users["departement"],
        organisation=world.org_dept,
        audience=Signal.Audience.PARTNERS,
    )
    services.corroborate(
        actor=world.users["partner"],
        signal=signal,
        organisation=world.org_other,
        situations_count=3,
        note="Nous l’observons aussi au centre social.",
    )
    signal.refresh_from_db()
    assert signal.corroborating_orgs == 1 and signal.corroboration_count == 1
    with pytest.raises(ValidationError):
        services.corroborate(
            actor=world.users["elected"],
            signal=signal,
            organisation=world.org_other,
            situations_count=3,
        )
    with pytest.raises(ValidationError):
        services.corroborate(
            actor=world.users["departement"],
            signal=signal,
            organisation=world.org_dept,
            situations_count=3,
        )
    assert Corroboration.objects.count() == 1


# --------------------------------------------------------------------------- triage


def test_triage_steps_need_a_fitting_coded_reason(world, cell):
    signal = builders.signal(
        world.territory, author=world.users["partner"], organisation=world.org_other
    )
    member = world.users["member"]
    with pytest.raises(ValidationError):
        services.change_status(actor=member, signal=signal, status="qualifying", reason="duplicate")
    with pytest.raises(ValidationError):
        services.change_status(actor=member, signal=signal, status="oriented", reason="oriented")
    services.change_status(actor=member, signal=signal, status="qualifying", reason="to_qualify")
    services.mark_unconfirmed(actor=member, signal=signal)
    signal.refresh_from_db()
    assert signal.status == "closed" and signal.reason == "unconfirmed"
    assert signal.closed_at is not None
    assert list(signal.changes.values_list("to_status", "reason")) == [
        ("qualifying", "to_qualify"),
        ("closed", "unconfirmed"),
    ]


def test_merging_keeps_every_corroboration(world, cell):
    kept = builders.signal(
        world.territory,
        author=world.users["departement"],
        organisation=world.org_dept,
        audience=Signal.Audience.PARTNERS,
    )
    duplicate = builders.signal(
        world.territory,
        author=world.users["partner"],
        organisation=world.org_other,
        title="Retards de motricité des tout-petits",
    )
    services.corroborate(
        actor=world.users["member"],
        signal=duplicate,
        organisation=world.org_member,
        situations_count=5,
    )
    services.merge(actor=world.users["coordinator"], duplicate=duplicate, into=kept)
    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.status == "closed" and duplicate.reason == "duplicate"
    assert duplicate.merged_into == kept
    assert set(kept.corroborations.values_list("organisation", flat=True)) == {
        world.org_member.pk,
        world.org_other.pk,
    }
    assert kept.corroborating_orgs == 2
    with pytest.raises(ValidationError):
        services.merge(actor=world.users["coordinator"], duplicate=kept, into=kept)


# --------------------------------------------------------------------------- orientation


def _reported(world):  # type: ignore[no-untyped-def]
    signal = builders.signal(
        world.territory,
        author=world.users["departement"],
        organisation=world.org_dept,
        audience=Signal.Audience.CELL,
    )
    services.corroborate(
        actor=world.users["partner"],
        signal=signal,
        organisation=world.org_other,
        situations_count=4,
    )
    return signal


def test_orienting_to_a_backlog_adds_the_item_and_notifies(
    world, cell, django_capture_on_commit_callbacks
):
    committee = Body.objects.create(
        territory=world.territory, kind=Body.Kind.TECHNICAL, name="Comité technique Habitat"
    )
    BodyMembership.objects.create(
        body=committee, organisation=world.org_member, started_on=datetime.date(2020, 1, 1)
    )
    signal = _reported(world)
    with django_capture_on_commit_callbacks(execute=True):
        orientation = services.orient(
            actor=world.users["member"],
            signal=signal,
            kind=Orientation.Kind.BACKLOG,
            body=committee,
        )
    assert orientation.state == Orientation.State.DONE
    item = AgendaItem.objects.get(body=committee)
    assert orientation.agenda_item == item and item.meeting is None
    assert item.title == signal.title
    signal.refresh_from_db()
    assert signal.status == Signal.Status.ORIENTED
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([world.users["departement"].email, world.users["partner"].email])
    assert signal.description not in mail.outbox[0].body


def test_a_working_group_invites_the_corroborating_organisations(world, cell):
    signal = _reported(world)
    orientation = services.orient(
        actor=world.users["coordinator"],
        signal=signal,
        kind=Orientation.Kind.WORKING_GROUP,
        title="Groupe de travail petite enfance",
    )
    group = orientation.body
    assert group is not None and group.kind == Body.Kind.WORKING_GROUP
    assert set(group.memberships.values_list("organisation", flat=True)) == {
        world.org_dept.pk,
        world.org_other.pk,
    }


def test_without_programme_rights_a_draft_action_is_a_proposal_a_coordinator_confirms(
    world, client_for, cell
):
    signal = _reported(world)
    proposal = services.orient(
        actor=world.users["member"],
        signal=signal,
        kind=Orientation.Kind.ACTION,
        title="Parcours de prévention précoce",
    )
    assert proposal.state == Orientation.State.PROPOSED
    assert not Action.objects.exists()
    signal.refresh_from_db()
    assert signal.status == Signal.Status.NEW
    response = client_for(world.users["coordinator"]).post(
        reverse("watch:decide", args=[world.territory.slug, proposal.pk]),
        {"decision": "accept"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    action = Action.objects.get()
    assert proposal.state == Orientation.State.DONE and proposal.action == action
    assert action.status == Action.Status.IDEA and action.title == "Parcours de prévention précoce"
    assert proposal.decided_by == world.users["coordinator"]
    assert action.watch_orientations.get() == proposal
    # The fiche links back to the signal, for whoever may read the signal.
    page = client_for(world.users["coordinator"]).get(action.get_absolute_url()).content.decode()
    assert "Issue de la veille territoriale" in page and signal.title in page
    other = OrganisationFactory(name="Association de quartier", partner_of=[world.territory])
    reader = member(world.territory, Role.PARTNER, other, email="lecteur@essai.test")
    outsider = client_for(reader).get(action.get_absolute_url())
    assert outsider.status_code == 200 and signal.title not in outsider.content.decode()


def test_the_reporter_sees_suite_donnee(world, client_for, cell):
    signal = _reported(world)
    services.orient(
        actor=world.users["coordinator"],
        signal=signal,
        kind=Orientation.Kind.BACKLOG,
        body=cell,
        title="Point sur les retards de développement",
    )
    for actor in ("departement", "partner"):
        page = client_for(world.users[actor]).get(signal.get_absolute_url()).content.decode()
        assert "Suite donnée" in page
    mine = client_for(world.users["partner"]).get(
        reverse("watch:mine", args=[world.territory.slug])
    )
    assert "Suite donnée" in mine.content.decode()


def test_every_read_is_logged(world, client_for, cell):
    signal = _reported(world)
    client = client_for(world.users["member"])
    client.get(signal.get_absolute_url())
    client.get(signal.get_absolute_url())
    reads = AuditEntry.objects.filter(action="signal.read", object_id=str(signal.pk))
    assert reads.count() == 2 and reads.first().actor == world.users["member"]


def test_the_inbox_puts_what_waited_longest_first(world, client_for, cell):
    old = builders.signal(
        world.territory, author=world.users["partner"], organisation=world.org_other
    )
    Signal.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    new = builders.signal(
        world.territory,
        author=world.users["partner"],
        organisation=world.org_other,
        title="Hausse des impayés de loyer",
    )
    listed = list(selectors.inbox(world.users["member"], world.territory))
    assert [s.pk for s in listed] == [old.pk, new.pk]
    response = client_for(world.users["member"]).get(
        reverse("watch:inbox", args=[world.territory.slug])
    )
    assert response.status_code == 200
    assert response.content.decode().index(old.title) < response.content.decode().index(new.title)


def test_list_filters(world, client_for, cell):
    place = GeoUnitFactory(territory=world.territory, kind="iris", code="930140101")
    housing = builders.signal(
        world.territory,
        author=world.users["partner"],
        organisation=world.org_other,
        title="Hausse des impayés de loyer",
        thematique="logement-hebergement--reduire-les-impayes-de-loyer",
        place=place,
    )
    builders.signal(world.territory, author=world.users["partner"], organisation=world.org_other)
    user = world.users["coordinator"]
    for filters in (
        selectors.Filters(thematique="logement-hebergement"),
        selectors.Filters(place=place.pk),
        selectors.Filters(q="impayés"),
    ):
        assert [s.pk for s in selectors.filtered(user, world.territory, filters)] == [housing.pk]
    assert (
        selectors.filtered(user, world.territory, selectors.Filters(status="closed")).count() == 0
    )
    response = client_for(user).get(
        reverse("watch:signals", args=[world.territory.slug]),
        {"thematique": "logement-hebergement"},
    )
    assert response.status_code == 200 and housing.title in response.content.decode()
    export = client_for(user).get(reverse("watch:signals_export_csv", args=[world.territory.slug]))
    assert export.status_code == 200
    assert "Hausse des impayés de loyer" in b"".join(export.streaming_content).decode("utf-8-sig")


# --------------------------------------------------------------------------- retention


def test_the_retention_sweep_erases_free_text_after_the_territory_period(world, cell):
    """Frozen clock: signals closed on a fixed day, the sweep run on fixed later days."""
    closed_on = datetime.datetime(2024, 1, 10, 9, 0, tzinfo=datetime.UTC)
    handled = builders.signal(
        world.territory, author=world.users["partner"], organisation=world.org_other
    )
    unconfirmed = builders.signal(
        world.territory,
        author=world.users["partner"],
        organisation=world.org_other,
        title="Rumeur de fermeture d’une crèche",
    )
    services.corroborate(
        actor=world.users["member"],
        signal=handled,
        organisation=world.org_member,
        situations_count=2,
        note="Observé aussi au centre social.",
    )
    with mock.patch("django.utils.timezone.now", return_value=closed_on):
        services.change_status(
            actor=world.users["member"], signal=handled, status="closed", reason="handled"
        )
        services.mark_unconfirmed(actor=world.users["member"], signal=unconfirmed)

    assert services.sweep(now=closed_on + datetime.timedelta(days=30)) == 0
    # Two months and a day later: the non-confirmed one goes, the handled one stays.
    assert services.sweep(now=datetime.datetime(2024, 3, 11, 9, 0, tzinfo=datetime.UTC)) == 1
    unconfirmed.refresh_from_db()
    handled.refresh_from_db()
    assert unconfirmed.title == ERASED and unconfirmed.description == ERASED
    assert unconfirmed.thematique and unconfirmed.situations_count  # coded fields kept
    assert handled.title != ERASED
    # The territory keeps closed signals 12 months instead of 24.
    services.update_settings(actor=None, territory=world.territory, closed_retention_months=12)
    assert services.sweep(now=datetime.datetime(2025, 1, 9, 9, 0, tzinfo=datetime.UTC)) == 0
    assert services.sweep(now=datetime.datetime(2025, 1, 11, 9, 0, tzinfo=datetime.UTC)) == 1
    handled.refresh_from_db()
    assert handled.title == ERASED and handled.erased_at is not None
    assert handled.corroborations.get().note == ERASED
    assert handled.status == "closed" and handled.reason == "handled"
    assert AuditEntry.objects.filter(action="signal.erase").count() == 2
    assert StatusChange.objects.filter(signal=handled).exists()


def test_the_sweep_task_runs_the_service(world, cell):
    from maillage.watch.tasks import sweep_retention

    signal = builders.signal(
        world.territory, author=world.users["partner"], organisation=world.org_other
    )
    services.mark_unconfirmed(actor=world.users["member"], signal=signal)
    later = (timezone.now() + datetime.timedelta(days=70)).isoformat()
    assert sweep_retention.call(now=later) == 1

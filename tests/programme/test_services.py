"""The programme's services: what they accept, what they refuse (in French), and what they
leave behind (versions, audit entries, recomputed progress)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from maillage.core.models import AuditEntry
from maillage.core.roles import Role, Visibility
from maillage.programme import services
from maillage.programme.models import Action, ActionVersion, Attachment, Indicator
from tests.factories import OrganisationFactory, TerritoryFactory, member
from tests.programme import factories

pytestmark = pytest.mark.django_db


def _messages(exc: ValidationError, field: str) -> list[str]:
    return [m for e in exc.error_dict[field] for m in e.messages]


@pytest.fixture
def territory():  # type: ignore[no-untyped-def]
    return TerritoryFactory(name="Clichy-sous-Bois", slug="clichy", insee_code="93014")


@pytest.fixture
def org(territory):  # type: ignore[no-untyped-def]
    return OrganisationFactory(name="Centre social", partner_of=[territory])


def test_create_action_writes_a_first_version_and_an_audit_entry(territory, org):
    action = factories.action(
        territory,
        "2.2.1",
        pilots=[org],
        publics=["familles"],
        on=datetime.date(2016, 1, 4),
    )
    version = action.versions.get()
    assert version.number == 1
    assert version.effective_on == datetime.date(2016, 1, 4)
    assert version.data["pilots"] == ["Centre social"]
    assert version.data["publics"] == ["Familles"]
    assert "title" in version.changed_fields
    assert AuditEntry.objects.filter(action="action.create", object_id=str(action.pk)).exists()


def test_create_action_gives_a_draft_code_when_none(territory):
    first = services.create_action(actor=None, territory=territory, title="Idée A")
    second = services.create_action(actor=None, territory=territory, title="Idée B")
    assert (first.code, second.code) == ("NOUV-1", "NOUV-2")


def test_create_action_refuses_bad_input_in_french(territory, org):
    factories.action(territory, "1.1.1")
    with pytest.raises(ValidationError) as exc:
        factories.action(territory, "1.1.1")
    assert _messages(exc.value, "code") == ["Une autre fiche porte déjà le code « 1.1.1 »."]
    with pytest.raises(ValidationError) as exc:
        factories.action(
            territory,
            "1.1.2",
            starts_on=datetime.date(2024, 6, 1),
            ends_on=datetime.date(2024, 1, 1),
        )
    assert _messages(exc.value, "ends_on") == ["La fin ne peut pas précéder le début."]
    stranger = OrganisationFactory(name="Association d’ailleurs")
    with pytest.raises(ValidationError) as exc:
        factories.action(territory, "1.1.3", pilots=[stranger])
    assert "Association d’ailleurs" in _messages(exc.value, "pilots")[0]
    with pytest.raises(ValidationError) as exc:
        factories.action(territory, "1.1.4", visibility=Visibility.RESTRICTED)
    assert "restricted_to" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        factories.action(territory, "1.1.5", publics=["martiens"])
    assert "martiens" in _messages(exc.value, "publics")[0]
    other = TerritoryFactory()
    with pytest.raises(ValidationError) as exc:
        factories.action(territory, "1.1.6", objective=factories.objective(other))
    assert "objective" in exc.value.error_dict
    # Nothing half-made stays behind.
    assert list(Action.objects.values_list("code", flat=True)) == ["1.1.1"]


def test_referents_are_professionals_of_the_territory(territory, org):
    professional = member(territory, Role.PARTNER, org)
    resident = member(territory, Role.RESIDENT)
    action = factories.action(territory, referents=[professional])
    assert list(action.referents.all()) == [professional]
    with pytest.raises(ValidationError) as exc:
        services.update_action(actor=None, action=action, referents=[resident])
    assert "referents" in exc.value.error_dict


def test_update_action_keeps_a_version_only_when_something_changed(territory, org):
    action = factories.action(territory, pilots=[org])
    services.update_action(actor=None, action=action, title=action.title)
    assert action.versions.count() == 1
    services.update_action(actor=None, action=action, summary="Un résumé", places=[])
    latest = action.versions.order_by("-number").first()
    assert latest.number == 2
    assert latest.changed_fields == ["summary"]
    entry = AuditEntry.objects.filter(action="action.update").latest("id")
    assert entry.changes == {"summary": [None, "Un résumé"]}


def test_change_status_needs_a_reason_and_a_past_date(territory):
    action = factories.action(territory)
    with pytest.raises(ValidationError) as exc:
        services.change_status(actor=None, action=action, status="ongoing", reason="  ")
    assert _messages(exc.value, "reason") == ["Indiquez le motif du changement d’état."]
    with pytest.raises(ValidationError):
        services.change_status(actor=None, action=action, status="idea", reason="Rien")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.change_status(
            actor=None, action=action, status="ongoing", reason="Plus tard", on=tomorrow
        )
    assert _messages(exc.value, "on") == ["La date ne peut pas être dans le futur."]
    change = services.change_status(
        actor=None,
        action=action,
        status="ongoing",
        reason="Lancement",
        on=datetime.date(2020, 5, 4),
    )
    assert (change.from_status, change.to_status) == ("idea", "ongoing")
    version = action.versions.order_by("-number").first()
    assert version.effective_on == datetime.date(2020, 5, 4)
    assert version.data["status"] == "En cours"
    assert version.note == "Lancement"


def test_partners_are_not_pilots_and_appear_once(territory, org):
    action = factories.action(territory, pilots=[org])
    other = OrganisationFactory(name="CAF", partner_of=[territory])
    with pytest.raises(ValidationError) as exc:
        services.add_partner(actor=None, action=action, organisation=org)
    assert _messages(exc.value, "organisation") == ["Cette organisation pilote déjà l’action."]
    link = services.add_partner(actor=None, action=action, organisation=other, role="Financement")
    with pytest.raises(ValidationError):
        services.add_partner(actor=None, action=action, organisation=other)
    with pytest.raises(ValidationError) as exc:
        services.update_action(actor=None, action=action, pilots=[org, other])
    assert "CAF" in _messages(exc.value, "pilots")[0]
    services.update_partner(actor=None, link=link, role="Financement et accueil")
    assert action.versions.order_by("-number").first().data["partners"] == [
        "CAF : Financement et accueil"
    ]
    services.remove_partner(actor=None, link=link)
    assert not action.partner_links.exists()


def test_means_lines_say_what_is_missing(territory, org):
    action = factories.action(territory)
    with pytest.raises(ValidationError) as exc:
        services.add_means(actor=None, action=action, kind="budget")
    assert set(exc.value.error_dict) == {"organisation", "year", "amount"}
    with pytest.raises(ValidationError) as exc:
        services.add_means(actor=None, action=action, kind="in_kind", organisation=org)
    assert "description" in exc.value.error_dict
    line = services.add_means(
        actor=None, action=action, kind="staff", organisation=org, year=2025, amount=Decimal("0.5")
    )
    assert str(line) == "Temps de travail 2025 Centre social 0,5 ETP"
    services.remove_means(actor=None, line=line)
    assert not action.means.exists()


def test_milestones(territory):
    action = factories.action(territory)
    with pytest.raises(ValidationError) as exc:
        services.add_milestone(actor=None, action=action, title="Sans date")
    assert "planned_on" in exc.value.error_dict
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.add_milestone(actor=None, action=action, title="Trop tôt", done_on=tomorrow)
    milestone = services.add_milestone(
        actor=None, action=action, title="Lancement", planned_on=datetime.date(2024, 1, 1)
    )
    assert milestone.is_late(timezone.localdate())
    services.update_milestone(actor=None, milestone=milestone, done_on=timezone.localdate())
    milestone.refresh_from_db()
    assert milestone.is_done and not milestone.is_late(timezone.localdate())
    assert "réalisé le" in action.versions.order_by("-number").first().data["milestones"][0]
    services.delete_milestone(actor=None, milestone=milestone)
    assert action.versions.order_by("-number").first().data["milestones"] == []


def test_journal_attachments_are_checked_then_stored(territory, settings):
    action = factories.action(territory)
    entry = services.add_journal_entry(
        actor=None, action=action, text="Comité technique", files=[factories.pdf_upload()]
    )
    attachment = entry.attachments.get()
    assert attachment.content_type == "application/pdf"
    with attachment.file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF")
    disguised = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.add_journal_entry(actor=None, action=action, text="x", files=[disguised])
    assert _messages(exc.value, "files") == [
        "« rapport.pdf » ne contient pas ce que son extension annonce."
    ]
    program = SimpleUploadedFile("outil.exe", b"MZ\x90\x00", "application/octet-stream")
    with pytest.raises(ValidationError) as exc:
        services.add_journal_entry(actor=None, action=action, text="x", files=[program])
    assert "n’est pas d’un type accepté" in _messages(exc.value, "files")[0]
    settings.PROGRAMME_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError) as exc:
        services.add_journal_entry(
            actor=None, action=action, text="x", files=[factories.pdf_upload()]
        )
    assert "la limite est de" in _messages(exc.value, "files")[0]
    assert Attachment.objects.count() == 1
    services.delete_journal_entry(actor=None, entry=entry)
    assert not Attachment.objects.exists()


def test_indicator_progress_follows_measurements_and_targets(territory):
    action = factories.action(territory)
    indicator = factories.indicator(
        action, baseline=Decimal(10), targets={2024: Decimal(30), 2026: Decimal(50)}
    )
    assert indicator.progress is None
    services.record_measurement(
        actor=None, indicator=indicator, measured_on=datetime.date(2024, 6, 30), value=Decimal(30)
    )
    indicator.refresh_from_db()
    action.refresh_from_db()
    assert indicator.latest_value == Decimal(30)
    assert indicator.progress == Decimal("50.0")  # 10 → 30 of the way to 50
    assert action.progress == Decimal("50.0")
    down = services.create_indicator(
        actor=None,
        action=action,
        name="Expulsions",
        unit="ménages",
        direction=Indicator.Direction.DOWN,
        baseline_value=Decimal(40),
        baseline_on=datetime.date(2020, 1, 1),
        targets={2026: Decimal(20)},
    )
    services.record_measurement(
        actor=None, indicator=down, measured_on=datetime.date(2024, 12, 31), value=Decimal(35)
    )
    action.refresh_from_db()
    assert action.progress == Decimal("37.5")  # mean of 50 % and 25 %
    with pytest.raises(ValidationError) as exc:
        services.update_indicator(actor=None, indicator=down, targets={2027: Decimal(60)})
    assert "plus bas est mieux" in _messages(exc.value, "targets")[0]
    services.delete_indicator(actor=None, indicator=down)
    action.refresh_from_db()
    assert action.progress == Decimal("50.0")


def test_measurements_are_unique_per_date_and_never_in_the_future(territory):
    indicator = factories.indicator(factories.action(territory))
    on = datetime.date(2024, 3, 1)
    measurement = services.record_measurement(
        actor=None, indicator=indicator, measured_on=on, value=Decimal(12)
    )
    with pytest.raises(ValidationError) as exc:
        services.record_measurement(actor=None, indicator=indicator, measured_on=on, value=1)
    assert "existe déjà" in _messages(exc.value, "measured_on")[0]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.record_measurement(
            actor=None, indicator=indicator, measured_on=tomorrow, value=Decimal(1)
        )
    services.update_measurement(actor=None, measurement=measurement, value=Decimal(20))
    indicator.refresh_from_db()
    assert indicator.latest_value == Decimal(20)
    services.delete_measurement(actor=None, measurement=measurement)
    indicator.refresh_from_db()
    assert indicator.latest_value is None and indicator.progress is None


def test_import_measurements_creates_updates_and_audits_once(territory):
    indicator = factories.indicator(
        factories.action(territory), measurements=[(datetime.date(2023, 12, 31), Decimal(15))]
    )
    rows = [
        services.MeasurementRow(indicator, datetime.date(2023, 12, 31), Decimal(18), "CAF", ""),
        services.MeasurementRow(indicator, datetime.date(2024, 12, 31), Decimal(30), "CAF", ""),
    ]
    before = AuditEntry.objects.count()
    result = services.import_measurements(actor=None, territory=territory, rows=rows)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert AuditEntry.objects.count() == before + 1
    indicator.refresh_from_db()
    assert indicator.latest_value == Decimal(30)
    # Measurements are not part of the fiche: no new version.
    assert ActionVersion.objects.filter(action=indicator.action).count() == 2


def test_axes_and_objectives(territory):
    axis = factories.axis(territory, 1)
    with pytest.raises(ValidationError) as exc:
        services.create_axis(actor=None, territory=territory, number=1, short_name="X", title="X")
    assert "number" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.update_axis(actor=None, axis=axis, colour="bleu")
    assert "colour" in exc.value.error_dict
    objective = factories.objective(territory, "1.1")
    with pytest.raises(ValidationError):
        services.create_objective(actor=None, axis=axis, code="1.1", title="Doublon")
    factories.action(territory, objective=objective)
    with pytest.raises(ValidationError):
        services.delete_objective(actor=None, objective=objective)
    with pytest.raises(ValidationError):
        services.delete_axis(actor=None, axis=axis)
    lonely = services.create_objective(actor=None, axis=axis, code="1.10", title="Seul")
    services.delete_objective(actor=None, objective=lonely)
    assert [o.code for o in axis.objectives.all()] == ["1.1"]

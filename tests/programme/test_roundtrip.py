"""Export, edit, import: actions and measurements, in CSV and XLSX, with every error located
by line and column in French and nothing saved when any line is wrong."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from maillage.core import exports
from maillage.core.roles import Visibility
from maillage.programme.models import Action, Measurement
from maillage.programme.roundtrip import actions as action_trip
from maillage.programme.roundtrip import measurements as measurement_trip

pytestmark = pytest.mark.django_db


def _actions_csv(scene) -> str:  # type: ignore[no-untyped-def]
    qs = Action.objects.filter(territory=scene["territory"]).order_by("sort_key")
    data = exports.write_csv(action_trip.EXPORT_HEADERS, action_trip.export_rows(qs))
    return data.decode("utf-8-sig")


def _read(scene, text: str, user=None, name="actions.csv"):  # type: ignore[no-untyped-def]
    return action_trip.read(
        text.encode("utf-8-sig"),
        name,
        user=user or scene["coordinator"],
        territory=scene["territory"],
    ).report


def _apply(scene, text: str, user=None):  # type: ignore[no-untyped-def]
    return action_trip.apply(
        text.encode("utf-8-sig"),
        "actions.csv",
        user=user or scene["coordinator"],
        territory=scene["territory"],
    )


def _messages(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(p) for p in report.problems]


def test_an_untouched_export_imports_without_any_change(scene):
    report = _read(scene, _actions_csv(scene))
    assert report.ok
    assert report.changes == []
    assert report.unchanged == 2


def test_a_status_edited_in_the_file_is_previewed_then_applied(scene):
    text = _actions_csv(scene).replace(";En construction;", ";En cours;")
    report = _read(scene, text)
    assert report.ok
    [change] = report.changes
    assert (change.line, change.key) == (3, "2.2.1")
    assert [(f.label, f.old, f.new) for f in change.fields] == [
        ("État", "En construction", "En cours")
    ]
    garderie = scene["garderie"]
    garderie.refresh_from_db()
    assert garderie.status == "construction"  # the preview saved nothing
    report = _apply(scene, text)
    assert report.ok
    garderie.refresh_from_db()
    assert garderie.status == "ongoing"
    assert garderie.status_changes.get().reason == "Changement importé depuis « actions.csv »."


def test_many_fields_at_once(scene):
    text = _actions_csv(scene)
    header, *rows = text.splitlines()
    cells = rows[1].split(";")  # the garderie (2.1.1 sorts first)
    columns = list(action_trip.COLUMNS)
    cells[columns.index("title")] = "Garderie éphémère des centres sociaux"
    cells[columns.index("pilots")] = "Centre social | CAF"
    cells[columns.index("publics")] = "Familles | demandeurs-emploi"
    cells[columns.index("places")] = "Bas-Clichy"
    cells[columns.index("ends_on")] = "31/12/2027"
    cells[columns.index("status")] = "En cours"
    cells[columns.index("status_reason")] = "Ouverture dans les deux centres sociaux"
    rows[1] = ";".join(cells)
    report = _apply(scene, "\r\n".join([header, *rows]))
    assert report.ok, _messages(report)
    garderie = Action.objects.get(pk=scene["garderie"].pk)
    assert garderie.title == "Garderie éphémère des centres sociaux"
    assert {o.name for o in garderie.pilots.all()} == {
        "Centre social",
        "Caisse d’allocations familiales",
    }
    assert [p.public for p in garderie.publics.all()] == ["familles", "demandeurs-emploi"]
    assert [g.name for g in garderie.places.all()] == ["Bas-Clichy"]
    assert garderie.ends_on == datetime.date(2027, 12, 31)
    assert garderie.status_changes.get().reason == "Ouverture dans les deux centres sociaux"
    assert garderie.versions.filter(note="Import de « actions.csv »").exists()


def test_partners_with_their_role(scene):
    text = _actions_csv(scene)
    header, *rows = text.splitlines()
    cells = rows[1].split(";")
    cells[list(action_trip.COLUMNS).index("partners")] = "CAF : Financement"
    rows[1] = ";".join(cells)
    assert _apply(scene, "\r\n".join([header, *rows])).ok
    link = scene["garderie"].partner_links.get()
    assert (link.organisation, link.role) == (scene["caf"], "Financement")


def test_errors_are_located_in_french_and_nothing_is_saved(scene):
    text = _actions_csv(scene)
    header, first, second = text.splitlines()[:3]
    second_edited = second.replace(";En construction;", ";En cours;")
    bad_dates = first.split(";")
    columns = list(action_trip.COLUMNS)
    bad_dates[columns.index("starts_on")] = "01/06/2025"
    bad_dates[columns.index("ends_on")] = "01/01/2025"
    lines = [
        header,
        ";".join(bad_dates),
        second_edited,
        second_edited,
        "9.9.9;Action inconnue;;;Idée;;;;Public;;;;;;;;",
    ]
    report = _apply(scene, "\r\n".join(lines))
    assert _messages(report) == [
        "Ligne 2, colonne « Fin » (H) : la fin (01/01/2025) précède le début (01/06/2025).",
        "Ligne 4, colonne « Code » (A) : le code « 2.2.1 » figure déjà ligne 3.",
        "Ligne 5, colonne « Code » (A) : aucune fiche de code « 9.9.9 » dans ce territoire.",
    ]
    scene["garderie"].refresh_from_db()
    assert scene["garderie"].status == "construction"


def test_values_that_do_not_exist(scene):
    text = _actions_csv(scene)
    header, first = text.splitlines()[:2]
    cells = first.split(";")
    columns = list(action_trip.COLUMNS)
    cells[columns.index("status")] = "Terminée"
    cells[columns.index("pilots")] = "Association fantôme"
    cells[columns.index("publics")] = "Martiens"
    cells[columns.index("visibility")] = "Secret"
    cells[columns.index("objective")] = "9.9"
    report = _read(scene, "\r\n".join([header, ";".join(cells)]))
    messages = _messages(report)
    assert any("« Terminée » n’est pas un état" in m for m in messages)
    assert any("« Association fantôme »" in m and "« Pilotes »" in m for m in messages)
    assert any("« Martiens »" in m for m in messages)
    assert any("« Secret » n’est pas une visibilité" in m for m in messages)
    assert any("aucun objectif « 9.9 » dans l’axe 1" in m for m in messages)


def test_rules_only_the_services_know_are_caught_in_the_preview(scene):
    """A fiche made "Restreint" without naming who reads it: the dry run finds it."""
    text = _actions_csv(scene)
    header, first = text.splitlines()[:2]
    cells = first.split(";")
    cells[list(action_trip.COLUMNS).index("visibility")] = "Restreint"
    report = _read(scene, "\r\n".join([header, ";".join(cells)]))
    assert _messages(report) == [
        "Ligne 2, colonne « Visibilité » (I) : Une fiche restreinte nomme les organisations "
        "qui la lisent."
    ]
    assert Action.objects.get(code="2.1.1").visibility == Visibility.PARTNERS


def test_a_pilot_cannot_import_a_fiche_they_do_not_pilot(scene):
    text = _actions_csv(scene).replace(";Clause d’insertion;", ";Clause renommée;")
    report = _read(scene, text, user=scene["pilot"])
    assert _messages(report) == [
        "Ligne 2, colonne « Code » (A) : vous ne pouvez pas modifier la fiche « 2.1.1 »."
    ]


def test_formulas_are_neutralised_in_the_export_and_come_back_intact(scene):
    from maillage.programme import services

    services.update_action(actor=None, action=scene["garderie"], summary='=HYPERLINK("x")')
    text = _actions_csv(scene)
    assert ';"\'=HYPERLINK(""x"")";' in text
    report = _read(scene, text)
    assert report.ok and report.changes == []


def test_xlsx_round_trip(scene):
    qs = Action.objects.filter(territory=scene["territory"]).order_by("sort_key")
    data = exports.write_xlsx("Actions", action_trip.EXPORT_HEADERS, action_trip.export_rows(qs))
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    assert sheet["A3"].value == "2.2.1"
    assert sheet["G3"].value == datetime.datetime(2016, 1, 4)
    sheet["E3"].value = "En cours"
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = action_trip.apply(
        buffer.getvalue(), "actions.xlsx", user=scene["coordinator"], territory=scene["territory"]
    )
    assert report.ok, _messages(report)
    scene["garderie"].refresh_from_db()
    assert scene["garderie"].status == "ongoing"


# --------------------------------------------------------------------------- measurements


def _measurements_csv(scene) -> str:  # type: ignore[no-untyped-def]
    qs = Action.objects.filter(territory=scene["territory"])
    data = exports.write_csv(
        list(measurement_trip.COLUMNS.values()), measurement_trip.export_rows(qs)
    )
    return data.decode("utf-8-sig")


def _import_measurements(scene, text: str, user=None, apply=False):  # type: ignore[no-untyped-def]
    function = measurement_trip.apply if apply else measurement_trip.read
    result = function(
        text.encode("utf-8-sig"),
        "mesures.csv",
        user=user or scene["coordinator"],
        territory=scene["territory"],
    )
    return result if apply else result.report


def test_measurements_round_trip(scene):
    text = _measurements_csv(scene)
    assert text.splitlines() == [
        "Code de l’action;Action;Indicateur;Unité;Date;Valeur;Source;Commentaire",
        "2.2.1;Garderie éphémère;Enfants accueillis;familles;31/12/2023;71;;",
    ]
    assert _import_measurements(scene, text).unchanged == 1
    text += "2.2.1;Garderie éphémère;Enfants accueillis;familles;31/12/2024;1 234,5;Bilan CAF;\r\n"
    text = text.replace("31/12/2023;71;", "31/12/2023;75;")
    report = _import_measurements(scene, text, user=scene["pilot"], apply=True)
    assert report.ok, _messages(report)
    assert (report.created, report.updated) == (1, 1)
    values = list(
        Measurement.objects.filter(indicator=scene["indicator"])
        .order_by("measured_on")
        .values_list("value", "source")
    )
    assert values == [(Decimal("75.00"), ""), (Decimal("1234.50"), "Bilan CAF")]
    scene["indicator"].refresh_from_db()
    assert scene["indicator"].latest_value == Decimal("1234.5")


def test_measurement_errors_by_line_and_column(scene):
    header = "Code de l’action;Action;Indicateur;Unité;Date;Valeur;Source;Commentaire"
    lines = [
        header,
        "2.2.1;;Enfants accueillis;;31/12/2024;abc;;",
        "2.2.1;;Enfants accueillis;;31/12/2022;1 234,5;;",
        "2.2.1;;Enfants accueillis;;31/12/2022;12;;",
        "9.9.9;;Enfants accueillis;;31/12/2022;12;;",
        "2.2.1;;Familles reçues;;31/12/2022;12;;",
        "2.2.1;;Enfants accueillis;;le 3 mars;12;;",
        "2.1.1;;Enfants accueillis;;31/12/2022;12;;",
    ]
    before = Measurement.objects.count()
    report = _import_measurements(scene, "\r\n".join(lines), user=scene["pilot"], apply=True)
    assert _messages(report) == [
        "Ligne 2, colonne « Valeur » (F) : « abc » n’est pas un nombre.",
        "Ligne 4, colonne « Date » (E) : cette mesure (même action, indicateur et date) "
        "figure déjà ligne 3.",
        "Ligne 5, colonne « Code de l’action » (A) : aucune fiche de code « 9.9.9 » dans ce "
        "territoire.",
        "Ligne 6, colonne « Indicateur » (C) : la fiche « 2.2.1 » n’a pas d’indicateur "
        "« Familles reçues ».",
        "Ligne 7, colonne « Date » (E) : « le 3 mars » n’est pas une date (attendu : JJ/MM/AAAA).",
        "Ligne 8, colonne « Code de l’action » (A) : vous ne pouvez pas modifier la fiche "
        "« 2.1.1 ».",
    ]
    assert Measurement.objects.count() == before


def test_a_measurement_file_needs_its_key_columns(scene):
    report = _import_measurements(scene, "Code de l’action;Valeur\r\n2.2.1;3\r\n")
    assert _messages(report) == [
        "Ligne 1 : colonnes obligatoires absentes : « Indicateur », « Date »."
    ]

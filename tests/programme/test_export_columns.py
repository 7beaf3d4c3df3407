"""The actions export carries what a partner needs to read: progress, lateness, referents
(for partner-level readers), each indicator's latest value and the budget; in XLSX with
fitted widths, a frozen header and filters."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from maillage.programme import services
from maillage.programme.roundtrip import actions as action_trip
from tests.clock import frozen
from tests.programme import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich(scene):  # type: ignore[no-untyped-def]
    garderie = scene["garderie"]
    services.update_action(
        actor=None,
        action=garderie,
        referents=[scene["pilot"]],
        ends_on=datetime.date(2026, 3, 1),
    )
    services.add_means(
        actor=None,
        action=garderie,
        kind="budget",
        organisation=scene["caf"],
        year=2025,
        amount=Decimal("12000"),
    )
    services.add_means(
        actor=None,
        action=garderie,
        kind="budget",
        contributor_name="État",
        year=2026,
        amount=Decimal("3500.50"),
    )
    services.add_means(
        actor=None,
        action=garderie,
        kind="staff",
        contributor_name="Ville",
        year=2026,
        amount=Decimal("0.5"),
    )
    factories.indicator(garderie, "Familles orientées", baseline=None, measurements=[])
    return scene


def _sheet(client, scene):  # type: ignore[no-untyped-def]
    url = reverse("programme:export_actions", args=[scene["territory"].slug]) + "?format=xlsx"
    response = client.get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    rows = {
        row[0]: dict(zip(headers, row, strict=False))
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    return sheet, headers, rows


def test_the_export_reads_progress_lateness_referents_indicators_and_budget(rich, client_for):
    with frozen(datetime.date(2026, 3, 16)):
        _s, headers, rows = _sheet(client_for(rich["coordinator"]), rich)
    assert headers == action_trip.EXPORT_HEADERS
    garderie = rows["2.2.1"]
    assert garderie["Avancement (%)"] is not None
    assert garderie["Retard"] == "fin prévue dépassée"
    assert garderie["Personnes référentes"] == rich["pilot"].full_name
    assert "Enfants accueillis : 71 " in garderie["Indicateurs (dernière valeur)"]
    assert "(31/12/2023)" in garderie["Indicateurs (dernière valeur)"]
    assert "Familles orientées : pas de mesure" in garderie["Indicateurs (dernière valeur)"]
    # Money only (not staff time): 12 000 + 3 500,50.
    assert garderie["Financements (€)"] == pytest.approx(15500.5)
    detail = garderie["Financements par financeur et année"]
    assert "Caisse d’allocations familiales 2025 : 12000 €" in detail
    assert "État 2026 : 3500,5 €" in detail
    assert rows["2.1.1"]["Retard"] in ("", None)


def test_referents_are_named_only_to_partner_level_readers(rich, client_for):
    from maillage.core.roles import Visibility

    services.update_action(actor=None, action=rich["garderie"], visibility=Visibility.PUBLIC)
    _s, _h, rows = _sheet(client_for(None), rich)
    assert rows["2.2.1"]["Personnes référentes"] in ("", None)
    assert "2.1.1" not in rows  # for partners only


def test_xlsx_layout_frozen_header_filters_and_fitted_widths(rich, client_for):
    sheet, headers, _rows = _sheet(client_for(rich["coordinator"]), rich)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(headers)).column_letter}{sheet.max_row}"
    widths = {
        header: sheet.column_dimensions[sheet.cell(1, i).column_letter].width
        for i, header in enumerate(headers, start=1)
    }
    # The code column is narrow, the title fitted to the longest title, long texts capped.
    assert widths["Code"] < widths["Intitulé"] <= 60
    assert widths["Intitulé"] >= len("Clause d’insertion")
    assert all(8 <= width <= 60 for width in widths.values())


def test_an_export_with_its_read_only_columns_imports_without_change(rich):
    from maillage.core import exports
    from maillage.programme.models import Action

    qs = Action.objects.filter(territory=rich["territory"]).order_by("sort_key")
    data = exports.write_csv(action_trip.EXPORT_HEADERS, action_trip.export_rows(qs, people=True))
    result = action_trip.read(
        data, "actions.csv", user=rich["coordinator"], territory=rich["territory"]
    )
    assert result.report.ok
    assert result.report.changes == []
    assert result.report.ignored_columns == []

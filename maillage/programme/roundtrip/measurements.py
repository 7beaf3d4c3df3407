"""Indicator measurements as a spreadsheet: one row per measurement, matched by the action's
code, the indicator's name and the date. A row for a new date adds a measurement; a row for
a known date updates it. Rows absent from the file are left alone."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import access
from maillage.core.text import fold
from maillage.programme import services, tabular
from maillage.programme.models import Action, Indicator, Measurement
from maillage.programme.roundtrip.common import (
    FieldChange,
    Locator,
    Problem,
    Report,
    RowChange,
)
from maillage.territories.models import Territory

COLUMNS: dict[str, str] = {
    "code": "Code de l’action",
    "action": "Action",
    "indicator": "Indicateur",
    "unit": "Unité",
    "measured_on": "Date",
    "value": "Valeur",
    "source": "Source",
    "comment": "Commentaire",
}
REQUIRED = ("code", "indicator", "measured_on", "value")


# --------------------------------------------------------------------------- export


def export_rows(actions: QuerySet[Action]) -> list[list[Any]]:
    """Every measurement of these actions, action by action, indicator by indicator."""
    qs = (
        Measurement.objects.filter(indicator__action__in=actions.values("pk"))
        .select_related("indicator__action")
        .order_by("indicator__action__sort_key", "indicator__id", "measured_on")
    )
    return [
        [
            m.indicator.action.code,
            m.indicator.action.title,
            m.indicator.name,
            m.indicator.unit,
            m.measured_on,
            m.value,
            m.source,
            m.comment,
        ]
        for m in qs.iterator(chunk_size=2000)
    ]


# --------------------------------------------------------------------------- import


@dataclass
class MeasurementImport:
    report: Report
    rows: list[services.MeasurementRow]


def _indicators_by_action(user: Any, territory: Territory, codes: set[str]) -> dict[str, Action]:
    qs = access.visible(
        user, Action.objects.filter(territory=territory, code__in=codes)
    ).prefetch_related(
        "pilots",
        "partner_links",
        Prefetch("indicators", queryset=Indicator.objects.order_by("id")),
    )
    return {a.code: a for a in qs.select_related("territory")}


def read(data: bytes, filename: str, *, user: Any, territory: Territory) -> MeasurementImport:
    report = Report()
    try:
        table = tabular.read_table(data, filename, COLUMNS)
    except tabular.TableError as exc:
        report.problems.append(Problem(None, None, str(exc)))
        return MeasurementImport(report, [])
    locator = Locator(table, COLUMNS)
    report.ignored_columns = table.ignored
    missing = [COLUMNS[key] for key in REQUIRED if key not in table.columns]
    if missing:
        report.problems.append(
            Problem(
                1,
                None,
                _("colonnes obligatoires absentes : %s.") % ", ".join(f"« {m} »" for m in missing),
            )
        )
        return MeasurementImport(report, [])

    codes = {tabular.parse_text(row.values.get("code")) for row in table.rows}
    actions = _indicators_by_action(user, territory, codes)
    may_change = {code: access.can(user, "change", a) for code, a in actions.items()}
    indicators = {
        (code, fold(i.name)): i for code, a in actions.items() for i in a.indicators.all()
    }
    existing = {
        (m.indicator_id, m.measured_on): m
        for m in Measurement.objects.filter(
            indicator_id__in=[i.pk for i in indicators.values()]
        ).only("id", "indicator_id", "measured_on", "value", "source", "comment")
    }
    today = timezone.localdate()
    seen: dict[tuple[int, datetime.date], int] = {}
    rows: list[services.MeasurementRow] = []
    for row in table.rows:
        values = row.values
        problems: list[Problem] = []

        def error(key: str, message: str, line: int = row.line, bucket: list = problems) -> None:
            bucket.append(locator.problem(line, key, message))

        code = tabular.parse_text(values.get("code"))
        action = actions.get(code)
        indicator = None
        if not code:
            error("code", _("le code de l’action est vide."))
        elif action is None:
            error("code", _("aucune fiche de code « %s » dans ce territoire.") % code)
        elif not may_change[code]:
            error("code", _("vous ne pouvez pas modifier la fiche « %s ».") % code)
        else:
            name = tabular.parse_text(values.get("indicator"))
            indicator = indicators.get((code, fold(name)))
            if indicator is None:
                error(
                    "indicator",
                    _("la fiche « %(code)s » n’a pas d’indicateur « %(name)s ».")
                    % {"code": code, "name": name},
                )
        measured_on: datetime.date | None = None
        try:
            measured_on = tabular.parse_date(values.get("measured_on"))
            if measured_on is None:
                error("measured_on", _("la date est obligatoire."))
            elif measured_on > today:
                error("measured_on", _("une mesure ne peut pas être datée du futur."))
        except ValueError as exc:
            error("measured_on", str(exc))
        value: Decimal | None = None
        try:
            value = tabular.parse_decimal(values.get("value"))
            if value is None:
                error("value", _("la valeur est obligatoire."))
            elif abs(value) >= Decimal("1e12"):
                error("value", _("la valeur est trop grande."))
        except ValueError as exc:
            error("value", str(exc))
        source = tabular.parse_text(values.get("source"))[:255]
        comment = tabular.parse_text(values.get("comment"))
        if indicator is not None and measured_on is not None:
            key = (indicator.pk, measured_on)
            if key in seen:
                error(
                    "measured_on",
                    _("cette mesure (même action, indicateur et date) figure déjà ligne %d.")
                    % seen[key],
                )
            else:
                seen[key] = row.line
        report.problems.extend(problems)
        if problems or indicator is None or measured_on is None or value is None:
            continue
        value = value.quantize(Decimal("0.01"))
        rows.append(services.MeasurementRow(indicator, measured_on, value, source, comment))
        current = existing.get((indicator.pk, measured_on))
        label = f"{indicator.name} — {measured_on:%d/%m/%Y}"
        if current is None:
            report.changes.append(
                RowChange(
                    row.line,
                    code,
                    label,
                    "create",
                    [FieldChange(COLUMNS["value"], "", tabular.french_number(value))],
                )
            )
            continue
        fields = []
        if current.value != value:
            fields.append(
                FieldChange(
                    COLUMNS["value"],
                    tabular.french_number(current.value),
                    tabular.french_number(value),
                )
            )
        if current.source != source:
            fields.append(FieldChange(COLUMNS["source"], current.source, source))
        if current.comment != comment:
            fields.append(FieldChange(COLUMNS["comment"], current.comment, comment))
        if fields:
            report.changes.append(RowChange(row.line, code, label, "update", fields))
        else:
            report.unchanged += 1
    return MeasurementImport(report, rows)


def apply(data: bytes, filename: str, *, user: Any, territory: Territory) -> Report:
    """Apply the whole file, or nothing of it: every row is checked before the one service
    call that writes them all in a single transaction."""
    result = read(data, filename, user=user, territory=territory)
    if result.report.ok and result.rows:
        services.import_measurements(
            actor=user, territory=territory, rows=result.rows, filename=filename
        )
    return result.report

"""Writes on indicators and their measurements. Indicator definitions are part of the fiche
(versioned); measurements are a time series of their own. After each write the indicator's
latest value and progress, and its action's progress, are recomputed and stored."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.programme import history, progress
from maillage.programme.models import (
    Action,
    Indicator,
    IndicatorTarget,
    Measurement,
)
from maillage.programme.services.actions import _record
from maillage.territories.models import Territory

INDICATOR_FIELDS = ("name", "unit", "direction", "baseline_value", "baseline_on", "description")


# --------------------------------------------------------------------------- progress


def refresh(indicator_ids: Iterable[int]) -> None:
    """Recompute the stored latest value and progress of these indicators and of their
    actions, in a handful of queries whatever their number."""
    ids = set(indicator_ids)
    if not ids:
        return
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in=ids)}
    latest: dict[int, tuple[datetime.date, Decimal]] = {}
    for indicator_id, measured_on, value in (
        Measurement.objects.filter(indicator_id__in=ids)
        .order_by("indicator_id", "measured_on", "id")
        .values_list("indicator_id", "measured_on", "value")
    ):
        latest[indicator_id] = (measured_on, value)
    targets: dict[int, dict[int, Decimal]] = {}
    for indicator_id, year, value in IndicatorTarget.objects.filter(
        indicator_id__in=ids
    ).values_list("indicator_id", "year", "value"):
        targets.setdefault(indicator_id, {})[year] = value
    for indicator in indicators.values():
        measured_on, value = latest.get(indicator.pk, (None, None))  # type: ignore[assignment]
        own_targets = targets.get(indicator.pk, {})
        final = own_targets[max(own_targets)] if own_targets else None
        indicator.latest_on = measured_on
        indicator.latest_value = value
        indicator.progress = progress.indicator_progress(
            direction=indicator.direction,
            baseline=indicator.baseline_value,
            latest=value,
            target=final,
        )
    Indicator.objects.bulk_update(
        indicators.values(), ["latest_on", "latest_value", "progress"], batch_size=500
    )
    refresh_actions({i.action_id for i in indicators.values()})


def refresh_actions(action_ids: Iterable[int]) -> None:
    ids = set(action_ids)
    by_action: dict[int, list[Decimal | None]] = {pk: [] for pk in ids}
    for action_id, value in Indicator.objects.filter(action_id__in=ids).values_list(
        "action_id", "progress"
    ):
        by_action[action_id].append(value)
    actions = list(Action.objects.filter(pk__in=ids).only("pk", "progress"))
    for action in actions:
        action.progress = progress.mean(by_action.get(action.pk, []))
    # bulk_update leaves updated_at alone: progress moving is not an edit of the fiche.
    Action.objects.bulk_update(actions, ["progress"], batch_size=500)


# --------------------------------------------------------------------------- indicators


def _check_targets(
    indicator: Indicator, targets: dict[int, Decimal] | None
) -> dict[int, Decimal] | None:
    if targets is None:
        return None
    clean: dict[int, Decimal] = {}
    for year, value in targets.items():
        if not 1990 <= int(year) <= 2100:
            raise ValidationError({"targets": _("L’année %s n’est pas plausible.") % year})
        clean[int(year)] = Decimal(value)
    if indicator.baseline_value is not None:
        wrong = [
            year
            for year, value in sorted(clean.items())
            if (indicator.direction == Indicator.Direction.UP and value < indicator.baseline_value)
            or (
                indicator.direction == Indicator.Direction.DOWN and value > indicator.baseline_value
            )
        ]
        if wrong:
            message = (
                _(
                    "La cible de %s est en dessous de la valeur de départ, alors que plus haut est mieux."
                )
                if indicator.direction == Indicator.Direction.UP
                else _(
                    "La cible de %s est au-dessus de la valeur de départ, alors que plus bas est mieux."
                )
            )
            raise ValidationError({"targets": message % ", ".join(map(str, wrong))})
    return clean


def _save_targets(indicator: Indicator, targets: dict[int, Decimal]) -> None:
    indicator.yearly_targets.exclude(year__in=list(targets)).delete()
    existing = {t.year: t for t in indicator.yearly_targets.all()}
    for year, value in targets.items():
        target = existing.get(year)
        if target is None:
            IndicatorTarget.objects.create(indicator=indicator, year=year, value=value)
        elif target.value != value:
            target.value = value
            target.save(update_fields=["value"])


def _check_name(indicator: Indicator) -> None:
    clash = Indicator.objects.filter(action_id=indicator.action_id, name=indicator.name)
    if indicator.pk:
        clash = clash.exclude(pk=indicator.pk)
    if clash.exists():
        raise ValidationError(
            {"name": _("Cette action a déjà un indicateur nommé « %s ».") % indicator.name}
        )


@transaction.atomic
def create_indicator(
    *,
    actor: Any,
    action: Action,
    name: str,
    unit: str,
    direction: str = Indicator.Direction.UP,
    baseline_value: Decimal | None = None,
    baseline_on: datetime.date | None = None,
    description: str = "",
    targets: dict[int, Decimal] | None = None,
) -> Indicator:
    before = history.snapshot(action)
    indicator = Indicator(
        action=action,
        name=(name or "").strip(),
        unit=(unit or "").strip(),
        direction=direction,
        baseline_value=baseline_value,
        baseline_on=baseline_on,
        description=(description or "").strip(),
    )
    _check_name(indicator)
    indicator.full_clean()
    clean_targets = _check_targets(indicator, targets) or {}
    indicator.save()
    _save_targets(indicator, clean_targets)
    refresh([indicator.pk])
    _record(
        actor=actor,
        action=action,
        verb="indicator.create",
        before=before,
        on=timezone.localdate(),
    )
    return indicator


@transaction.atomic
def update_indicator(
    *,
    actor: Any,
    indicator: Indicator,
    targets: dict[int, Decimal] | None = None,
    **fields: Any,
) -> Indicator:
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"update_indicator() got unexpected fields {sorted(unknown)}")
    action = indicator.action
    before = history.snapshot(action)
    for name, value in fields.items():
        setattr(indicator, name, value.strip() if isinstance(value, str) else value)
    _check_name(indicator)
    indicator.full_clean()
    current = {t.year: t.value for t in indicator.yearly_targets.all()}
    clean_targets = _check_targets(indicator, targets if targets is not None else current)
    indicator.save()
    if targets is not None and clean_targets is not None:
        _save_targets(indicator, clean_targets)
    refresh([indicator.pk])
    _record(
        actor=actor,
        action=action,
        verb="indicator.update",
        before=before,
        on=timezone.localdate(),
    )
    return indicator


@transaction.atomic
def delete_indicator(*, actor: Any, indicator: Indicator) -> None:
    action = indicator.action
    before = history.snapshot(action)
    indicator.delete()
    refresh_actions([action.pk])
    _record(
        actor=actor,
        action=action,
        verb="indicator.delete",
        before=before,
        on=timezone.localdate(),
    )


# --------------------------------------------------------------------------- measurements


def _check_measurement(measurement: Measurement) -> None:
    if measurement.measured_on and measurement.measured_on > timezone.localdate():
        raise ValidationError({"measured_on": _("Une mesure ne peut pas être datée du futur.")})
    clash = Measurement.objects.filter(
        indicator_id=measurement.indicator_id, measured_on=measurement.measured_on
    )
    if measurement.pk:
        clash = clash.exclude(pk=measurement.pk)
    if clash.exists():
        raise ValidationError(
            {
                "measured_on": _(
                    "Une mesure existe déjà à cette date : modifiez-la plutôt que d’en ajouter une."
                )
            }
        )


def _measurement_changes(measurement: Measurement) -> dict[str, Any]:
    return {
        "indicator": measurement.indicator.name,
        "measured_on": measurement.measured_on.isoformat(),
        "value": str(measurement.value),
        "source": measurement.source,
    }


@transaction.atomic
def record_measurement(
    *,
    actor: Any,
    indicator: Indicator,
    measured_on: datetime.date,
    value: Decimal,
    source: str = "",
    comment: str = "",
) -> Measurement:
    measurement = Measurement(
        indicator=indicator,
        measured_on=measured_on,
        value=value,
        source=(source or "").strip(),
        comment=(comment or "").strip(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _check_measurement(measurement)
    measurement.full_clean()
    measurement.save()
    refresh([indicator.pk])
    audit.record(
        actor=actor,
        action="measurement.create",
        obj=indicator.action,
        territory=indicator.action.territory,
        changes={k: [None, v] for k, v in _measurement_changes(measurement).items()},
    )
    return measurement


@transaction.atomic
def update_measurement(*, actor: Any, measurement: Measurement, **fields: Any) -> Measurement:
    allowed = {"measured_on", "value", "source", "comment"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"update_measurement() got unexpected fields {sorted(unknown)}")
    before = _measurement_changes(measurement)
    for name, value in fields.items():
        setattr(measurement, name, value.strip() if isinstance(value, str) else value)
    _check_measurement(measurement)
    measurement.full_clean()
    measurement.save()
    refresh([measurement.indicator_id])
    action = measurement.indicator.action
    audit.record(
        actor=actor,
        action="measurement.update",
        obj=action,
        territory=action.territory,
        changes=audit.diff(before, _measurement_changes(measurement)),
    )
    return measurement


@transaction.atomic
def delete_measurement(*, actor: Any, measurement: Measurement) -> None:
    action = measurement.indicator.action
    changes = {k: [v, None] for k, v in _measurement_changes(measurement).items()}
    indicator_id = measurement.indicator_id
    measurement.delete()
    refresh([indicator_id])
    audit.record(
        actor=actor,
        action="measurement.delete",
        obj=action,
        territory=action.territory,
        changes=changes,
    )


@dataclass(frozen=True)
class MeasurementRow:
    """One measurement read from a file, already checked."""

    indicator: Indicator
    measured_on: datetime.date
    value: Decimal
    source: str
    comment: str


@dataclass
class MeasurementImportResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def import_measurements(
    *, actor: Any, territory: Territory, rows: list[MeasurementRow], filename: str = ""
) -> MeasurementImportResult:
    """Create or update many measurements at once, matched by indicator and date: one
    audit entry for the whole file, progress recomputed once per indicator."""
    indicator_ids = {row.indicator.pk for row in rows}
    existing = {
        (m.indicator_id, m.measured_on): m
        for m in Measurement.objects.filter(indicator_id__in=indicator_ids)
    }
    user = actor if getattr(actor, "is_authenticated", False) else None
    to_create: list[Measurement] = []
    to_update: list[Measurement] = []
    unchanged = 0
    for row in rows:
        current = existing.get((row.indicator.pk, row.measured_on))
        if current is None:
            to_create.append(
                Measurement(
                    indicator=row.indicator,
                    measured_on=row.measured_on,
                    value=row.value,
                    source=row.source,
                    comment=row.comment,
                    recorded_by=user,
                )
            )
        elif (current.value, current.source, current.comment) != (
            row.value,
            row.source,
            row.comment,
        ):
            current.value, current.source, current.comment = row.value, row.source, row.comment
            to_update.append(current)
        else:
            unchanged += 1
    Measurement.objects.bulk_create(to_create, batch_size=500)
    Measurement.objects.bulk_update(to_update, ["value", "source", "comment"], batch_size=500)
    refresh(indicator_ids)
    result = MeasurementImportResult(len(to_create), len(to_update), unchanged)
    audit.record(
        actor=actor,
        action="measurement.import",
        obj=territory,
        territory=territory,
        changes={
            "file": [None, filename],
            "created": [None, result.created],
            "updated": [None, result.updated],
        },
    )
    return result

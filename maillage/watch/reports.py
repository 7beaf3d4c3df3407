"""The veille's aggregates: the map of open signals, the monthly trend by thématique, the
note de veille for the comité stratégique, and the data protection documents.

Everything here is read-only and built from counts: no title, description or note of a
signal ever leaves this module. Counts are read through ``core.access.visible`` for the
reader, so a partner's map counts only the signals that partner may see. Small counts
are masked: the map shows areas with fewer than three open signals as "moins de 3", and
the note de veille masks every count of one or two.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from maillage.core import access
from maillage.governance.models import Body, BodyMembership
from maillage.governance.models.common import active_on_q
from maillage.network.vocab import topic_label
from maillage.observatory import svgmap
from maillage.observatory.figures import Figure, FigureStatus
from maillage.territories.models import GeoUnit, Territory
from maillage.watch.models import Corroboration, Orientation, Signal, WatchSettings

# Below this, a count is not shown: "moins de 3".
THRESHOLD = 3
MAP_LEVELS = (GeoUnit.Kind.QUARTIER, GeoUnit.Kind.IRIS, GeoUnit.Kind.QPV)
TREND_MONTHS = 12
# The chart draws the thématiques with the most signals; the table lists them all.
CHART_SERIES = 5


def below_threshold() -> str:
    return _("moins de 3")


def masked(count: int | None) -> str:
    """A count as printed in the note de veille: one or two are masked."""
    count = count or 0
    if 0 < count < THRESHOLD:
        return below_threshold()
    return str(count)


def signals_of(user: Any, territory: Territory) -> QuerySet[Signal]:
    """The reader's signals of the territory, merged duplicates left out (they are counted
    in the signal they were merged into)."""
    return access.visible(
        user, Signal.objects.filter(territory=territory, merged_into__isnull=True)
    )


# --------------------------------------------------------------------------- the map


def map_level_choices() -> list[tuple[str, str]]:
    labels = dict(GeoUnit.Kind.choices)
    return [(str(kind), str(labels[kind])) for kind in MAP_LEVELS]


@dataclass(frozen=True)
class SignalMap:
    level: str
    choropleth: svgmap.ChoroplethMap
    whole_territory: str  # the masked count of open signals placed on the whole territory
    total_open: int


def open_counts_by_place(user: Any, territory: Territory) -> dict[tuple[str | None, str], int]:
    """Open signals by (place kind, place code); ``(None, "")`` for the whole territory.
    One query."""
    rows = (
        signals_of(user, territory)
        .exclude(status=Signal.Status.CLOSED)
        .values_list("place__kind", "place__code")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(kind, code or ""): n for kind, code, n in rows}


def _map_figure(level: str, code: str, name: str, count: int) -> Figure:
    if count < THRESHOLD:
        return Figure(
            indicator_code="watch-open-signals",
            level=level,
            geo_code=code,
            geo_name=name,
            period=0,
            value=None,
            status=FigureStatus.SECRET,
            reason=below_threshold(),
            source="",
            vintage="",
            unit="",
            decimals=0,
        )
    return Figure(
        indicator_code="watch-open-signals",
        level=level,
        geo_code=code,
        geo_name=name,
        period=0,
        value=Decimal(count),
        status=FigureStatus.OK,
        reason="",
        source="",
        vintage="",
        unit="",
        decimals=0,
    )


def signal_map(
    user: Any,
    territory: Territory,
    level: str | None = None,
    *,
    counts: dict[tuple[str | None, str], int] | None = None,
) -> SignalMap:
    """The choropleth of the reader's open signals by quartier, IRIS or QPV. Two queries:
    the counts (unless given), then the areas of the chosen level (geography is public)."""
    if counts is None:
        counts = open_counts_by_place(user, territory)
    by_level: dict[str, int] = defaultdict(int)
    for (kind, _code), n in counts.items():
        if kind:
            by_level[kind] += n
    if level not in MAP_LEVELS:
        level = max(MAP_LEVELS, key=lambda k: (by_level.get(k, 0), k == GeoUnit.Kind.QUARTIER))
    units = list(
        GeoUnit.objects.filter(territory=territory, kind=level).only("code", "name", "geometry")
    )
    areas = [svgmap.Area(unit.code, unit.name, unit.geometry) for unit in units]
    figures = [
        _map_figure(level, unit.code, unit.name, counts.get((level, unit.code), 0))
        for unit in units
    ]
    labels = dict(GeoUnit.Kind.choices)
    level_label = str(labels.get(level, level))
    choropleth = svgmap.render_choropleth(
        areas=areas,
        figures=figures,
        title=_("Signalements ouverts par %(level)s") % {"level": level_label.lower()},
        description=_(
            "Carte de %(territory)s découpée par %(level)s : nombre de signalements ouverts ; "
            "les zones hachurées en comptent moins de 3. Les valeurs figurent dans le "
            "tableau sous la carte."
        )
        % {"territory": territory.name, "level": level_label.lower()},
        element_id="carte-veille",
    )
    # The observatory's legend calls a hatched area "secret statistique": here it is a
    # count below the threshold.
    secret = f">{escape(FigureStatus.SECRET.label)}</text>"
    masked_label = f">{escape(below_threshold())}</text>"
    choropleth = replace(
        choropleth,
        svg=mark_safe(str(choropleth.svg).replace(secret, masked_label)),
        rows=[
            replace(row, class_label=below_threshold())
            if row.status == FigureStatus.SECRET
            else row
            for row in choropleth.rows
        ],
    )
    return SignalMap(
        level=level,
        choropleth=choropleth,
        whole_territory=masked_map(counts.get((None, ""), 0)),
        total_open=sum(counts.values()),
    )


def masked_map(count: int) -> str:
    """A count as the map prints it: fewer than three (none included) is "moins de 3"."""
    return below_threshold() if count < THRESHOLD else str(count)


# --------------------------------------------------------------------------- the trend


@dataclass(frozen=True)
class TrendSeries:
    thematique: str
    label: str
    counts: list[int]  # one per month of ``Trend.months``

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Trend:
    months: list[datetime.date]  # first day of each month, oldest first
    series: list[TrendSeries]  # every thématique with a signal, most signals first
    totals: list[int]

    @property
    def month_labels(self) -> list[str]:
        return [date_format(month, "M Y") for month in self.months]


def _months_back(today: datetime.date, count: int) -> list[datetime.date]:
    months = []
    year, month = today.year, today.month
    for _index in range(count):
        months.append(datetime.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


def _month_of(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def monthly_trend(
    user: Any,
    territory: Territory,
    *,
    months: int = TREND_MONTHS,
    today: datetime.date | None = None,
) -> Trend:
    """Signals reported each month by thématique over the last ``months`` months (the
    current one included), for the reader. One query."""
    today = today or timezone.localdate()
    month_list = _months_back(today, months)
    start = timezone.make_aware(datetime.datetime.combine(month_list[0], datetime.time.min))
    rows = (
        signals_of(user, territory)
        .filter(created_at__gte=start)
        .annotate(month=TruncMonth("created_at"))
        .values_list("thematique", "month")
        .annotate(n=Count("id"))
        .order_by()
    )
    index = {month: position for position, month in enumerate(month_list)}
    by_thematique: dict[str, list[int]] = {}
    for thematique, month, n in rows:
        position = index.get(_month_of(month))
        if position is None:
            continue
        by_thematique.setdefault(thematique, [0] * len(month_list))[position] += n
    series = sorted(
        (TrendSeries(key, topic_label(key), counts) for key, counts in by_thematique.items()),
        key=lambda s: (-s.total, s.label),
    )
    totals = [sum(s.counts[i] for s in series) for i in range(len(month_list))]
    return Trend(months=month_list, series=series, totals=totals)


# --------------------------------------------------------------------------- the note


@dataclass(frozen=True)
class NoteRow:
    label: str
    cells: list[str]


@dataclass(frozen=True)
class NoteTable:
    title: str
    columns: list[str]
    rows: list[NoteRow]
    empty: str


@dataclass(frozen=True)
class NoteData:
    title: str
    territory: str
    generated_on: datetime.date
    period_start: datetime.date
    summary: list[tuple[str, str]]
    tables: list[NoteTable] = field(default_factory=list)

    @property
    def filename(self) -> str:
        return f"note-de-veille-{self.generated_on.isoformat()}"


def note_data(
    user: Any,
    territory: Territory,
    *,
    months: int = TREND_MONTHS,
    today: datetime.date | None = None,
) -> NoteData:
    """The note de veille: counts only, one or two masked. Seven queries whatever the
    number of signals."""
    today = today or timezone.localdate()
    trend = monthly_trend(user, territory, months=months, today=today)
    start = trend.months[0]
    start_at = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    signals = signals_of(user, territory)
    open_signals = signals.exclude(status=Signal.Status.CLOSED)
    recent = signals.filter(created_at__gte=start_at)
    # One pass over the signals for everything counted by thématique and status.
    is_recent = Q(created_at__gte=start_at)
    is_open = ~Q(status=Signal.Status.CLOSED)
    rows = (
        signals.values("thematique")
        .annotate(
            n=Count("id", filter=is_recent),
            orgs=Sum("corroborating_orgs", filter=is_recent),
            corroborated=Sum("corroboration_count", filter=is_recent),
            open=Count("id", filter=is_open),
            rising=Count("id", filter=is_open & Q(trend=Signal.Trend.RISING)),
            **{
                str(status): Count("id", filter=Q(status=status))
                for status in (
                    Signal.Status.NEW,
                    Signal.Status.QUALIFYING,
                    Signal.Status.ORIENTED,
                )
            },
        )
        .order_by()
    )
    by_thematique: dict[str, Any] = {row["thematique"]: row for row in rows}
    status_counts = {
        str(status): sum(row[str(status)] for row in by_thematique.values())
        for status in (Signal.Status.NEW, Signal.Status.QUALIFYING, Signal.Status.ORIENTED)
    }
    by_place = list(
        open_signals.values_list("place__kind", "place__name")
        .annotate(n=Count("id"))
        .order_by("-n", "place__name")
    )
    orientations = list(
        access.visible(
            user, Orientation.objects.filter(signal__territory=territory, created_at__gte=start_at)
        )
        .values_list("kind", "state")
        .annotate(n=Count("id"))
        .order_by("kind", "state")
    )
    closed_reasons = list(
        signals.filter(status=Signal.Status.CLOSED, closed_at__gte=start_at)
        .values_list("reason")
        .annotate(n=Count("id"))
        .order_by("-n", "reason")
    )
    organisations = len(
        set(
            Corroboration.objects.filter(signal__in=recent.order_by().values("pk"))
            .order_by()
            .values_list("organisation_id", flat=True)
            .distinct()
        )
        | set(recent.order_by().values_list("organisation_id", flat=True).distinct())
    )

    total_recent = sum(trend.totals)
    statuses = dict(Signal.Status.choices)
    summary = [
        (_("Signalements reçus sur la période"), masked(total_recent)),
        (_("Signalements ouverts à date"), masked(sum(status_counts.values()))),
        *[
            (str(statuses[status]), masked(status_counts.get(status, 0)))
            for status in (Signal.Status.NEW, Signal.Status.QUALIFYING, Signal.Status.ORIENTED)
        ],
        (_("Organisations qui signalent ou corroborent"), masked(organisations)),
    ]  # fmt: skip
    thematique_rows = [
        NoteRow(
            topic_label(key),
            [
                masked(row["n"]),
                masked(row["open"]),
                masked(row["rising"]),
                masked(row["corroborated"]),
                masked(row["orgs"]),
            ],
        )
        for key, row in sorted(by_thematique.items(), key=lambda item: -item[1]["n"])
        if row["n"] or row["open"]
    ]
    place_rows = [
        NoteRow(
            name if kind else str(_("Tout le territoire")),
            [str(dict(GeoUnit.Kind.choices).get(kind, "")) if kind else "", masked(n)],
        )
        for kind, name, n in by_place
    ]
    kinds = dict(Orientation.Kind.choices)
    states = dict(Orientation.State.choices)
    orientation_rows = [
        NoteRow(str(kinds.get(kind, kind)), [str(states.get(state, state)), masked(n)])
        for kind, state, n in orientations
    ]
    reasons = dict(Signal.Reason.choices)
    reason_rows = [
        NoteRow(str(reasons.get(reason, reason) or _("Sans motif")), [masked(n)])
        for reason, n in closed_reasons
    ]
    month_rows = [
        NoteRow(label, [masked(total)])
        for label, total in zip(trend.month_labels, trend.totals, strict=True)
    ]
    tables = [
        NoteTable(
            _("Par thématique"),
            [
                _("Reçus sur la période"),
                _("Ouverts à date"),
                _("Ouverts en hausse"),
                _("Corroborations (période)"),
                _("Organisations qui corroborent (période)"),
            ],
            thematique_rows,
            _("Aucun signalement reçu sur la période."),
        ),
        NoteTable(
            _("Signalements ouverts par lieu"),
            [_("Découpage"), _("Ouverts")],
            place_rows,
            _("Aucun signalement ouvert."),
        ),
        NoteTable(
            _("Suites données (orientations de la période)"),
            [_("État"), _("Nombre")],
            orientation_rows,
            _("Aucune orientation sur la période."),
        ),
        NoteTable(
            _("Signalements clos sur la période, par motif"),
            [_("Nombre")],
            reason_rows,
            _("Aucun signalement clos sur la période."),
        ),
        NoteTable(
            _("Signalements reçus par mois"), [_("Reçus")], month_rows, _("Aucun signalement.")
        ),
    ]
    return NoteData(
        title=_("Note de veille"),
        territory=territory.name,
        generated_on=today,
        period_start=start,
        summary=summary,
        tables=tables,
    )


# --------------------------------------------------------------------------- data protection


@dataclass(frozen=True)
class ProtectionFacts:
    territory: str
    controller: str
    dpo_contact: str
    closed_retention_months: int
    unconfirmed_retention_months: int
    cell_name: str
    cell_organisations: list[str]
    generated_on: datetime.date


def protection_facts(
    territory: Territory, *, today: datetime.date | None = None
) -> ProtectionFacts:
    """What the processing register and the AIPD draft say, from the territory's settings
    and its cellule de veille. Three queries."""
    settings = WatchSettings.objects.filter(territory=territory).first() or WatchSettings(
        territory=territory
    )
    cell = (
        Body.objects.filter(territory=territory, kind=Body.Kind.WATCH, is_archived=False)
        .order_by("pk")
        .first()
    )
    organisations: list[str] = []
    if cell is not None:
        organisations = sorted(
            set(
                BodyMembership.objects.filter(active_on_q(), body=cell).values_list(
                    "organisation__name", flat=True
                )
            )
        )
    return ProtectionFacts(
        territory=territory.name,
        controller=settings.controller
        or _("%(territory)s, représenté(e) par son exécutif") % {"territory": territory.name},
        dpo_contact=settings.dpo_contact
        or _("À compléter : contact du délégué à la protection des données"),
        closed_retention_months=settings.closed_retention_months,
        unconfirmed_retention_months=settings.unconfirmed_retention_months,
        cell_name=cell.name if cell is not None else str(_("Cellule de veille (à constituer)")),
        cell_organisations=organisations,
        generated_on=today or timezone.localdate(),
    )

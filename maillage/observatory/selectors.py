"""Every read of the observatory. ``figures`` is the one place where values become what a
reader may see: every page, chart, map, export, API answer and report goes through it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core import access
from maillage.core.access import Actor
from maillage.observatory import secrecy
from maillage.observatory.figures import Figure, FigureStatus, GeoLevel
from maillage.observatory.formula import Undefined, parse
from maillage.observatory.models import (
    ActionTarget,
    Dataset,
    DatasetVariable,
    ImportJob,
    Indicator,
    Missing,
    ReportConfig,
    ReportEdition,
    ReportSection,
    ReportThemeText,
    Theme,
    Value,
)
from maillage.observatory.svgmap import Area
from maillage.programme.models import Action
from maillage.territories.models import GeoUnit, Organisation, Territory

FRANCE_CODE = "FR"
Place = tuple[str, str]  # (level, geo code)


# --------------------------------------------------------------------------- catalogue


def indicators() -> QuerySet[Indicator]:
    return Indicator.objects.all()


def indicator_or_404(code: str) -> Indicator:
    return access.get_visible_or_404(None, Indicator.objects.all(), code=code)


def targeted_indicators(action: Any) -> list[Indicator]:
    return list(
        Indicator.objects.filter(action_links__action=action).order_by(
            "theme", "sort_order", "code"
        )
    )


def actions_targeting(user: Any, territory: Territory, indicator: Indicator) -> list[Any]:
    ids = ActionTarget.objects.filter(indicator=indicator, action__territory=territory).values(
        "action_id"
    )
    return list(
        access.visible(user, Action.objects.filter(pk__in=ids))
        .select_related("territory")
        .order_by("sort_key", "code")
    )


# --------------------------------------------------------------------------- datasets


def _territory_chain(territory: Territory) -> list[int]:
    """The territory and its ancestors: a Département's datasets serve its communes."""
    ids = [territory.pk]
    parent_id = territory.parent_id
    seen = {territory.pk}
    while parent_id is not None and parent_id not in seen:
        ids.append(parent_id)
        seen.add(parent_id)
        parent_id = (
            Territory.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
        )
    return ids


def dataset_list(user: Any, territory: Territory) -> QuerySet[Dataset]:
    return (
        access.visible(user, Dataset.objects.published().filter(territory=territory))
        .select_related("producer", "territory")
        .annotate(variable_count=Count("variables", distinct=True))
        .order_by("-created_at")
    )


def dataset_or_404(user: Any, territory: Territory, pk: int) -> Dataset:
    queryset = (
        Dataset.objects.published()
        .filter(territory=territory)
        .select_related("producer", "territory")
    )
    dataset = access.get_visible_or_404(user, queryset, pk=pk)
    return dataset


def dataset_detail(dataset: Dataset) -> dict[str, Any]:
    return {
        "variables": list(dataset.variables.all()),
        "imports": list(dataset.imports.select_related("created_by").order_by("-created_at")),
        "restricted_to": list(dataset.restricted_to.all()),
    }


def import_job_or_404(user: Any, territory: Territory, pk: int) -> ImportJob:
    queryset = ImportJob.objects.filter(territory=territory).select_related("producer", "dataset")
    return access.get_visible_or_404(user, queryset, pk=pk)


def recent_imports(user: Any, territory: Territory) -> list[ImportJob]:
    return list(
        access.visible(user, ImportJob.objects.filter(territory=territory))
        .select_related("dataset")
        .order_by("-created_at")[:10]
    )


def producer_choices(user: Any, territory: Territory) -> list[Any]:
    actor = access.actor_for(user)
    if actor.is_admin:
        return list(Organisation.objects.partners_of(territory).order_by("name"))
    return list(Organisation.objects.filter(pk__in=actor.orgs_in(territory.pk)).order_by("name"))


# --------------------------------------------------------------------------- figures


@dataclass
class _Reader:
    actor: Actor
    datasets: list[Dataset]

    def raw(self, dataset: Dataset) -> bool:
        return dataset.producer_id in self.actor.orgs_in(dataset.territory_id)


def _reader(user: Any, territory: Territory | None) -> _Reader:
    return reader_for(user, None if territory is None else _territory_chain(territory))


def reader_for(user: Any, territory_ids: Iterable[int] | None) -> _Reader:
    """What ``user`` reads of the published datasets of ``territory_ids`` (all of them
    with None), for ``compute(reader=…)``: the departmental home reads a département's
    datasets and those of the communes that share their observatory."""
    queryset = Dataset.objects.published()
    if territory_ids is not None:
        queryset = queryset.filter(territory_id__in=list(territory_ids))
    datasets = list(
        access.visible(user, queryset)
        .prefetch_related(
            Prefetch(
                "variables",
                queryset=DatasetVariable.objects.only(
                    "dataset_id", "code", "is_count", "household_income"
                ),
            )
        )
        .order_by("-created_at", "-pk")
    )
    return _Reader(actor=access.actor_for(user), datasets=datasets)


def prefix_q(prefix: str) -> Q:
    """Codes starting with ``prefix``, as a range the (variable, level, geo_code) index
    serves (a LIKE would not, under a non-C collation)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(geo_code__gte=prefix, geo_code__lt=upper)


def _sibling_filter(level: str, codes: Iterable[str]) -> Q:
    """The rows secondary suppression needs: the requested places and their siblings."""
    codes = list(codes)
    parents = {secrecy.parent_code(level, code) for code in codes}
    q = Q(geo_code__in=codes)
    for parent in parents:
        if parent:
            q |= prefix_q(parent)
    return Q(level=level) & q


def _cells(
    reader: _Reader, variables: set[str], places: Sequence[Place]
) -> dict[tuple[str, str, str, int], secrecy.Cell]:
    """The cells each variable has at each place and period, secrecy applied, from the
    newest visible dataset that carries it."""
    if not reader.datasets or not variables or not places:
        return {}
    by_level: dict[str, set[str]] = defaultdict(set)
    for level, code in places:
        by_level[level].add(code)
    where = Q()
    for level, codes in by_level.items():
        where |= _sibling_filter(level, codes)
    rows = (
        Value.objects.filter(dataset__in=[d.pk for d in reader.datasets], variable__in=variables)
        .filter(where)
        .values_list("dataset_id", "variable", "level", "geo_code", "period", "value", "missing")
    )
    # The household count is needed by the income rule even when no indicator asks for it.
    per_dataset: dict[int, list[secrecy.Cell]] = defaultdict(list)
    for dataset_id, variable, level, code, period, value, missing in rows.iterator(chunk_size=5000):
        per_dataset[dataset_id].append(secrecy.Cell(variable, level, code, period, value, missing))
    result: dict[tuple[str, str, str, int], secrecy.Cell] = {}
    wanted = {(level, code) for level, code in places}
    # Datasets are newest first: the first that carries a cell wins.
    for dataset in reader.datasets:
        cells = per_dataset.get(dataset.pk)
        if not cells:
            continue
        if not reader.raw(dataset):
            secrecy.apply(cells, _rules(dataset))
        for cell in cells:
            if (cell.level, cell.geo_code) not in wanted:
                continue
            key = (cell.variable, cell.level, cell.geo_code, cell.period)
            if key not in result:
                cell.source, cell.vintage = dataset.source, dataset.vintage
                result[key] = cell
    return result


def _rules(dataset: Dataset) -> secrecy.Rules:
    variables = list(dataset.variables.all())
    return secrecy.Rules(
        min_count=dataset.min_count,
        income_min_households=dataset.income_min_households,
        household_count_variable=dataset.household_count_variable,
        round_to_5=dataset.round_to_5,
        count_variables=frozenset(v.code for v in variables if v.is_count),
        income_variables=frozenset(v.code for v in variables if v.household_income),
    )


def place_names(places: Iterable[Place]) -> dict[Place, str]:
    """The names of places (territories, their units, France), in one or two queries."""
    places = set(places)
    names: dict[Place, str] = {(GeoLevel.FRANCE, FRANCE_CODE): "France"}
    territory_codes = [
        code for level, code in places if level in (GeoLevel.COMMUNE, GeoLevel.DEPARTEMENT)
    ]
    if territory_codes:
        for code, kind, name in Territory.objects.filter(
            insee_code__in=territory_codes
        ).values_list("insee_code", "kind", "name"):
            names[(kind, code)] = name
    unit_codes = [code for level, code in places if level in GeoUnit.Kind.values]
    if unit_codes:
        for kind, code, name in GeoUnit.objects.filter(code__in=unit_codes).values_list(
            "kind", "code", "name"
        ):
            names.setdefault((kind, code), name)
    return names


def _reason(status: str, missing: str) -> str:
    if status == FigureStatus.SECRET:
        return _("Secret statistique")
    if missing and missing in Missing.values:
        return str(Missing(missing).label)
    return _("Non disponible")


def compute(
    user: Any,
    *,
    indicators: Sequence[Indicator],
    places: Sequence[Place],
    periods: Iterable[int] | None = None,
    territory: Territory | None = None,
    reader: _Reader | None = None,
) -> list[Figure]:
    """Figures of several indicators at several places, every period found (or those
    asked), after secrecy for ``user``. A constant number of queries."""
    reader = reader or _reader(user, territory)
    formulas = {ind.code: parse(ind.formula) for ind in indicators}
    variables: set[str] = set()
    for formula in formulas.values():
        variables |= formula.variables
    variables |= {d.household_count_variable for d in reader.datasets}
    cells = _cells(reader, variables, places)
    wanted_periods = set(periods) if periods is not None else None
    found: dict[Place, set[int]] = defaultdict(set)
    for _variable, level, code, period in cells:
        found[(level, code)].add(period)
    names = place_names(places)
    figures: list[Figure] = []
    for indicator in indicators:
        formula = formulas[indicator.code]
        for place in places:
            level, code = place
            for period in sorted(found.get(place, ())):
                if wanted_periods is not None and period not in wanted_periods:
                    continue
                inputs = [cells.get((v, level, code, period)) for v in formula.variables]
                if all(cell is None for cell in inputs):
                    continue
                figures.append(_figure(indicator, formula, inputs, place, period, names, reader))
    return figures


def _figure(
    indicator: Indicator,
    formula: Any,
    inputs: list[secrecy.Cell | None],
    place: Place,
    period: int,
    names: dict[Place, str],
    reader: _Reader,
) -> Figure:
    level, code = place
    status = FigureStatus.OK
    missing = ""
    if any(c is not None and c.status == FigureStatus.SECRET for c in inputs):
        status = FigureStatus.SECRET
    elif any(c is None or c.status != FigureStatus.OK for c in inputs):
        status = FigureStatus.MISSING
        missing = next((c.missing for c in inputs if c is not None and c.missing), "")
    value: Decimal | None = None
    if status == FigureStatus.OK:
        try:
            value = formula.evaluate(
                {c.variable: c.value for c in inputs if c is not None and c.value is not None}
            )
        except Undefined:
            status = FigureStatus.MISSING
    return Figure(
        indicator_code=indicator.code,
        level=level,
        geo_code=code,
        geo_name=names.get(place, code),
        period=period,
        value=value,
        status=status,
        reason="" if status == FigureStatus.OK else _reason(status, missing),
        source=" ; ".join(sorted({c.source for c in inputs if c is not None})) or indicator.source,
        vintage=" ; ".join(sorted({c.vintage for c in inputs if c is not None})) or str(period),
        unit=indicator.unit,
        decimals=indicator.decimals,
    )


def figures(
    user: Any,
    *,
    indicator: Indicator,
    level: str,
    geo_codes: Sequence[str],
    periods: Iterable[int] | None = None,
    territory: Territory | None = None,
) -> list[Figure]:
    """The figures of one indicator at the given places of one level."""
    places = [(level, code) for code in geo_codes]
    return compute(
        user, indicators=[indicator], places=places, periods=periods, territory=territory
    )


# --------------------------------------------------------------------------- places


def comparison_places(territory: Territory) -> list[Place]:
    """The territory, then its Département, then France."""
    places: list[Place] = []
    current: Territory | None = territory
    while current is not None:
        if current.kind in (Territory.Kind.COMMUNE, Territory.Kind.DEPARTEMENT):
            places.append((str(current.kind), current.insee_code))
        current = current.parent
    places.append((GeoLevel.FRANCE, FRANCE_CODE))
    return places


def sub_places(territory: Territory, level: str, variables: Iterable[str] = ()) -> list[Place]:
    """The IRIS, QPV or neighbourhoods of the territory: its GeoUnits of that kind, and
    for IRIS any code of the commune found in the data for ``variables``."""
    codes = set(
        GeoUnit.objects.filter(territory=territory, kind=level).values_list("code", flat=True)
    )
    variables = list(variables)
    if level == GeoLevel.IRIS and territory.kind == Territory.Kind.COMMUNE and variables:
        codes |= set(
            Value.objects.filter(
                prefix_q(territory.insee_code),
                variable__in=variables,
                level=level,
                dataset__published=True,
            )
            .values_list("geo_code", flat=True)
            .distinct()
        )
    return [(level, code) for code in sorted(codes)]


def territory_figures(
    user: Any,
    territory: Territory,
    *,
    indicator: Indicator,
    level: str,
    period: int | None = None,
) -> list[Figure]:
    """The figures of ``indicator`` for every area of ``level`` in ``territory`` (all
    IRIS of a commune, its QPV…), for one period or all: what maps are drawn from."""
    if level in (GeoLevel.IRIS, GeoLevel.QPV, GeoLevel.QUARTIER):
        places = sub_places(territory, level, parse(indicator.formula).variables)
    else:
        places = [p for p in comparison_places(territory) if p[0] == level]
    return compute(
        user,
        indicators=[indicator],
        places=places,
        periods=None if period is None else [period],
        territory=territory,
    )


def latest(figures: Iterable[Figure]) -> dict[Place, Figure]:
    result: dict[Place, Figure] = {}
    for figure in sorted(figures, key=lambda f: f.period):
        result[(figure.level, figure.geo_code)] = figure
    return result


RESERVED = gettext_lazy("Réservé aux partenaires")


def hidden_places(
    user: Any, territory: Territory, *, indicators: Sequence[Indicator], places: Sequence[Place]
) -> dict[str, set[Place]]:
    """For each indicator, the places where a published dataset of the territory (or an
    ancestor) holds one of its variables but ``user`` may not read that dataset: there the
    pages say "Réservé aux partenaires", not "Aucune donnée". One query."""
    if not indicators or not places:
        return {}
    variables_of = {ind.code: parse(ind.formula).variables for ind in indicators}
    variables = set().union(*variables_of.values())
    chain = Dataset.objects.published().filter(territory_id__in=_territory_chain(territory))
    readable = access.visible(user, chain).values("pk")
    by_level: dict[str, set[str]] = defaultdict(set)
    for level, code in places:
        by_level[level].add(code)
    where = Q()
    for level, codes in by_level.items():
        where |= Q(level=level, geo_code__in=sorted(codes))
    rows = (
        Value.objects.filter(dataset__in=chain.exclude(pk__in=readable), variable__in=variables)
        .filter(where)
        .values_list("variable", "level", "geo_code")
        .distinct()
    )
    found: dict[str, set[Place]] = defaultdict(set)
    for variable, level, code in rows:
        found[variable].add((level, code))
    return {
        code: set().union(*(found.get(v, set()) for v in wanted))
        for code, wanted in variables_of.items()
        if any(v in found for v in wanted)
    }


def has_data(figures: Iterable[Figure]) -> bool:
    """Whether figures hold anything to show: a value, or a value hidden by secrecy (a
    map of secret areas is still information); all "Non disponible" is no data."""
    return any(f.status != FigureStatus.MISSING for f in figures)


def map_levels_with_data(user: Any, territory: Territory, indicator: Indicator) -> list[str]:
    """The sub-communal levels at which ``user`` reads figures of ``indicator`` on
    ``territory``: only these are offered as maps."""
    places = [
        place
        for level in map_levels(indicator)
        for place in sub_places(territory, level, parse(indicator.formula).variables)
    ]
    found = compute(user, indicators=[indicator], places=places, territory=territory)
    levels = {f.level for f in found if f.status != FigureStatus.MISSING}
    return [level for level in map_levels(indicator) if level in levels]


@dataclass
class PortraitRow:
    indicator: Indicator
    figures: list[Figure | None]  # one per comparison place, latest period each
    reserved: list[bool] = field(default_factory=list)  # hidden from this reader, per place

    @property
    def cells(self) -> list[tuple[Figure | None, bool]]:
        return list(zip(self.figures, self.reserved or [False] * len(self.figures), strict=True))


def portrait(
    user: Any, territory: Territory
) -> tuple[list[Place], list[PortraitRow], dict[Place, str]]:
    """The key figures of the territory compared with its Département and France."""
    places = comparison_places(territory)
    return places, portrait_rows(user, territory, places), place_names(places)


def portrait_rows(
    user: Any, territory: Territory, places: Sequence[Place], *, reserved: bool = True
) -> list[PortraitRow]:
    """Each key indicator with its latest figure at each of ``places``; with
    ``reserved``, which of the empty cells hold data this reader may not see (one query
    and an access filter more: the portrait says « Réservé aux partenaires », the first
    screens' key figures show only what there is)."""
    key = list(Indicator.objects.filter(key_figure=True).order_by("sort_order", "code"))
    found = compute(user, indicators=key, places=places, territory=territory)
    hidden = hidden_places(user, territory, indicators=key, places=places) if reserved else {}
    by_indicator: dict[str, list[Figure]] = defaultdict(list)
    for figure in found:
        by_indicator[figure.indicator_code].append(figure)
    rows = []
    for indicator in key:
        last = latest(by_indicator.get(indicator.code, []))
        cells = [last.get(place) for place in places]
        flags = [
            cell is None and place in hidden.get(indicator.code, set())
            for cell, place in zip(cells, places, strict=True)
        ]
        rows.append(PortraitRow(indicator, cells, flags))
    return rows


@dataclass
class PortraitMap:
    indicator: Indicator
    level: str
    figures: list[Figure]
    areas: list[Area]


def portrait_maps(user: Any, territory: Territory) -> list[PortraitMap]:
    """The key figures the reader can see on a map of the territory's IRIS (or QPV): one
    entry per key indicator whose areas have a contour and a figure that is not missing.
    A constant number of queries."""
    key = list(Indicator.objects.filter(key_figure=True).order_by("sort_order", "code"))
    result: list[PortraitMap] = []
    for level in MAP_LEVELS:
        variables: set[str] = set()
        for indicator in key:
            variables |= parse(indicator.formula).variables
        places = sub_places(territory, str(level), variables)
        if not places:
            continue
        candidates = [ind for ind in key if str(level) in (ind.levels or [])]
        found = compute(user, indicators=candidates, places=places, territory=territory)
        by_indicator: dict[str, list[Figure]] = defaultdict(list)
        for figure in found:
            by_indicator[figure.indicator_code].append(figure)
        areas: list[Area] | None = None
        for indicator in candidates:
            figures = list(latest(by_indicator.get(indicator.code, [])).values())
            if not has_data(figures):
                continue
            if areas is None:
                areas = map_areas(territory, str(level))
            if not any(area.geometry for area in areas):
                break
            result.append(PortraitMap(indicator, str(level), figures, areas))
        if result:
            break
    return result


def indicator_page(user: Any, territory: Territory, indicator: Indicator) -> dict[str, Any]:
    """Time series at the territory, Département and France; the latest figures of its
    sub-areas for comparison."""
    reader = _reader(user, territory)
    places = comparison_places(territory)
    subs = [
        p
        for level in (GeoLevel.IRIS, GeoLevel.QPV)
        if level in (indicator.levels or [])
        for p in sub_places(territory, level, parse(indicator.formula).variables)
    ]
    found = compute(
        user, indicators=[indicator], places=places + subs, territory=territory, reader=reader
    )
    series: dict[Place, list[Figure]] = defaultdict(list)
    for figure in found:
        series[(figure.level, figure.geo_code)].append(figure)
    periods = sorted({f.period for p in places for f in series.get(p, [])})
    sub_latest = [fig for p in subs if (fig := latest(series.get(p, [])).get(p)) is not None]
    hidden = hidden_places(user, territory, indicators=[indicator], places=places + subs)
    return {
        "map_levels": [
            level
            for level in map_levels(indicator)
            if has_data(f for f in sub_latest if f.level == level)
        ],
        "reserved": hidden.get(indicator.code, set()),
        "places": places,
        "names": place_names(places),
        "series": {p: series.get(p, []) for p in places},
        "periods": periods,
        "sub_figures": sub_latest,
        "figures": found,
    }


# --------------------------------------------------------------------------- maps


MAP_LEVELS = (GeoLevel.IRIS, GeoLevel.QPV)


def map_levels(indicator: Indicator) -> list[str]:
    """The sub-communal levels an indicator can be mapped at."""
    return [str(level) for level in MAP_LEVELS if level in (indicator.levels or [])]


def map_areas(territory: Territory, level: str, figures: Iterable[Figure] = ()) -> list[Any]:
    """The areas a map of ``level`` draws: the territory's GeoUnits of that kind (geography
    is public), then any place the figures name that has no GeoUnit (listed in the table,
    not drawn). One query."""

    areas = [
        Area(unit.code, unit.name, unit.geometry)
        for unit in GeoUnit.objects.filter(territory=territory, kind=level).only(
            "code", "name", "geometry"
        )
    ]
    known = {area.code for area in areas}
    for figure in figures:
        if figure.level == level and figure.geo_code not in known:
            known.add(figure.geo_code)
            areas.append(Area(figure.geo_code, figure.geo_name, None))
    return areas


# --------------------------------------------------------------------------- ABS report


def report_config(territory: Territory) -> Any:
    """The territory's report configuration with its indicators and sections, or None."""

    return (
        ReportConfig.objects.filter(territory=territory)
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("sort_order", "code")),
            "sections__organisation",
            "theme_texts",
        )
        .first()
    )


def report_themes(user: Any, config: Any) -> list[dict[str, Any]]:
    """The themes of the report's chosen indicators, in the report's order, each with its
    coordinators' analysis (or None) and its indicators. Two queries."""
    if config is None:
        return []
    texts = {
        item.theme: item
        for item in access.visible(user, ReportThemeText.objects.filter(config=config))
    }
    indicators = list(config.indicators.all())
    result = []
    for theme, label in Theme.choices:
        chosen = [ind for ind in indicators if ind.theme == theme]
        if chosen:
            result.append(
                {"theme": theme, "label": label, "text": texts.get(theme), "indicators": chosen}
            )
    return result


def report_figures(territory: Territory, indicators: Sequence[Indicator]) -> list[Figure]:
    """What the report prints: figures as the public reads them. The report is a document
    meant for publication, so only public datasets enter it, under statistical secrecy,
    whoever asks for it to be generated (docs/decisions: ABS report)."""
    places = [
        *comparison_places(territory),
        *sub_places(territory, GeoLevel.QPV),
        *sub_places(territory, GeoLevel.IRIS),
    ]
    return compute(None, indicators=list(indicators), places=places, territory=territory)


def report_reserved(territory: Territory, indicators: Sequence[Indicator]) -> set[str]:
    """The report's indicators with figures in datasets the public may not read."""
    places = [
        *comparison_places(territory),
        *sub_places(territory, GeoLevel.QPV),
        *sub_places(territory, GeoLevel.IRIS),
    ]
    return set(hidden_places(None, territory, indicators=list(indicators), places=places))


def report_editions(user: Any, territory: Territory) -> QuerySet[Any]:
    return access.visible(user, ReportEdition.objects.filter(territory=territory)).select_related(
        "generated_by"
    )


def report_edition_or_404(user: Any, territory: Territory, year: int) -> Any:
    return access.get_visible_or_404(
        user,
        ReportEdition.objects.filter(territory=territory).select_related("territory"),
        year=year,
    )


def report_section_or_404(user: Any, territory: Territory, pk: int) -> Any:
    return access.get_visible_or_404(
        user,
        ReportSection.objects.filter(config__territory=territory).select_related(
            "organisation", "config__territory"
        ),
        pk=pk,
    )


# --------------------------------------------------------------------------- siblings


@dataclass(frozen=True)
class Siblings:
    """Areas of one level that add up to a parent area (the communes of a département),
    read side by side, and where each one's figures may come from.

    ``sources`` maps a territory id to the child codes its datasets speak for (``None``:
    every child and the parent; a commune's datasets speak for the commune only).
    ``withheld`` are children whose figures are never read (a commune that shares nothing
    of its observatory): they are shown as withheld and protected like secret ones."""

    parent: Place
    children: tuple[Place, ...]
    sources: Mapping[int, frozenset[str] | None]
    withheld: frozenset[str] = frozenset()


WITHHELD = gettext_lazy("Non partagé par la commune")
SECRET_REASONS = {
    secrecy.Why.SOURCE: gettext_lazy("Secret statistique (source)"),
    secrecy.Why.SMALL_COUNT: gettext_lazy("Secret statistique : effectif trop faible"),
    secrecy.Why.FEW_HOUSEHOLDS: gettext_lazy("Secret statistique : trop peu de ménages"),
    secrecy.Why.COMPLEMENT: gettext_lazy(
        "Secret statistique : masqué pour qu’une autre valeur secrète ne puisse être recalculée"
    ),
}


def sibling_figures(
    user: Any,
    siblings: Siblings,
    *,
    indicators: Sequence[Indicator],
    periods: Iterable[int] | None = None,
) -> list[Figure]:
    """Figures of ``indicators`` at the children and the parent of ``siblings``, for
    ``user``: statistical secrecy per dataset as everywhere, then across levels
    (``secrecy.protect_total``) for every count an indicator adds up, so that the parent's
    total minus the children shown never equals a hidden child. A secret figure's reason
    says why. A constant number of queries, whatever the number of children."""
    datasets = list(
        access.visible(
            user, Dataset.objects.published().filter(territory_id__in=list(siblings.sources))
        )
        .prefetch_related(
            Prefetch(
                "variables",
                queryset=DatasetVariable.objects.only(
                    "dataset_id", "code", "is_count", "household_income"
                ),
            )
        )
        .order_by("-created_at", "-pk")
    )
    reader = _Reader(actor=access.actor_for(user), datasets=datasets)
    parent_level, parent_code = siblings.parent
    readable = [p for p in siblings.children if p[1] not in siblings.withheld]
    level = siblings.children[0][0] if siblings.children else GeoLevel.COMMUNE
    formulas = {ind.code: parse(ind.formula) for ind in indicators}
    variables: set[str] = set().union(*(f.variables for f in formulas.values()))
    variables |= {d.household_count_variable for d in datasets}
    wanted_periods = set(periods) if periods is not None else None
    cells: dict[tuple[str, str, str, int], secrecy.Cell] = {}
    additive: set[str] = set()
    if datasets and variables:
        # The withheld children's rows of a shared dataset are fetched with their siblings
        # so that the dataset's own secondary suppression is the same as on every other
        # page; they never reach a figure.
        codes = [code for _level, code in siblings.children] or [parent_code]
        where = _sibling_filter(level, codes) | Q(level=parent_level, geo_code=parent_code)
        rows = (
            Value.objects.filter(dataset__in=[d.pk for d in datasets], variable__in=variables)
            .filter(where)
            .values_list(
                "dataset_id", "variable", "level", "geo_code", "period", "value", "missing"
            )
        )
        per_dataset: dict[int, list[secrecy.Cell]] = defaultdict(list)
        for dataset_id, variable, lvl, code, period, value, missing in rows.iterator(
            chunk_size=5000
        ):
            per_dataset[dataset_id].append(
                secrecy.Cell(variable, lvl, code, period, value, missing)
            )
        wanted = set(readable) | {siblings.parent}
        for dataset in datasets:
            found = per_dataset.get(dataset.pk)
            if not found:
                continue
            rules = _rules(dataset)
            if not reader.raw(dataset):
                secrecy.apply(found, rules)
            speaks_for = siblings.sources.get(dataset.territory_id)
            for cell in found:
                place = (cell.level, cell.geo_code)
                if place not in wanted:
                    continue
                if speaks_for is not None and cell.geo_code not in speaks_for:
                    continue
                key = (cell.variable, cell.level, cell.geo_code, cell.period)
                if key not in cells:
                    cell.source, cell.vintage = dataset.source, dataset.vintage
                    cells[key] = cell
                    if cell.variable in rules.count_variables:
                        additive.add(cell.variable)
    formula_variables = set().union(*(f.variables for f in formulas.values()))
    for variable in sorted(additive & formula_variables):
        for period in sorted({k[3] for k in cells if k[0] == variable}):
            secrecy.protect_total(
                [cells.get((variable, lvl, code, period)) for lvl, code in readable],
                cells.get((variable, parent_level, parent_code, period)),
                withheld=len(siblings.withheld),
            )
    found_periods: dict[Place, set[int]] = defaultdict(set)
    for _variable, lvl, code, period in cells:
        found_periods[(lvl, code)].add(period)
    places = [*siblings.children, siblings.parent]
    names = place_names(places)
    result: list[Figure] = []
    for indicator in indicators:
        formula = formulas[indicator.code]
        figures: list[Figure] = []
        withheld: list[Place] = []
        for place in places:
            lvl, code = place
            if code in siblings.withheld and place != siblings.parent:
                withheld.append(place)
                continue
            for period in sorted(found_periods.get(place, ())):
                if wanted_periods is not None and period not in wanted_periods:
                    continue
                inputs = [cells.get((v, lvl, code, period)) for v in formula.variables]
                if all(cell is None for cell in inputs):
                    continue
                figures.append(
                    _sibling_figure(indicator, formula, inputs, place, period, names, reader)
                )
        # A withheld child shows as such in every year the indicator has figures.
        for period in sorted({f.period for f in figures}):
            figures.extend(_withheld(indicator, place, period, names) for place in withheld)
        result.extend(figures)
    return result


def _sibling_figure(
    indicator: Indicator,
    formula: Any,
    inputs: list[secrecy.Cell | None],
    place: Place,
    period: int,
    names: dict[Place, str],
    reader: _Reader,
) -> Figure:
    """A figure whose secret reason says why (a small count, a complement…)."""
    figure = _figure(indicator, formula, inputs, place, period, names, reader)
    if figure.status != FigureStatus.SECRET:
        return figure
    why = next((c.why for c in inputs if c is not None and c.status == FigureStatus.SECRET), "")
    if why in SECRET_REASONS:
        figure = replace(figure, reason=str(SECRET_REASONS[why]))
    return figure


def _withheld(indicator: Indicator, place: Place, period: int, names: dict[Place, str]) -> Figure:
    return Figure(
        indicator_code=indicator.code,
        level=place[0],
        geo_code=place[1],
        geo_name=names.get(place, place[1]),
        period=period,
        value=None,
        status=FigureStatus.SECRET,
        reason=str(WITHHELD),
        source="",
        vintage="",
        unit=indicator.unit,
        decimals=indicator.decimals,
    )

"""Every non-trivial read of the programme, already narrowed by the access engine, with the
joins and prefetches that keep a page's query count flat whatever the amount of data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import access, write_generation
from maillage.programme.models import (
    Action,
    ActionPartner,
    ActionVersion,
    Axis,
    ImportBatch,
    Indicator,
    InspiringModel,
    JournalEntry,
    MeansLine,
    Measurement,
    Milestone,
    Objective,
    StatusChange,
)
from maillage.territories.models import GeoUnit, Organisation, Territory

SORTS: dict[str, tuple[Any, ...]] = {
    "code": ("sort_key",),
    "-code": ("-sort_key",),
    "title": ("title", "sort_key"),
    "-title": ("-title", "sort_key"),
    "status": ("status", "sort_key"),
    "starts_on": ("starts_on", "sort_key"),
    "-starts_on": ("-starts_on", "sort_key"),
    "ends_on": ("ends_on", "sort_key"),
    "progress": (F("progress").asc(nulls_last=True), "sort_key"),
    "-progress": (F("progress").desc(nulls_last=True), "sort_key"),
    "-updated_at": ("-updated_at", "sort_key"),
    # Late fiches first, then fiches with a late milestone, each by their planned end.
    "late": (
        F("is_late").desc(),
        F("has_late_milestone").desc(),
        F("ends_on").asc(nulls_last=True),
        "sort_key",
    ),
}

# The list's "en retard" filter: which lateness a fiche must show.
LATE_ANY = "any"
LATE_ACTION = "action"
LATE_MILESTONE = "milestone"
LATE_FILTERS = (LATE_ANY, LATE_ACTION, LATE_MILESTONE)


@dataclass
class ActionFilters:
    axis: Axis | None = None
    objective: Objective | None = None
    status: str = ""
    pilot: Organisation | None = None
    partner: Organisation | None = None
    public: str = ""
    place: GeoUnit | None = None
    text: str = ""
    sort: str = "code"
    late: str = ""

    @property
    def active(self) -> bool:
        return any(
            [
                self.late,
                self.axis,
                self.objective,
                self.status,
                self.pilot,
                self.partner,
                self.public,
                self.place,
                self.text,
            ]
        )


def visible_actions(user: Any, territory: Territory) -> QuerySet[Action]:
    return access.visible(user, Action.objects.filter(territory=territory))


def action_list(user: Any, territory: Territory, filters: ActionFilters) -> QuerySet[Action]:
    """The actions a user sees in a territory, filtered and sorted, ready for a page."""
    qs = visible_actions(user, territory)
    if filters.axis is not None:
        qs = qs.filter(objective__axis=filters.axis)
    if filters.objective is not None:
        qs = qs.filter(objective=filters.objective)
    if filters.status:
        qs = qs.filter(status=filters.status)
    # Many-to-many filters go through a subquery of primary keys, so that one action shows
    # once however many of its rows match.
    if filters.pilot is not None:
        qs = qs.filter(pk__in=Action.objects.filter(pilots=filters.pilot).values("pk"))
    if filters.partner is not None:
        qs = qs.filter(
            pk__in=ActionPartner.objects.filter(organisation=filters.partner).values("action_id")
        )
    if filters.public:
        qs = qs.filter(publics__public=filters.public)
    if filters.place is not None:
        qs = qs.filter(pk__in=Action.objects.filter(places=filters.place).values("pk"))
    if filters.text:
        qs = qs.search(filters.text)  # type: ignore[attr-defined]
    today = timezone.localdate()
    if filters.late == LATE_ANY:
        qs = qs.late_or_with_late_milestones(today)  # type: ignore[attr-defined]
    elif filters.late == LATE_ACTION:
        qs = qs.late(today)  # type: ignore[attr-defined]
    elif filters.late == LATE_MILESTONE:
        qs = qs.with_late_milestones(today)  # type: ignore[attr-defined]
    order = SORTS.get(filters.sort, SORTS["code"])
    return (
        qs.with_lateness(today)  # type: ignore[attr-defined]
        .select_related("territory", "objective__axis")
        .prefetch_related(Prefetch("pilots", queryset=Organisation.objects.only("id", "name")))
        .order_by(*order)
    )


def _mine(user: Any, territory: Territory) -> QuerySet[Action, Any]:
    """The primary keys of the actions a professional works on: piloted or partnered by
    one of their organisations, or where they are a referent."""
    orgs = access.actor_for(user).orgs_in(territory.pk)
    referent = Q(referents=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    return Action.objects.filter(
        Q(pilots__in=orgs) | Q(partner_links__organisation__in=orgs) | referent
    ).values("pk")


def my_action_ids(user: Any, territory: Territory) -> list[int]:
    """The primary keys of the actions a professional works on in ``territory`` (piloted or
    partnered by one of their organisations, or where they are a referent) and may see.
    Read once per request: a partner's first screen lists them (« Mes fiches actions »)
    and their late ones (« Mes fiches en retard »), which then build no access filter."""
    return access.actor_for(user).remember(
        ("programme.my_action_ids", territory.pk),
        lambda: list(
            visible_actions(user, territory)
            .filter(pk__in=_mine(user, territory))
            .values_list("pk", flat=True)
        ),
    )


def my_actions(user: Any, territory: Territory) -> QuerySet[Action]:
    """The actions a professional works on: piloted or partnered by one of their
    organisations, or where they are a referent (``my_action_ids``)."""
    return (
        Action.objects.filter(pk__in=my_action_ids(user, territory))
        .with_lateness(timezone.localdate())
        .select_related("territory", "objective__axis")
        .prefetch_related(
            Prefetch("pilots", queryset=Organisation.objects.only("id", "name")),
            Prefetch(
                "milestones",
                queryset=Milestone.objects.filter(done_on__isnull=True).order_by("planned_on"),
                to_attr="open_milestones",
            ),
        )
        .order_by("sort_key")
    )


def my_actions_first(user: Any, territory: Territory, today: datetime.date) -> QuerySet[Action]:
    """A partner's fiches as their first screen lists them: the late ones first (the fiche
    itself, then one with a late milestone), each group by its planned end; only what the
    block shows (no pilots, no milestones)."""
    return (
        Action.objects.filter(pk__in=my_action_ids(user, territory))
        .with_lateness(today)
        .select_related("territory")
        .order_by(
            F("is_late").desc(),
            F("has_late_milestone").desc(),
            F("ends_on").asc(nulls_last=True),
            "sort_key",
        )
    )


def my_lateness(user: Any, territory: Territory, today: datetime.date) -> tuple[int, int]:
    """How many of the fiches a partner works on are late, and how many of their
    milestones: counted together, kept until the next write (under the late fiches'
    query: the partner's fiches and the day)."""
    late = late_actions(user, territory, today=today, mine=True).order_by()
    return write_generation.kept_for_query(
        late,
        lambda: (
            late.count(),
            late_milestones(user, territory, today=today, mine=True).order_by().count(),
        ),
        "programme-my-lateness",
    )


def visible_action_or_404(user: Any, territory: Territory, pk: Any) -> Action:
    """One action the reader sees, with what its page's frame names (its territory for
    the breadcrumb); its content is read by ``action_or_404``."""
    queryset = Action.objects.filter(territory=territory).select_related("territory")
    action: Action = access.get_visible_or_404(user, queryset, pk=pk)
    return action


def action_or_404(user: Any, territory: Territory, pk: Any) -> Action:
    """One action with everything its page shows, in a fixed number of queries."""
    qs = (
        Action.objects.filter(territory=territory)
        .with_lateness(timezone.localdate())
        .select_related(
            "territory",
            "objective__axis",
            "inspired_by__action__territory",
            "inspiring_model",
        )
        .prefetch_related(
            "pilots",
            "restricted_to",
            "places",
            "publics",
            "referents",
            Prefetch(
                "partner_links",
                queryset=ActionPartner.objects.select_related("organisation").order_by(
                    "organisation__name"
                ),
            ),
            Prefetch("means", queryset=MeansLine.objects.select_related("organisation")),
            "milestones",
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related("yearly_targets"),
            ),
            Prefetch("status_changes", queryset=StatusChange.objects.select_related("changed_by")),
        )
    )
    action: Action = access.get_visible_or_404(user, qs, pk=pk)
    # The related fiches the user sees: none on most fiches (``prefetch_visible_if_any``).
    access.prefetch_visible_if_any(
        user, action, "related", Action.objects.select_related("territory").order_by("sort_key")
    )
    return action


def journal_entries(action: Action) -> QuerySet[JournalEntry]:
    """The action's journal, the latest first, for a page of it (``JOURNAL_PER_PAGE``): a
    fiche followed for years writes hundreds of entries, which its page does not list
    at once."""
    return action.journal.select_related("author").prefetch_related("attachments")


def editable_action_or_404(user: Any, territory: Territory, pk: Any) -> Action:
    """An action for a form: light, with what the access engine needs."""
    qs = (
        Action.objects.filter(territory=territory)
        .select_related("territory", "objective__axis")
        .prefetch_related("pilots", "restricted_to", "partner_links")
    )
    return access.get_visible_or_404(user, qs, pk=pk)


# --------------------------------------------------------------------------- late


def late_actions(
    user: Any, territory: Territory, *, today: datetime.date | None = None, mine: bool = False
) -> QuerySet[Action]:
    """The fiches past their planned end and not done that the user sees, the longest
    late first (``mine``: only those the user works on, as in « Mes actions »)."""
    day = today or timezone.localdate()
    qs: QuerySet[Action] = (
        Action.objects.filter(pk__in=my_action_ids(user, territory))
        if mine
        else visible_actions(user, territory)
    )
    return (
        qs.late(day)  # type: ignore[attr-defined]
        .select_related("territory", "objective__axis")
        .prefetch_related(Prefetch("pilots", queryset=Organisation.objects.only("id", "name")))
        .order_by("ends_on", "sort_key")
    )


def late_milestones(
    user: Any, territory: Territory, *, today: datetime.date | None = None, mine: bool = False
) -> QuerySet[Milestone]:
    """The late milestones of the fiches the user sees, the longest late first."""
    day = today or timezone.localdate()
    if mine:
        late = Milestone.objects.late(day).filter(action_id__in=my_action_ids(user, territory))
    else:
        late = Milestone.objects.late(day).filter(
            action__in=visible_actions(user, territory).values("pk")
        )
    return late.select_related("action__territory").order_by("planned_on", "id")


def late_counts(user: Any, territory: Territory, *, today: datetime.date | None = None) -> dict:
    """How many fiches and milestones are late, for a badge or a first screen."""
    day = today or timezone.localdate()
    return {
        "actions": late_actions(user, territory, today=day).count(),
        "milestones": late_milestones(user, territory, today=day).count(),
    }


# --------------------------------------------------------------------------- overview


@dataclass
class AxisSummary:
    axis: Axis | None
    objectives: list[Objective]
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    progress: Decimal | None = None

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)


def overview(user: Any, territory: Territory) -> list[AxisSummary]:
    """Each axis with its objectives, the number of visible actions in each status and
    their mean progress; actions outside any axis come last."""
    axes = _axes_with_objectives(territory)
    visible = visible_actions(user, territory).order_by()
    by_status, by_objective, progress_by_axis = write_generation.kept_for_query(
        visible, lambda: _overview_figures(visible), "programme-overview"
    )
    counts: dict[int | None, dict[str, int]] = {}
    for axis_id, status, n in by_status:
        counts.setdefault(axis_id, {})[status] = n
    for each in axes:
        for objective in each.objectives.all():
            objective.action_count = by_objective.get(objective.pk, 0)  # type: ignore[attr-defined]
    summaries = []
    maybe_axes: list[Axis | None] = [*axes, None]
    for axis in maybe_axes:
        key = axis.pk if axis else None
        own = counts.get(key, {})
        if axis is None and not own:
            continue
        avg = progress_by_axis.get(key)
        summaries.append(
            AxisSummary(
                axis=axis,
                objectives=list(axis.objectives.all()) if axis else [],
                counts=own,
                total=sum(own.values()),
                progress=Decimal(avg).quantize(Decimal("0.1")) if avg is not None else None,
            )
        )
    return summaries


def _axes_with_objectives(territory: Territory) -> list[Axis]:
    """The territory's axes, each with its objectives: the same for every reader of the
    territory, read once until the next write (three first screens and the public home
    show them)."""
    return write_generation.kept_until_written(
        f"programme:axes:{territory.pk}",
        lambda: list(
            Axis.objects.filter(territory=territory).prefetch_related(
                Prefetch("objectives", queryset=Objective.objects.order_by("sort_key"))
            )
        ),
    )


def _overview_figures(
    visible: QuerySet[Action],
) -> tuple[list[tuple[int | None, str, int]], dict[int, int], dict[int | None, Any]]:
    """The overview's three aggregates over the actions a reader sees — by axis and
    status, by objective, mean progress by axis —, kept together until the next write
    (``overview``): three scans of the territory's fiches on each visit otherwise."""
    by_status = list(
        visible.values_list("objective__axis_id", "status").annotate(n=Count("pk", distinct=True))
    )
    by_objective = dict(visible.values_list("objective_id").annotate(n=Count("pk", distinct=True)))
    progress = dict(visible.values_list("objective__axis_id").annotate(avg=Avg("progress")))
    return by_status, by_objective, progress


def status_totals(summaries: list[AxisSummary]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for summary in summaries:
        for status, n in summary.counts.items():
            totals[status] = totals.get(status, 0) + n
    return totals


# --------------------------------------------------------------------------- choices


def axes_with_objectives(territory: Territory) -> list[Axis]:
    return list(
        Axis.objects.filter(territory=territory).prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.order_by("sort_key"))
        )
    )


def objectives_of(territory: Territory) -> QuerySet[Objective]:
    return Objective.objects.filter(axis__territory=territory).select_related("axis")


def partner_organisations(territory: Territory) -> QuerySet[Organisation]:
    return Organisation.objects.partners_of(territory).order_by("name")


def geounits_of(territory: Territory) -> QuerySet[GeoUnit]:
    return GeoUnit.objects.filter(territory=territory).order_by("kind", "name")


def filter_choices(territory: Territory) -> dict[str, list[tuple[Any, ...]]]:
    """What the actions list's filters offer — the territory's axes, objectives and
    places, as plain tuples (its organisations: ``territories.selectors.partner_choices``)
    —, the same for every reader: read once until the next write (queries on each visit
    of the most visited page otherwise)."""

    def read() -> dict[str, list[tuple[Any, ...]]]:
        return {
            "axes": list(territory.axes.values_list("pk", "number", "short_name")),
            "objectives": list(
                objectives_of(territory).values_list("pk", "axis__number", "code", "title")
            ),
            "places": list(geounits_of(territory).values_list("pk", "name")),
        }

    return write_generation.kept_until_written(f"programme:filter-choices:{territory.pk}", read)


# --------------------------------------------------------------------------- history


def versions_of(action: Action) -> QuerySet[ActionVersion]:
    return action.versions.select_related("author").order_by("-number")


def version_or_404(action: Action, number: Any) -> ActionVersion:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(action.versions.select_related("author"), number=number)


def import_batch_or_404(user: Any, territory: Territory, pk: Any) -> ImportBatch:
    return access.get_visible_or_404(
        user, ImportBatch.objects.filter(territory=territory).select_related("territory"), pk=pk
    )


@dataclass
class ObjectiveBlock:
    objective: Objective | None
    actions: list[Action]


@dataclass
class AxisBlock:
    axis: Axis | None
    objectives: list[ObjectiveBlock]

    @property
    def count(self) -> int:
        return sum(len(block.actions) for block in self.objectives)


def programme_by_axis(user: Any, territory: Territory) -> list[AxisBlock]:
    """The whole programme a user sees, axis by axis and objective by objective, for print."""
    actions = list(
        visible_actions(user, territory)
        .select_related("objective__axis")
        .prefetch_related(
            Prefetch("pilots", queryset=Organisation.objects.only("id", "name")),
            Prefetch(
                "partner_links",
                queryset=ActionPartner.objects.select_related("organisation"),
            ),
            "publics",
        )
        .order_by("sort_key")
    )
    by_objective: dict[int | None, list[Action]] = {}
    for action in actions:
        by_objective.setdefault(action.objective_id, []).append(action)
    blocks = []
    for axis in axes_with_objectives(territory):
        blocks.append(
            AxisBlock(
                axis,
                [ObjectiveBlock(o, by_objective.get(o.pk, [])) for o in axis.objectives.all()],
            )
        )
    if by_objective.get(None):
        blocks.append(AxisBlock(None, [ObjectiveBlock(None, by_objective[None])]))
    return blocks


def cooperation_ties(user: Any, territory: Territory) -> list[tuple[list[Organisation], str]]:
    """For the network's cooperation map: the organisations piloting or partnering each
    action the user may see."""
    actions = (
        visible_actions(user, territory)
        .prefetch_related("pilots", "partner_links__organisation")
        .only("pk", "code", "title")
        .order_by("code")
    )
    return [
        (
            [*action.pilots.all(), *(link.organisation for link in action.partner_links.all())],
            _("Action « %(code)s %(title)s »") % {"code": action.code, "title": action.title},
        )
        for action in actions
    ]


# --------------------------------------------------------------------------- essaimage


@dataclass
class InspiringFilters:
    text: str = ""
    theme: str = ""
    territory_id: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.text or self.theme or self.territory_id)


def visible_inspiring_models(user: Any) -> QuerySet[InspiringModel]:
    """The fiches inspirantes the user may read: offered, public or for the network."""
    return access.visible(user, InspiringModel.objects.offered())


def inspiring_catalogue(user: Any, filters: InspiringFilters) -> QuerySet[InspiringModel]:
    """The catalogue's rows, newest first, each with its fiche, territory and axis and the
    number of fiches copied from it, in one query per page."""
    qs = visible_inspiring_models(user)
    if filters.text:
        qs = qs.search(filters.text)  # type: ignore[attr-defined]
    if filters.theme:
        qs = qs.filter(action__objective__axis__short_name=filters.theme)
    if filters.territory_id:
        qs = qs.filter(action__territory_id=filters.territory_id)
    return (
        qs.select_related("action__territory", "action__objective__axis")
        .annotate(reuse_count=Count("copies", distinct=True))
        .defer("search_text", "resources", "contacts")
        .order_by("-offered_at", "-id")
    )


def inspiring_filter_choices(user: Any) -> tuple[list[str], list[tuple[int, str]]]:
    """The themes (axes' short names) and territories the catalogue can be narrowed to:
    those of the models the user may read, one query each."""
    visible = visible_inspiring_models(user).order_by()
    themes = sorted(
        {
            name
            for name in visible.values_list("action__objective__axis__short_name", flat=True)
            if name
        },
        key=str.casefold,
    )
    territories = sorted(
        set(visible.values_list("action__territory_id", "action__territory__name")),
        key=lambda row: row[1].casefold(),
    )
    return themes, territories


def inspiring_model_or_404(user: Any, pk: Any) -> InspiringModel:
    return access.get_visible_or_404(
        user,
        InspiringModel.objects.select_related(
            "action__territory", "action__objective__axis", "offered_by"
        ).prefetch_related("action__publics"),
        pk=pk,
    )


def model_of(action: Action) -> InspiringModel | None:
    """The fiche's model, offered or withdrawn (loaded with the fiche by
    ``action_or_404``)."""
    try:
        return action.inspiring_model
    except InspiringModel.DoesNotExist:
        return None


def reuses(user: Any, model: InspiringModel) -> list[Action]:
    """The fiches copied from ``model``, oldest first, each flagged ``reader_sees`` when
    the user may read it (else the page names only its territory and date)."""
    readable = access.visible(user, Action.objects.filter(pk=OuterRef("pk")))
    return list(
        Action.objects.filter(inspired_by=model)
        .select_related("territory")
        .annotate(reader_sees=Exists(readable))
        .only("pk", "code", "title", "created_at", "territory__name", "territory__slug")
        .order_by("created_at", "pk")
    )


def copy_territories(user: Any, model: InspiringModel) -> list[Territory]:
    """The territories where the user may create fiches and so copy ``model`` into: not
    the model's own."""
    actor = access.actor_for(user)
    candidates = Territory.objects.exclude(pk=model.action.territory_id).order_by("name")
    if not actor.is_admin:
        candidates = candidates.filter(pk__in=actor.coordinated_territories())
    return [t for t in candidates if access.can(user, "create_action", t)]


class MonthlyMeasurement(NamedTuple):
    """The last measurement of a month, as the action page shows it."""

    measured_on: datetime.date
    value: Decimal
    source: str
    comment: str


@dataclass
class IndicatorSeries:
    """An indicator's measurements as the action page reads them: the last measurement of
    each month (oldest first) and how many measurements the indicator has in all."""

    monthly: list[MonthlyMeasurement] = field(default_factory=list)
    count: int = 0


def indicator_series(action: Action) -> dict[int, IndicatorSeries]:
    """The last measurement of each month of every indicator of ``action``, in one query
    whatever the number of measurements (a window function keeps one row per month), with
    each indicator's total number of measurements. Keyed by indicator id. Rows, not model
    instances: five years of one indicator are sixty of them, four indicators a fiche."""
    month = TruncMonth("measured_on")
    rows = (
        Measurement.objects.filter(indicator__action=action)
        .annotate(
            rank_in_month=Window(
                RowNumber(),
                partition_by=[F("indicator_id"), month],
                order_by=[F("measured_on").desc()],
            ),
            indicator_total=Window(Count("pk"), partition_by=[F("indicator_id")]),
        )
        .filter(rank_in_month=1)
        .order_by("indicator_id", "measured_on")
        .values_list("indicator_id", "measured_on", "value", "source", "comment", "indicator_total")
    )
    series: dict[int, IndicatorSeries] = {}
    for indicator_id, measured_on, value, source, comment, total in rows:
        entry = series.setdefault(indicator_id, IndicatorSeries())
        entry.monthly.append(MonthlyMeasurement(measured_on, value, source, comment))
        entry.count = total
    return series


def indicator_history(indicator: Indicator) -> QuerySet[Measurement]:
    """Every measurement of an indicator, newest first, for its paginated history."""
    return indicator.measurements.select_related("recorded_by").order_by("-measured_on")

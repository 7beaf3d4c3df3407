"""What the departmental home shows of each commune running a PST under a département
(docs/departments.md, "Vue départementale et partage").

Every figure is bounded by what the commune shares (core/sharing.py), capability by
capability: ``none`` shows nothing, ``aggregates`` counts and dates only — never the title
of a fiche, a body or a decision, never a link to a row — and ``details`` names and links
what a partner of the commune would read. Counts are aggregate queries over all the
communes at once: the number of queries does not grow with the number of communes.

Counted rows are those a partner of the commune reads (visibility ``public`` or
``partners``): a ``members`` or ``restricted`` fiche is never counted, so a count never
tells that a hidden row exists.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Min, OuterRef, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from maillage.core import sharing
from maillage.core.roles import Visibility
from maillage.core.sharing import Level
from maillage.governance.models import Agreement, Body, Meeting
from maillage.observatory import selectors as observatory
from maillage.observatory.figures import Figure, GeoLevel
from maillage.observatory.models import Indicator
from maillage.programme.models import Action, Axis
from maillage.territories.home import communes_below
from maillage.territories.models import GeoUnit, Territory

# The capabilities the departmental home reads, in the order of a commune's card.
SHOWN_CAPABILITIES = ("programme", "governance", "observatory")
KEY_FIGURES = 4
# The bodies a commune's card names; « et N autres » says how many more it runs.
BODIES_SHOWN = 5
READABLE = (Visibility.PUBLIC, Visibility.PARTNERS)
HELD = (Meeting.Status.HELD, Meeting.Status.APPROVED)


@dataclass
class BodySummary:
    kind_label: str
    name: str  # only at ``details``; "" otherwise
    url: str  # only at ``details``
    last_meeting: datetime.datetime | None


@dataclass
class CommuneOverview:
    territory: Territory
    levels: dict[str, str]
    axes_count: int = 0
    axes: list[str] = field(default_factory=list)  # names, only at ``details``
    actions_total: int = 0
    actions_by_status: list[tuple[str, str, int]] = field(default_factory=list)
    bodies: list[BodySummary] = field(default_factory=list)  # the first BODIES_SHOWN
    bodies_total: int = 0
    next_review: datetime.date | None = None
    review_late: bool = False
    figures: list[tuple[Indicator, Figure]] = field(default_factory=list)

    def shares(self, capability: str) -> bool:
        return self.levels[capability] != Level.NONE

    def details(self, capability: str) -> bool:
        return self.levels[capability] == Level.DETAILS

    @property
    def other_bodies(self) -> int:
        """How many of its bodies the card does not name."""
        return self.bodies_total - len(self.bodies)

    @property
    def opens(self) -> bool:
        """Does the commune share anything in detail (its name then links to its home)?"""
        return any(level == Level.DETAILS for level in self.levels.values())

    @property
    def programme(self) -> str:
        return self.levels["programme"]

    @property
    def governance(self) -> str:
        return self.levels["governance"]

    @property
    def observatory(self) -> str:
        return self.levels["observatory"]


def communes_query(department: Territory) -> QuerySet[Territory]:
    """The communes under ``department`` (directly or through an EPCI): those that run a
    PST in Maillage, by name; a query, for the departmental home to page (a Département of
    hundreds of communes instantiates the two dozen it shows, not all of them)."""
    return (
        Territory.objects.filter(communes_below(department))
        .only(
            "id", "name", "slug", "insee_code", "kind", "visibility", "parent", "department_sharing"
        )
        .order_by("name")
    )


def communes(department: Territory) -> list[Territory]:
    """The communes under ``department`` that run a PST in Maillage, every one of them."""
    return list(communes_query(department))


def commune_codes(department: Territory) -> set[str]:
    """The INSEE codes of the communes under ``department`` that run a PST in Maillage:
    what the map colours, read as plain values."""
    return set(communes_query(department).order_by().values_list("insee_code", flat=True))


def public_communes(department: Territory) -> list[Territory]:
    """The communes under ``department`` whose own pages are public."""
    return [c for c in communes(department) if c.visibility == Visibility.PUBLIC]


def _at_least(rows: list[CommuneOverview], capability: str) -> dict[int, CommuneOverview]:
    return {row.territory.pk: row for row in rows if row.shares(capability)}


def overview(
    user: Any,
    department: Territory,
    among: list[Territory] | None = None,
    *,
    bodies_shown: int | None = BODIES_SHOWN,
) -> list[CommuneOverview]:
    """Each commune under ``department`` (or each of ``among``, a page of them) with what
    it shares, and the first ``bodies_shown`` of its bodies (``None``: all of them, as
    the API lists them). A constant number of queries, whatever the number of communes."""
    rows = [
        CommuneOverview(
            territory=commune,
            levels={c: sharing.level_of(commune, c) for c in sharing.CAPABILITIES},
        )
        for commune in (communes(department) if among is None else among)
    ]
    _programme(rows)
    _governance(rows, bodies_shown)
    _observatory(user, department, rows)
    return rows


def _programme(rows: list[CommuneOverview]) -> None:
    shared = _at_least(rows, "programme")
    if not shared:
        return
    for tid, count in (
        Axis.objects.filter(territory_id__in=shared)
        .values_list("territory_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        shared[tid].axes_count = count
    detailed = [tid for tid, row in shared.items() if row.details("programme")]
    if detailed:
        for tid, number, name in Axis.objects.filter(territory_id__in=detailed).values_list(
            "territory_id", "number", "short_name"
        ):
            shared[tid].axes.append(f"{number}. {name}")
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for tid, status, count in (
        Action.objects.filter(territory_id__in=shared, visibility__in=READABLE)
        .values_list("territory_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[tid][status] = count
    for tid, row in shared.items():
        by_status = counts.get(tid, {})
        row.actions_by_status = [
            (str(value), str(label), by_status.get(value, 0))
            for value, label in Action.Status.choices
        ]
        row.actions_total = sum(by_status.values())


def _governance(rows: list[CommuneOverview], shown: int | None) -> None:
    shared = _at_least(rows, "governance")
    if not shared:
        return
    now = timezone.now()
    today = timezone.localdate()
    labels = dict(Body.Kind.choices)
    last_held = (
        Meeting.objects.filter(body=OuterRef("pk"), status__in=HELD, starts_at__lte=now)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    # The first bodies of each commune and how many it has: a card names a few, not the
    # eighty a large commune may run (its list is a link away).
    ranked = Body.objects.filter(
        territory_id__in=shared, is_archived=False, visibility__in=READABLE
    ).annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("territory_id")],
            order_by=[F("kind").asc(), F("name").asc(), F("pk").asc()],
        ),
        total=Window(Count("pk"), partition_by=[F("territory_id")]),
        last_meeting=Subquery(last_held),
    )
    if shown is not None:
        ranked = ranked.filter(rank__lte=shown)
    bodies = ranked.values_list(
        "territory_id", "pk", "kind", "name", "last_meeting", "total"
    ).order_by("territory_id", "kind", "name", "pk")
    slugs = {tid: row.territory.slug for tid, row in shared.items()}
    for tid, pk, kind, name, last, total in bodies:
        row = shared[tid]
        row.bodies_total = total
        detailed = row.details("governance")
        row.bodies.append(
            BodySummary(
                kind_label=str(labels.get(kind, kind)),
                name=name if detailed else "",
                url=reverse("governance:body", kwargs={"territory_slug": slugs[tid], "pk": pk})
                if detailed
                else "",
                last_meeting=last,
            )
        )
    for tid, review in (
        Agreement.objects.in_force(today)
        .filter(territory_id__in=shared, visibility__in=READABLE, review_on__isnull=False)
        .values_list("territory_id")
        .annotate(next_review=Min("review_on"))
        .order_by()
    ):
        shared[tid].next_review = review
        shared[tid].review_late = review < today


def _observatory(user: Any, department: Territory, rows: list[CommuneOverview]) -> None:
    shared = _at_least(rows, "observatory")
    if not shared:
        return
    key = list(Indicator.objects.filter(key_figure=True).order_by("sort_order", "code"))
    if not key:
        return
    by_code = {row.territory.insee_code: row for row in shared.values()}
    places = [(str(GeoLevel.COMMUNE), code) for code in by_code]
    # The datasets of the levels above (the département, an EPCI) and of the communes
    # that share their observatory; never those of a commune that shares nothing.
    above: set[int] = {department.pk}
    above.update(row.territory.parent_id for row in rows if row.territory.parent_id)
    reader = observatory.reader_for(user, [*above, *shared])
    found = observatory.compute(user, indicators=key, places=places, reader=reader)
    latest: dict[tuple[str, str], Figure] = {}
    for figure in found:
        current = latest.get((figure.indicator_code, figure.geo_code))
        if current is None or figure.period > current.period:
            latest[(figure.indicator_code, figure.geo_code)] = figure
    for code, row in by_code.items():
        row.figures = [
            (indicator, latest[(indicator.code, code)])
            for indicator in key
            if (indicator.code, code) in latest
        ][:KEY_FIGURES]


def commune_contours(department: Territory) -> list[tuple[str, str, dict[str, Any] | None]]:
    """The commune contours stored on the département: (INSEE code, name, GeoJSON)."""
    return list(
        GeoUnit.objects.filter(territory=department, kind=GeoUnit.Kind.COMMUNE)
        .values_list("code", "name", "geometry")
        .order_by("name")
    )

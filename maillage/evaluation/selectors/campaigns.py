"""Reads of campaigns: the list, one campaign, its progress (aggregated in SQL)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from maillage.core import access
from maillage.evaluation.models import Bilan, Campaign
from maillage.programme.models import Action, Axis
from maillage.territories.models import Organisation, Territory

# The progress columns, in order: the states a bilan goes through.
COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("drafted", (Bilan.State.DRAFT, Bilan.State.RETURNED)),
    ("submitted", (Bilan.State.SUBMITTED,)),
    ("validated", (Bilan.State.VALIDATED,)),
)


def campaigns(user: Any, territory: Territory) -> QuerySet[Campaign]:
    return access.visible(user, Campaign.objects.filter(territory=territory)).order_by("-year")


def campaign_or_404(user: Any, territory: Territory, year: int) -> Campaign:
    campaign = access.get_visible_or_404(
        user, Campaign.objects.filter(territory=territory).select_related("territory"), year=year
    )
    assert isinstance(campaign, Campaign)
    return campaign


def open_campaign(territory: Territory) -> Campaign | None:
    return (
        Campaign.objects.filter(territory=territory, state=Campaign.State.OPEN)
        .select_related("territory")
        .order_by("-year")
        .first()
    )


def default_scope(territory: Territory, year: int) -> QuerySet[Action]:
    """The fiches of the year: open (en cours) or done, whose dates cover part of it."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return Action.objects.filter(
        territory=territory, status__in=(Action.Status.ONGOING, Action.Status.DONE)
    ).filter(
        Q(starts_on__isnull=True) | Q(starts_on__lte=end),
        Q(ends_on__isnull=True) | Q(ends_on__gte=start),
    )


def scope_choices(territory: Territory) -> QuerySet[Action]:
    return (
        Action.objects.filter(territory=territory).only("pk", "code", "title").order_by("sort_key")
    )


@dataclass
class Row:
    label: str
    expected: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, column: str) -> int:
        return self.counts.get(column, 0)

    @property
    def drafted(self) -> int:
        return self.count("drafted")

    @property
    def submitted(self) -> int:
        return self.count("submitted")

    @property
    def validated(self) -> int:
        return self.count("validated")


@dataclass
class Progress:
    total: Row
    by_axis: list[Row]
    by_pilot: list[Row]
    late: int


def _column_of(state: str) -> str | None:
    for column, states in COLUMNS:
        if state in states:
            return column
    return None


def _add(row: Row, state: str, n: int) -> None:
    row.expected += n
    column = _column_of(state)
    if column is not None:
        row.counts[column] = row.counts.get(column, 0) + n


def progress(campaign: Campaign) -> Progress:
    """Bilans expected, drafted, submitted and validated: in all, by axis and by pilot
    organisation. Four queries whatever the size of the campaign (GROUP BY in SQL)."""
    bilans = Bilan.objects.filter(campaign=campaign)
    total = Row(str(campaign))
    late = 0
    for state, is_late, n in (
        bilans.values_list("state", "submitted_late").annotate(n=Count("pk")).order_by()
    ):
        _add(total, state, n)
        late += n if is_late else 0
    axes: defaultdict[int | None, Row] = defaultdict(lambda: Row(""))
    for axis_id, state, n in (
        bilans.values_list("action__objective__axis_id", "state").annotate(n=Count("pk")).order_by()
    ):
        _add(axes[axis_id], state, n)
    names = {
        a.pk: f"{a.number}. {a.short_name}"
        for a in Axis.objects.filter(pk__in=[k for k in axes if k is not None]).only(
            "pk", "number", "short_name"
        )
    }
    by_axis = []
    no_axis, no_pilot = _("Sans axe"), _("Sans pilote")
    for axis_id, row in sorted(
        axes.items(), key=lambda kv: (kv[0] is None, names.get(kv[0] or 0, ""))
    ):
        row.label = names.get(axis_id or 0, no_axis)
        by_axis.append(row)
    pilots: defaultdict[int | None, Row] = defaultdict(lambda: Row(""))
    for org_id, state, n in (
        bilans.values_list("action__pilots", "state").annotate(n=Count("pk")).order_by()
    ):
        _add(pilots[org_id], state, n)
    orgs = {
        o.pk: o.name
        for o in Organisation.objects.filter(pk__in=[k for k in pilots if k is not None]).only(
            "pk", "name"
        )
    }
    by_pilot = []
    for org_id, row in pilots.items():
        row.label = orgs.get(org_id or 0, no_pilot)
        by_pilot.append(row)
    by_pilot.sort(key=lambda r: (r.label == no_pilot, r.label.casefold()))
    return Progress(total=total, by_axis=by_axis, by_pilot=by_pilot, late=late)

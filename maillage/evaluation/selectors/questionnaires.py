"""Reads of the partnership: answers year over year, and cooperation measured from the
data (the network's cooperation graph, frozen in each year's snapshot)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count

from maillage.evaluation.models import SCALES, Campaign, PartnershipAnswer, Snapshot
from maillage.network.cooperation import cooperation_links
from maillage.territories.models import Territory


def answer_of(campaign: Campaign, organisation_id: int) -> PartnershipAnswer | None:
    return PartnershipAnswer.objects.filter(
        campaign=campaign, organisation_id=organisation_id
    ).first()


@dataclass
class YearRow:
    year: int
    answers: int
    means: dict[str, float | None]

    def mean(self, field: str) -> float | None:
        return self.means.get(field)


def year_over_year(territory: Territory) -> list[YearRow]:
    """The mean of each scale and the number of answers, per campaign year (one query)."""
    rows = (
        PartnershipAnswer.objects.filter(campaign__territory=territory)
        .values("campaign__year")
        .annotate(n=Count("pk"), **{f"avg_{name}": Avg(name) for name, _label in SCALES})
        .order_by("campaign__year")
    )
    found = []
    for row in rows:
        values: dict[str, Any] = dict(row)
        found.append(
            YearRow(
                year=row["campaign__year"],
                answers=values["n"],
                means={
                    name: round(float(values[f"avg_{name}"]), 1)
                    if values[f"avg_{name}"] is not None
                    else None
                    for name, _label in SCALES
                },
            )
        )
    return found


def answers(campaign: Campaign) -> list[PartnershipAnswer]:
    return list(campaign.partnership_answers.select_related("organisation"))


def cooperation_counts(user: Any, territory: Territory) -> dict[str, int]:
    """Pairs of organisations linked, by kind of link (co-piloted actions, shared bodies,
    shared services…), and organisations linked at all, as the network's cooperation
    graph finds them for ``user`` today."""
    links = cooperation_links(user, territory)
    kinds: Counter[str] = Counter()
    organisations: set[int] = set()
    for link in links:
        organisations.update((link.a.pk, link.b.pk))
        for kind in {reason.kind for reason in link.reasons}:
            kinds[kind] += 1
    return {"pairs": len(links), "organisations": len(organisations), **dict(sorted(kinds.items()))}


def cooperation_by_year(territory: Territory) -> list[tuple[int, dict[str, int]]]:
    """The counts frozen in each year's snapshot, oldest first."""
    found = []
    for snapshot in Snapshot.objects.filter(territory=territory).order_by("year"):
        found.append((snapshot.year, snapshot.data.get("partnership", {}).get("cooperation", {})))
    return found

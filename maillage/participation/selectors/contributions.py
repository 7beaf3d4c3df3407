from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet

from maillage.core import access, write_generation
from maillage.participation.models import Contribution, ModerationState, Origin, Status, Support

_RELATED = ("territory", "quartier")


def public_contributions(
    user: Any, territory: Any, *, kind: str = "", category: str = ""
) -> QuerySet[Contribution]:
    """The published contributions of the territory, newest first. Pending, refused and
    hidden ones never appear here, whoever reads."""
    found = access.visible(
        user, Contribution.objects.published().filter(territory=territory)
    ).select_related(*_RELATED)
    if kind:
        found = found.filter(kind=kind)
    if category:
        found = found.filter(category=category)
    return found.order_by("-created_at", "-id")


def done(user: Any, territory: Any) -> QuerySet[Contribution]:
    """ "Vous avez dit, nous avons fait": published contributions with an official answer,
    most recently answered first."""
    # Every answer has its date (services.answer_contribution): saying so lets PostgreSQL
    # read the index (territory, moderation, -answered_at) from the latest answer and stop
    # at the page, instead of sorting every answered contribution (NULLs come first in a
    # descending index).
    answered = Contribution.objects.answered().filter(
        territory=territory, answered_at__isnull=False
    )
    return (
        access.visible(user, answered)
        .select_related(*_RELATED, "body__territory", "action__territory")
        .order_by("-answered_at", "-id")
    )


def contribution_or_404(user: Any, territory: Any, pk: int) -> Contribution:
    return access.get_visible_or_404(
        user,
        Contribution.objects.filter(territory=territory).select_related(
            *_RELATED, "body__territory", "action__territory", "entered_for"
        ),
        pk=pk,
    )


def moderation_queue(user: Any, territory: Any) -> QuerySet[Contribution]:
    return (
        access.visible(
            user,
            Contribution.objects.filter(territory=territory, moderation=ModerationState.PENDING),
        )
        .select_related(*_RELATED, "entered_for")
        .order_by("created_at", "id")
    )


def mine(user: Any, territory: Any) -> QuerySet[Contribution]:
    """What the person wrote, or entered for residents, in the territory: every state."""
    if not getattr(user, "is_authenticated", False):
        return Contribution.objects.none()
    own = Contribution.objects.filter(territory=territory, author=user) | (
        Contribution.objects.filter(territory=territory, entered_by=user)
    )
    return own.select_related(*_RELATED, "action", "body").order_by("-created_at", "-id")


def supported_ids(user: Any, contributions: Iterable[Contribution]) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    ids = [c.pk for c in contributions]
    return set(
        Support.objects.filter(user=user, contribution_id__in=ids).values_list(
            "contribution_id", flat=True
        )
    )


def origin_counts(user: Any, territory: Any) -> list[dict[str, Any]]:
    """Published contributions by origin and by what became of them: one row per origin,
    every origin listed (zero included). Published contributions are public: the counts,
    over every one of the territory's, are the same for every reader and kept until the
    next write."""
    table = write_generation.kept_until_written(
        f"participation:origins:{territory.pk}", lambda: _origin_table(territory)
    )
    return [
        {
            "origin": origin,
            "label": label,
            "by_status": [table[origin][s] for s in Status.values],
            "total": sum(table[origin].values()),
        }
        for origin, label in Origin.choices
    ]


def _origin_table(territory: Any) -> dict[str, dict[str, int]]:
    rows = (
        Contribution.objects.published()
        .filter(territory=territory)
        .values("origin", "status")
        .annotate(n=Count("id"))
    )
    table: dict[str, dict[str, int]] = {o: dict.fromkeys(Status.values, 0) for o in Origin.values}
    for row in rows:
        table[row["origin"]][row["status"]] = row["n"]
    return table

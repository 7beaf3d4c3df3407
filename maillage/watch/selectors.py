"""Every non-trivial read of the veille, already narrowed by the access engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from maillage.core import access, search
from maillage.governance.models import Body
from maillage.observatory.models import Indicator
from maillage.programme.models import Action
from maillage.territories.models import GeoUnit, Organisation, Partnership, Territory
from maillage.territories.selectors import territory_or_404
from maillage.watch.access import corroborating_orgs
from maillage.watch.models import Corroboration, Orientation, Signal

__all__ = [
    "Filters",
    "body_choices",
    "filtered",
    "inbox",
    "indicator_choices",
    "mine",
    "place_choices",
    "signal_or_404",
    "similar",
    "territory_or_404",
    "visible_signals",
]

PLACE_KINDS = (GeoUnit.Kind.QUARTIER, GeoUnit.Kind.IRIS, GeoUnit.Kind.QPV)


def visible_signals(user: Any, territory: Territory) -> QuerySet[Signal]:
    return access.visible(user, Signal.objects.filter(territory=territory))


def _list_related(queryset: QuerySet[Signal]) -> QuerySet[Signal]:
    # The rows show names only: not the places' geometry nor the organisations' long texts.
    return queryset.select_related("organisation", "place", "territory").defer(
        "description",
        "search_body",
        "place__geometry",
        "organisation__description",
        "organisation__search_text",
        "organisation__address",
    )


def signal_or_404(user: Any, territory: Territory, pk: int) -> Signal:
    queryset = visible_signals(user, territory).select_related(
        "organisation", "place", "territory", "author", "merged_into"
    )
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def detail_parts(user: Any, signal: Signal) -> dict[str, Any]:
    """What the detail page shows besides the signal: corroborations, triage history,
    orientations (the "suite donnée"), the duplicates merged into it."""
    corroborations = list(
        signal.corroborations.select_related("organisation", "author").order_by("created_at", "pk")
    )
    orientations = list(
        signal.orientations.select_related(
            "body", "agenda_item", "action", "indicator", "created_by", "decided_by"
        ).order_by("created_at", "pk")
    )
    changes = list(signal.changes.select_related("actor").order_by("created_at", "pk"))
    merged = list(access.visible(user, signal.merged.all()).only("pk", "title", "territory_id"))
    sectors = {c.organisation.kind for c in corroborations if getattr(c.organisation, "kind", "")}
    return {
        "corroborations": corroborations,
        "orientations": orientations,
        "changes": changes,
        "merged": merged,
        "organisations_count": len({c.organisation_id for c in corroborations}),
        "sectors_count": len(sectors),
        "situations_total": signal.situations_count
        + sum(c.situations_count for c in corroborations),
        "outcomes": [o for o in orientations if o.state == Orientation.State.DONE],
    }


@dataclass(frozen=True)
class Filters:
    thematique: str = ""
    place: int | None = None
    status: str = ""
    organisation: int | None = None
    q: str = ""


def filtered(user: Any, territory: Territory, filters: Filters) -> QuerySet[Signal]:
    """The list with its filters, newest first."""
    queryset = visible_signals(user, territory)
    if filters.thematique:
        queryset = queryset.filter(
            Q(thematique=filters.thematique) | Q(thematique__startswith=filters.thematique + "--")
        )
    if filters.place is not None:
        queryset = queryset.filter(place_id=filters.place)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.organisation is not None:
        queryset = queryset.filter(
            Q(organisation_id=filters.organisation)
            | Q(
                pk__in=Corroboration.objects.filter(
                    organisation_id=filters.organisation, signal__territory=territory
                ).values("signal_id")
            )
        )
    if filters.q:
        queryset = search.match(queryset, filters.q, rank=False)
    return _list_related(queryset).order_by("-created_at", "-pk")


def inbox(user: Any, territory: Territory, status: str = "") -> QuerySet[Signal]:
    """The cellule's triage inbox: open signals (or one status), what has waited
    longest first (last change of state, or arrival), then the most corroborated."""
    queryset = visible_signals(user, territory).exclude(merged_into__isnull=False)
    if status:
        queryset = queryset.filter(status=status)
    else:
        queryset = queryset.filter(status__in=[Signal.Status.NEW, Signal.Status.QUALIFYING])
    return _list_related(queryset).order_by(
        "status_changed_at", "created_at", "-corroborating_orgs", "pk"
    )


def mine(user: Any, territory: Territory) -> QuerySet[Signal]:
    """« Mes signalements » : what the person reported or their organisations reported
    or corroborated, with what became of it."""
    actor = access.actor_for(user)
    orgs = actor.orgs_in(territory.pk)
    q = Q(author_id=user.pk)
    if orgs:
        q |= Q(organisation_id__in=orgs) | Q(
            pk__in=Corroboration.objects.filter(
                organisation_id__in=orgs, signal__territory=territory
            ).values("signal_id")
        )
    queryset = visible_signals(user, territory).filter(q)
    done = Orientation.objects.filter(state=Orientation.State.DONE).order_by("created_at", "pk")
    return (
        _list_related(queryset)
        .prefetch_related(Prefetch("orientations", queryset=done, to_attr="outcomes"))
        .order_by("-created_at", "-pk")
    )


def similar(
    user: Any, territory: Territory, text: str, *, exclude: int | None = None, limit: int = 5
) -> list[Signal]:
    """Open signals of the territory that look like ``text`` (title and description
    being typed), for « nous l’observons aussi » instead of a duplicate."""
    queryset = (
        visible_signals(user, territory)
        .filter(merged_into__isnull=True)
        .exclude(status=Signal.Status.CLOSED)
    )
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude)
    return list(
        search.similar(
            queryset.select_related("organisation", "place").defer("search_body"),
            text,
            limit=limit,
        )
    )


def place_choices(territory: Territory) -> QuerySet[GeoUnit]:
    return (
        GeoUnit.objects.filter(territory=territory, kind__in=PLACE_KINDS)
        .defer("geometry")
        .order_by("kind", "name")
    )


def organisation_choices(user: Any, territory: Territory) -> QuerySet[Organisation]:
    """The organisations the person may report for here."""
    actor = access.actor_for(user)
    if actor.is_admin:
        return Organisation.objects.filter(partnerships__territory=territory).distinct()
    return Organisation.objects.filter(pk__in=actor.orgs_in(territory.pk)).order_by("name")


def corroboration_choices(user: Any, signal: Signal) -> QuerySet[Organisation]:
    """The organisations the person may corroborate the signal for: theirs, other than
    the reporting one and those that already did."""
    actor = access.actor_for(user)
    if actor.is_admin:
        done = signal.corroborations.values("organisation_id")
        return (
            Organisation.objects.filter(partnerships__territory_id=signal.territory_id)
            .exclude(pk=signal.organisation_id)
            .exclude(pk__in=done)
            .distinct()
            .order_by("name")
        )
    return Organisation.objects.filter(pk__in=corroborating_orgs(actor, signal)).order_by("name")


def filter_organisations(user: Any, territory: Territory) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(
            pk__in=Partnership.objects.filter(territory=territory).values("organisation_id")
        )
        .only("pk", "name")
        .order_by("name")
    )


def body_choices(user: Any, territory: Territory) -> QuerySet[Body]:
    """Bodies whose backlog a signal may go to: the territory's active bodies the person
    sees (rights to propose are checked by the service)."""
    return access.visible(
        user, Body.objects.filter(territory=territory, is_archived=False)
    ).order_by("kind", "name")


def indicator_choices(user: Any, territory: Territory) -> QuerySet[Indicator]:
    return access.visible(user, Indicator.objects.all()).order_by("name")


def orientation_or_404(user: Any, territory: Territory, pk: int) -> Orientation:
    found = (
        access.visible(user, Orientation.objects.filter(signal__territory=territory))
        .select_related("signal__territory", "body", "indicator")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def action_choices(user: Any, territory: Territory) -> QuerySet[Action]:
    return access.visible(user, Action.objects.filter(territory=territory)).order_by("sort_key")


def proposals(user: Any, territory: Territory) -> QuerySet[Orientation]:
    """Orientations waiting for a coordinator's decision."""
    return access.visible(
        user,
        Orientation.objects.filter(
            signal__territory=territory, state=Orientation.State.PROPOSED
        ).select_related("signal", "body", "indicator", "created_by"),
    ).order_by("created_at", "pk")

"""Reads of territories, organisations and memberships, already narrowed by the access
engine."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from maillage.core import access, references, write_generation
from maillage.core.models import AuditEntry
from maillage.core.roles import Role, Visibility
from maillage.territories.models import (
    GeoUnit,
    Membership,
    Organisation,
    OrganisationQuerySet,
    Partnership,
    Territory,
)

# At most six hours between two counts of a territory's members and partners.
COUNTS_TTL = 6 * 3600


def visible_territories(user: Any) -> QuerySet[Territory]:
    return access.visible(user, Territory.objects.all())


def signup_territories() -> QuerySet[Territory]:
    """Where residents may sign up: the public communes and intercommunalities (a
    Département's residents belong to one of its communes)."""
    return visible_territories(None).exclude(kind=Territory.Kind.DEPARTEMENT).order_by("name")


def territory_or_404(user: Any, slug: str) -> Territory:
    return access.get_visible_or_404(user, Territory.objects.select_related("parent"), slug=slug)


def territories_for_home(user: Any) -> list[Territory]:
    """With the number of partners each shows this user (hidden ones are not counted)."""
    shown = access.visible(user, Organisation.objects.all()).values("pk")
    return list(
        visible_territories(user)
        .annotate(
            partner_count=Count(
                "partnerships",
                filter=Q(partnerships__organisation__in=shown),
                distinct=True,
            )
        )
        .order_by("kind", "name")
    )


def switcher_territories(user: Any) -> list[Territory]:
    """The territories a signed-in user works in, including those they read through a
    Département membership."""
    if not getattr(user, "is_authenticated", False):
        return []
    actor = access.actor_for(user)
    ids = set(actor.roles)
    if not ids:
        return []
    return list(Territory.objects.filter(pk__in=ids).only("id", "name", "slug").order_by("name"))


def partners(
    user: Any,
    territory: Territory,
    *,
    kind: str = "",
    text: str = "",
) -> QuerySet[Organisation]:
    # A semi-join, not partners_of's join: with thousands of partners PostgreSQL may then
    # walk the organisations in the list's order and stop after the page.
    in_territory = Organisation.objects.filter(
        pk__in=Partnership.objects.filter(territory=territory).values("organisation_id")
    )
    qs: OrganisationQuerySet = access.visible(user, in_territory)  # type: ignore[assignment]
    if kind:
        qs = qs.filter(kind=kind)
    if text:
        qs = qs.search(text)
    return qs.select_related("parent").order_by("search_text", "pk")


def visible_parent_ids(user: Any, organisations: Any) -> set[int]:
    """Which of these organisations' parents the user may see, in one query: a hidden
    parent is never named."""
    parent_ids = {o.parent_id for o in organisations if o.parent_id is not None}
    if not parent_ids:
        return set()
    return set(
        access.visible(user, Organisation.objects.filter(pk__in=parent_ids)).values_list(
            "pk", flat=True
        )
    )


def partner_ids_among(territory: Territory, organisation_ids: Any) -> set[int]:
    ids = [i for i in organisation_ids if i is not None]
    if not ids:
        return set()
    return set(
        Organisation.objects.partners_of(territory).filter(pk__in=ids).values_list("pk", flat=True)
    )


def organisation_children(
    user: Any, territory: Territory, organisation: Organisation
) -> list[Organisation]:
    """The services attached to an organisation that the user may see in this territory."""
    return list(
        access.visible(user, Organisation.objects.partners_of(territory))
        .filter(parent=organisation)
        .order_by("search_text", "pk")
    )


def partner_kinds(user: Any, territory: Territory) -> list[str]:
    """The kinds of the partners ``user`` may see, for the partners page's filter: from the
    territory's cached counts for the readers they hold (``_shared_view``)."""
    view = _shared_view(user, territory)
    if view is not None:
        return list(_cached_counts(territory)[f"kinds_{view}"])
    # A partner elsewhere (a Département agent on a commune) sees the public partners and
    # those that are also partners where they work: kept until the next write, shared by
    # every reader whose query is the same. Computed, they read every partner of the
    # territory (8 ms for 2,000 partners, ten times the time for 200).
    qs = access.visible(user, Organisation.objects.partners_of(territory))
    # order_by(): the model's default order by name would make every row distinct.
    kinds = qs.values_list("kind", flat=True).order_by().distinct()
    return write_generation.kept_for_query(kinds, lambda: sorted(set(kinds)), "kinds")


def partner_choices(territory: Territory) -> list[tuple[int, str, str]]:
    """Every partner organisation of the territory as ``(pk, name, acronym)``, by name,
    for the filters of the lists of fiches and decisions (which organisation pilots, owns
    or partners): the same for every reader, read once until the next write."""
    return write_generation.kept_until_written(
        f"territories:partner-choices:{territory.pk}",
        lambda: list(
            Organisation.objects.partners_of(territory)
            .order_by("name")
            .values_list("pk", "name", "acronym")
        ),
    )


def partner_count(
    user: Any, territory: Territory, cached: dict[str, Any] | None = None
) -> int | None:
    """How many partners ``user`` may see in the territory when the cached counts hold it
    (``None`` otherwise: the list counts them itself); ``cached``: those counts, already
    read."""
    view = _shared_view(user, territory)
    if view is None:
        return None
    return int((cached or _cached_counts(territory))[f"organisations_{view}"])


def organisation_or_404(user: Any, territory: Territory, pk: Any) -> Organisation:
    """An organisation shown in a territory's context: it must be a partner of that
    territory, or the answer is 404."""
    # Its partnerships (which territories: the access rules read them), not the territories;
    # and only those in the territories where the reader holds a role, the only ones the
    # rules look at (territories/access.py): a Département-wide organisation is a partner
    # of every commune, and its page read hundreds of them for a partner of one.
    actor = access.actor_for(user)
    mine = Partnership.objects.only("id", "territory_id", "organisation_id")
    if not actor.is_admin:
        mine = mine.filter(territory_id__in=sorted(actor.roles))
    partnerships = Prefetch("partnerships", queryset=mine)
    qs = (
        Organisation.objects.partners_of(territory)
        .select_related("parent")
        .prefetch_related(partnerships)
    )
    return access.get_visible_or_404(user, qs, pk=pk)


def organisation_members(user: Any, organisation: Organisation) -> QuerySet[Membership]:
    """Its members in every territory the user may see (a territory reserved to its
    partners is not named, nor are its people, to anyone else)."""
    qs = access.visible(
        user,
        Membership.objects.active()
        .filter(organisation=organisation, territory__in=visible_territories(user).values("pk"))
        .select_related("user", "territory"),
    )
    return qs.order_by("user__full_name", "territory__name", "pk")


# A Département-wide organisation is a partner of every commune: its page names the first
# of them, and says how many more.
TERRITORIES_SHOWN = 24


def organisation_territories(user: Any, organisation: Organisation) -> tuple[list[Territory], int]:
    """The territories an organisation is a partner of, among those the user may see: the
    first ``TERRITORIES_SHOWN`` in alphabetical order (by slug, which folds accents and
    case) and how many there are in all."""
    qs = access.visible(user, Territory.objects.filter(partnerships__organisation=organisation))
    count = qs.count()
    shown = list(qs.only("id", "name", "slug").order_by("slug")[:TERRITORIES_SHOWN])
    return shown, count


def _counts_key(territory_id: int) -> str:
    # "v2": the entry holds the partners' kinds too; a deploy must not read the old shape.
    return f"territories:counts:v2:{territory_id}"


def forget_counts(*territory_ids: int | None) -> None:
    """Drop the cached counts of these territories (on every write to their memberships,
    partnerships or partner organisations, see ``receivers``)."""
    keys = [_counts_key(tid) for tid in territory_ids if tid is not None]
    if keys:
        cache.delete_many(keys)


def _seconds_to_midnight() -> int:
    """A membership ending today stops counting tomorrow without any write: the cached
    counts last until local midnight at most."""
    now = timezone.localtime()
    midnight = (now + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0)
    return max(60, min(COUNTS_TTL, int((midnight - now).total_seconds())))


def _shared_view(user: Any, territory: Territory) -> str | None:
    """Which of the cached views of the territory's partners ``user`` reads: ``all`` for an
    admin or a partner-level member of the territory, ``public`` for a reader with no
    partner-level role anywhere, ``None`` for a partner elsewhere (who also sees the
    territory's partners that are also theirs: counted live)."""
    actor = access.actor_for(user)
    if actor.is_admin or actor.is_partner_level(territory.pk):
        return "all"
    if not actor.partner_level_territories():
        return "public"
    return None


def _cached_counts(territory: Territory) -> dict[str, Any]:
    """The territory's member and partner counts and its partners' kinds, the same for
    every reader: computed over its whole tables once, then read from the cache until a
    write forgets them."""
    key = _counts_key(territory.pk)
    counts = cache.get(key)
    if counts is not None:
        return dict(counts)
    # Membership.objects.active(), written as an anti-join on the (few) deactivated accounts
    # so PostgreSQL does not scan every user to count one territory's members.
    today = timezone.localdate()
    counts = (
        Membership.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .filter(territory=territory)
        .exclude(Exists(get_user_model().objects.filter(pk=OuterRef("user_id"), is_active=False)))
        .aggregate(
            people=Count("user", distinct=True, filter=~Q(role=Role.RESIDENT)),
            residents=Count("user", distinct=True, filter=Q(role=Role.RESIDENT)),
        )
    )
    counts.update(
        Organisation.objects.partners_of(territory).aggregate(
            organisations_all=Count("pk"),
            organisations_public=Count("pk", filter=Q(visibility=Visibility.PUBLIC)),
        )
    )
    kinds = set(
        Organisation.objects.partners_of(territory)
        .values_list("kind", "visibility")
        .order_by()
        .distinct()
    )
    counts["kinds_all"] = sorted({kind for kind, _ in kinds})
    counts["kinds_public"] = sorted({kind for kind, seen in kinds if seen == Visibility.PUBLIC})
    cache.set(key, counts, _seconds_to_midnight())
    return dict(counts)


def territory_counts(user: Any, territory: Territory) -> dict[str, int]:
    """How many people and partner organisations ``user`` may count on the territory's
    home. The partners are those ``user`` may view: all of them for an admin or a
    partner-level member of the territory, the public ones for a reader with no
    partner-level role anywhere (both cached per territory), counted live otherwise (a
    partner elsewhere also sees the territory's partners that are also theirs)."""
    cached = _cached_counts(territory)
    counts = {"people": cached["people"], "residents": cached["residents"]}
    organisations = partner_count(user, territory, cached)
    # A partner elsewhere sees their own mix: counted once until the next write.
    counts["organisations"] = (
        write_generation.kept_count(partners(user, territory))
        if organisations is None
        else organisations
    )
    return counts


def recent_partners(user: Any, territory: Territory, limit: int = 6) -> list[Organisation]:
    # partners_of's join, which the order reads: the territory's partnership, not the others.
    return list(
        access.visible(user, Organisation.objects.partners_of(territory))
        .select_related("parent")
        .order_by("-partnerships__created_at", "name")[:limit]
    )


def memberships_of(user: Any) -> list[Membership]:
    return list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("territory", "organisation")
        .order_by("territory__name", "role")
    )


def audit_log(user: Any, territory: Territory) -> QuerySet[AuditEntry]:
    """A coordinator reads the log of their territory (checked by the caller), narrowed to
    the entries whose object they may see: a restricted fiche or dataset stays out of it."""
    entries = AuditEntry.objects.filter(territory=territory).select_related("actor")
    return references.visible_audit_entries(user, entries)


def people_directory(territory: Territory) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(territory=territory)
        .exclude(role=Role.RESIDENT)
        .select_related("user", "organisation")
        .prefetch_related(Prefetch("organisation__partnerships"))
    )


def contour_coverage(territory: Territory) -> list[dict[str, Any]]:
    """Per kind of unit, how many there are and how many have a contour (geography is
    public, so no narrowing)."""
    rows = (
        GeoUnit.objects.filter(territory=territory)
        .values("kind")
        .annotate(total=Count("pk"), drawn=Count("pk", filter=Q(geometry__isnull=False)))
        .order_by("kind")
    )
    labels = dict(GeoUnit.Kind.choices)
    return [
        {"kind": row["kind"], "label": labels.get(row["kind"], row["kind"]), **row} for row in rows
    ]

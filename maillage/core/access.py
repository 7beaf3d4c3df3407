"""The one access engine (docs/access.md).

Every page, search, export, feed and API answer asks this module, and only this module,
whether a user may see or do something:

- ``can(user, verb, obj)`` for one object;
- ``visible(user, queryset)`` for lists, returning the queryset narrowed to what the user
  may see;
- ``get_visible_or_404(user, queryset, **lookup)`` for detail pages: hidden and foreign
  objects answer 404, never 403.

Each capability describes its objects in its own ``access.py`` with a ``Policy`` subclass
registered here. The rules themselves are checked against the truth table in
``tests/access/`` cell by cell.
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from maillage.core import sharing, table_generations
from maillage.core.lookups import ARRAY_FROM
from maillage.core.roles import PARTNER_LEVEL, Role, Visibility
from maillage.core.write_generation import kept_until_written


class UnknownVerb(LookupError):
    """A verb that the object's policy does not define: a programming error."""


class UnregisteredModel(LookupError):
    """A model with no policy: every model shown to users must have one."""


# --------------------------------------------------------------------------- actors


@dataclass(frozen=True)
class Actor:
    """What the engine knows of a user, loaded once per request.

    ``roles`` and ``org_ids`` are keyed by territory id. Roles held on a territory apply
    to its descendants too (a Département user sees across its communes), but only as
    read roles: a coordinator of the Département reads a commune as a partner, and does
    not run it.
    """

    user_id: int | None = None
    is_admin: bool = False
    roles: Mapping[int, frozenset[str]] = field(default_factory=dict)
    org_ids: Mapping[int, frozenset[int]] = field(default_factory=dict)
    # Communes reached from a role held above them, with the capabilities each shares in
    # detail (core/sharing.py) and the organisations the role brings. ``roles`` and
    # ``org_ids`` hold them only where the commune shares every capability; a policy reads
    # the rest through ``scoped(its capability)``.
    inherited: Mapping[int, frozenset[str]] = field(default_factory=dict)
    inherited_orgs: Mapping[int, frozenset[int]] = field(default_factory=dict)

    def scoped(self, capability: str | None) -> Actor:
        """This actor as one capability's policy sees it: communes reached from above
        count as partner-level where they share ``capability`` in detail. Scoping a scoped
        actor starts again from the unscoped one, so that a rule of one capability calling
        another's never carries the first one's reach."""
        base: Actor = self.__dict__.get("_base", self)
        if capability is None or not base.inherited:
            return base
        cache = base.__dict__.setdefault("_scoped", {})
        if capability not in cache:
            extra = [
                tid
                for tid, capabilities in base.inherited.items()
                if capability in capabilities
                and not base.roles.get(tid, frozenset()) & PARTNER_LEVEL
            ]
            if not extra:
                cache[capability] = base
            else:
                roles = dict(base.roles)
                orgs = dict(base.org_ids)
                for tid in extra:
                    roles[tid] = base.roles.get(tid, frozenset()) | {Role.PARTNER}
                    if base.inherited_orgs.get(tid):
                        orgs[tid] = base.org_ids.get(tid, frozenset()) | base.inherited_orgs[tid]
                scoped = Actor(
                    user_id=base.user_id,
                    is_admin=base.is_admin,
                    roles=roles,
                    org_ids=orgs,
                    inherited=base.inherited,
                    inherited_orgs=base.inherited_orgs,
                )
                scoped.__dict__["_base"] = base
                cache[capability] = scoped
        return cache[capability]

    def reaches(self, territory_id: int, capability: str) -> bool:
        """Does a role held above ``territory_id`` reach its ``capability`` in detail
        (or a role held in it)?"""
        return self.is_partner_level(territory_id) or capability in self.inherited.get(
            territory_id, frozenset()
        )

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    def roles_in(self, territory_id: int | None) -> frozenset[str]:
        if territory_id is None:
            return frozenset()
        return self.roles.get(territory_id, frozenset())

    def has_role(self, territory_id: int | None, *roles: str) -> bool:
        return bool(self.roles_in(territory_id) & set(roles))

    def is_coordinator(self, territory_id: int | None) -> bool:
        return self.is_admin or self.has_role(territory_id, Role.COORDINATOR)

    def is_partner_level(self, territory_id: int | None) -> bool:
        return self.is_admin or bool(self.roles_in(territory_id) & PARTNER_LEVEL)

    def orgs_in(self, territory_id: int | None) -> frozenset[int]:
        if territory_id is None:
            return frozenset()
        return self.org_ids.get(territory_id, frozenset())

    def territories_by_orgs(self, territory_ids: Iterable[int]) -> dict[frozenset[int], list[int]]:
        """``territory_ids`` grouped by the organisations the actor has in each (those
        with none left out). A Département agent reads hundreds of communes with the same
        organisations: a filter built per group has one clause where one per territory
        would have hundreds, and is built on every request."""
        key = frozenset(territory_ids)
        cache = self.__dict__.setdefault("_by_orgs", {})
        if key in cache:
            return cache[key]
        groups: dict[frozenset[int], list[int]] = {}
        for tid in sorted(key):
            orgs = self.orgs_in(tid)
            if orgs:
                groups.setdefault(orgs, []).append(tid)
        cache[key] = groups
        return groups

    def all_org_ids(self) -> frozenset[int]:
        return frozenset().union(*self.org_ids.values()) if self.org_ids else frozenset()

    def territories_with(self, roles: Iterable[str]) -> frozenset[int]:
        # Read by every access filter of a page: computed once per actor (that is, per
        # request). A frozen dataclass still has a __dict__ for private caches.
        wanted = frozenset(roles)
        cache = self.__dict__.setdefault("_with_roles", {})
        if wanted not in cache:
            cache[wanted] = frozenset(tid for tid, held in self.roles.items() if held & wanted)
        return cache[wanted]

    def partner_level_territories(self) -> frozenset[int]:
        return self.territories_with(PARTNER_LEVEL)

    def remember(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()``, once per actor — that is, once per request — and ``key``: what
        several blocks of one page read (a partner's own fiches, the communes an agent
        works in). The actor is dropped when the user's memberships change
        (``forget_actor``); the anonymous actor, shared by every request, keeps nothing."""
        if self.user_id is None:
            return compute()
        cache = self.__dict__.setdefault("_remembered", {})
        if key not in cache:
            with table_generations.making() as made:
                value = compute()
            cache[key] = (value, made.tables)
        value, tables = cache[key]
        # What it was read from counts as read by each block that uses it, the first or
        # not: a block kept on its own must be made again when those tables are written.
        table_generations.used(tables)
        return value

    def coordinated_territories(self) -> frozenset[int]:
        return self.territories_with({Role.COORDINATOR})


ANONYMOUS = Actor()
_ACTOR_ATTR = "_maillage_actor"


def actor_for(user: Any) -> Actor:
    """The user's actor, computed once per user object (that is, once per request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, _ACTOR_ATTR, None)
    if cached is not None:
        return cached
    actor = _load_actor(user)
    setattr(user, _ACTOR_ATTR, actor)
    return actor


def forget_actor(user: Any) -> None:
    """Drop the cached actor after the user's memberships change in this request."""
    if user is not None and hasattr(user, _ACTOR_ATTR):
        delattr(user, _ACTOR_ATTR)


def _load_actor(user: Any) -> Actor:
    """The actor, kept until the next write: it is made of rows (the memberships, the
    territories below them and what each shares), and of the day (a membership ends with
    it). A Département agent's is worked out over every commune below them, on each
    request of theirs otherwise (bench/README.md, sixteenth pass)."""
    key = f"actor:{user.pk}:{int(bool(user.is_superuser))}:{timezone.localdate().isoformat()}"
    return kept_until_written(key, lambda: _read_actor(user))


def _read_actor(user: Any) -> Actor:
    membership_model = apps.get_model("territories", "Membership")
    # From the primary, even inside a replica's scope (core/replica.py): an actor read
    # from a lagging replica just after a membership was removed would be kept under the
    # new write generation with the role it no longer has.
    held: list[tuple[int, int | None, str]] = list(
        membership_model.objects.using(DEFAULT_DB_ALIAS)
        .active()
        .filter(user_id=user.pk)
        .values_list("territory_id", "organisation_id", "role")
    )
    return _build_actor(user, held, _territory_children if _read_roots(held) else None)


def _read_roots(held: Iterable[tuple[int, int | None, str]]) -> set[int]:
    """The territories where a partner-level role lets its holder read below."""
    return {territory for territory, _org, role in held if role in PARTNER_LEVEL}


@dataclass(frozen=True)
class TerritoryTree:
    """Which territories sit below which, and what each shares with those above it."""

    children: dict[int, list[int]]
    detailed: dict[int, frozenset[str]]


def _territory_children(roots: Collection[int]) -> TerritoryTree:
    """The territories below ``roots``, two levels down (département → EPCI → commune,
    the deepest tree there is): a commune's people read none, a Département's its
    communes — not every territory of the instance on every request. A deeper tree would
    only be read less far, never further."""
    territory_model = apps.get_model("territories", "Territory")
    children: dict[int, list[int]] = {}
    detailed: dict[int, frozenset[str]] = {}
    fields = ("id", "parent_id", "department_sharing")
    # Two index scans on parent_id (an OR of both would scan the table).
    territories = territory_model.objects.using(DEFAULT_DB_ALIAS)  # as the memberships
    level_one = territories.filter(parent_id__in=roots).order_by()
    level_two = territories.filter(parent_id__in=level_one.values("id")).order_by()
    below = level_one.values_list(*fields).union(level_two.values_list(*fields), all=True)
    for tid, parent_id, shared in below:
        children.setdefault(parent_id, []).append(tid)
        detailed[tid] = sharing.detailed(shared)
    return TerritoryTree(children, detailed)


def preload_actors(users: Iterable[Any]) -> None:
    """Compute the actors of many users at once (a digest run's recipients): their
    memberships in one query and the territory tree once, instead of both per user."""
    people = [u for u in users if getattr(u, "is_authenticated", False) and u.is_active]
    if not people:
        return
    membership_model = apps.get_model("territories", "Membership")
    held: dict[int, list[tuple[int, int | None, str]]] = {u.pk: [] for u in people}
    for user_id, *row in (
        membership_model.objects.active()
        .filter(user_id__in=list(held))
        .values_list("user_id", "territory_id", "organisation_id", "role")
    ):
        held[user_id].append(tuple(row))  # type: ignore[arg-type]
    tree: list[TerritoryTree] = []
    roots = _read_roots(row for rows in held.values() for row in rows)

    # One tree below every recipient's roots, read once: each actor walks only from its own.
    def children(_roots: Collection[int]) -> TerritoryTree:
        if not tree:
            tree.append(_territory_children(roots))
        return tree[0]

    for user in people:
        setattr(user, _ACTOR_ATTR, _build_actor(user, held[user.pk], children))


def _build_actor(
    user: Any,
    held: list[tuple[int, int | None, str]],
    children_of: Callable[[Collection[int]], TerritoryTree] | None,
) -> Actor:
    own_roles: dict[int, set[str]] = {}
    own_orgs: dict[int, set[int]] = {}
    for territory_id, organisation_id, role in held:
        own_roles.setdefault(territory_id, set()).add(role)
        if organisation_id is not None:
            own_orgs.setdefault(territory_id, set()).add(organisation_id)

    roles = {tid: set(r) for tid, r in own_roles.items()}
    orgs = {tid: set(o) for tid, o in own_orgs.items()}
    inherited: dict[int, frozenset[str]] = {}
    inherited_orgs: dict[int, set[int]] = {}
    read_roots = _read_roots(held)
    if read_roots and children_of is not None:
        tree = children_of(read_roots)
        everything = frozenset(sharing.CAPABILITIES)
        for root in read_roots:
            # What a commune shares reaches everyone above it; below a level that shares
            # less (an EPCI between), only what both share.
            stack = [(tid, everything) for tid in tree.children.get(root, ())]
            while stack:
                tid, allowed = stack.pop()
                shared = allowed & tree.detailed.get(tid, frozenset())
                if not own_roles.get(tid, set()) & PARTNER_LEVEL:
                    inherited[tid] = inherited.get(tid, frozenset()) | shared
                    inherited_orgs.setdefault(tid, set()).update(own_orgs.get(root, ()))
                stack.extend((child, shared) for child in tree.children.get(tid, ()))
        everything_shared = {tid for tid, c in inherited.items() if c == everything}
        for tid in everything_shared:
            roles.setdefault(tid, set()).add(Role.PARTNER)
            orgs.setdefault(tid, set()).update(inherited_orgs.get(tid, ()))
    return Actor(
        user_id=user.pk,
        is_admin=bool(user.is_superuser),
        roles={tid: frozenset(r) for tid, r in roles.items()},
        org_ids={tid: frozenset(o) for tid, o in orgs.items() if o},
        inherited={tid: c for tid, c in inherited.items() if c},
        inherited_orgs={tid: frozenset(o) for tid, o in inherited_orgs.items() if o},
    )


# --------------------------------------------------------------------------- policies


VerbRule = Callable[[Actor, Any], bool]


class Policy(ABC):
    """The rules for one kind of object.

    A subclass names its ``kind`` (the truth table's row label), its ``model`` and its
    ``verbs``; each verb is a method ``can_<verb>(actor, obj)``. ``visible_q`` narrows a
    queryset of the model to what the actor may view.
    """

    kind: ClassVar[str]
    model: ClassVar[type]
    verbs: ClassVar[tuple[str, ...]] = ("view",)
    extra_rules: ClassVar[dict[str, VerbRule]]
    # The capability whose sharing setting lets a Département reach these objects in its
    # communes (core/sharing.py); by default the model's app, None for none.
    capability: ClassVar[str | None] = None
    # The path from the model to its territory, for ``visible_in`` (None: not per territory).
    territory_path: ClassVar[str | None] = None

    @property
    def capability_name(self) -> str | None:
        if self.capability is not None:
            return self.capability
        meta = getattr(self.model, "_meta", None)
        label = getattr(meta, "app_label", None)
        return label if label in sharing.CAPABILITIES else None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.extra_rules = {}

    def rule(self, verb: str) -> VerbRule:
        if verb in self.extra_rules:
            return self.extra_rules[verb]
        method = getattr(self, f"can_{verb}", None)
        if verb not in self.all_verbs() or method is None:
            raise UnknownVerb(f"{self.kind} has no verb {verb!r}")
        return method

    @classmethod
    def all_verbs(cls) -> tuple[str, ...]:
        return cls.verbs + tuple(v for v in cls.extra_rules if v not in cls.verbs)

    def can(self, actor: Actor, verb: str, obj: Any) -> bool:
        return bool(self.rule(verb)(actor.scoped(self.capability_name), obj))

    def visible(self, actor: Actor, queryset: QuerySet) -> QuerySet:
        if actor.is_admin:
            return queryset
        return queryset.filter(self.visible_q(actor.scoped(self.capability_name)))

    def sees_whole_territory(self, actor: Actor, territory_id: int) -> bool:
        """Does ``actor`` view every object of this kind in the territory? A policy that
        can tell from the actor alone says so (``visible_in`` then builds no filter); the
        truth table holds the answer to ``can(view)`` object by object
        (tests/access/test_truth_table.py, ``test_visible_in_agrees_with_can_view``)."""
        return False

    def scoped_q(self, actor: Actor) -> Q:
        """``visible_q`` for another capability's rule (a subquery on this policy's model):
        the actor as this policy's capability sees it."""
        return self.visible_q(actor.scoped(self.capability_name))

    @abstractmethod
    def visible_q(self, actor: Actor) -> Q:
        """The filter that keeps what ``actor`` may view (admins skip it)."""


class TerritoryScopedPolicy(Policy):
    """Objects that belong to one territory and carry a visibility (docs/access.md).

    - ``public``: anyone, signed in or not;
    - ``partners``: partner-level roles of the territory (coordinator, partner, elected);
    - ``members``: the organisations named by ``members_path`` (a body's members, an
      action's pilots) and the territory's coordinators;
    - ``restricted``: the organisations named by ``restricted_path`` only (a dataset
      under a data-sharing agreement); not even the coordinators.

    Platform admins see everything.
    """

    territory_path: ClassVar[str] = "territory"
    visibility_path: ClassVar[str] = "visibility"
    members_path: ClassVar[str | None] = None
    restricted_path: ClassVar[str | None] = "restricted_to"

    # --- one object

    def territory_id(self, obj: Any) -> int | None:
        target = obj
        parts = self.territory_path.split("__")
        for part in parts[:-1]:
            target = getattr(target, part)
        return getattr(target, f"{parts[-1]}_id")

    def visibility_of(self, obj: Any) -> str:
        target = obj
        for part in self.visibility_path.split("__"):
            target = getattr(target, part)
        return str(target)

    def member_org_ids(self, obj: Any) -> set[int]:
        if self.members_path is None:
            return set()
        return _related_ids(obj, self.members_path)

    def restricted_org_ids(self, obj: Any) -> set[int]:
        if self.restricted_path is None:
            return set()
        return _related_ids(obj, self.restricted_path)

    def is_member(self, actor: Actor, obj: Any) -> bool:
        orgs = actor.orgs_in(self.territory_id(obj))
        return bool(orgs) and bool(orgs & self.member_org_ids(obj))

    def can_view(self, actor: Actor, obj: Any) -> bool:
        if actor.is_admin:
            return True
        territory_id = self.territory_id(obj)
        visibility = self.visibility_of(obj)
        if visibility == Visibility.PUBLIC:
            return True
        if visibility == Visibility.PARTNERS:
            return actor.is_partner_level(territory_id)
        if visibility == Visibility.MEMBERS:
            return actor.is_coordinator(territory_id) or (
                actor.is_partner_level(territory_id) and self.is_member(actor, obj)
            )
        if visibility == Visibility.RESTRICTED:
            orgs = actor.orgs_in(territory_id)
            return bool(orgs & self.restricted_org_ids(obj))
        return False

    # --- querysets

    def visible_q(self, actor: Actor) -> Q:
        vis = self.visibility_path
        terr = f"{self.territory_path}_id"
        q = Q(**{vis: Visibility.PUBLIC})
        partner_tids = actor.partner_level_territories()
        if partner_tids:
            q |= Q(**{vis: Visibility.PARTNERS, f"{terr}__in": partner_tids})
        coordinated = actor.coordinated_territories()
        if coordinated:
            q |= Q(**{vis: Visibility.MEMBERS, f"{terr}__in": coordinated})
        if self.members_path is not None:
            q |= self._org_scoped_q(actor, Visibility.MEMBERS, self.members_path, partner_tids)
        if self.restricted_path is not None:
            q |= self._org_scoped_q(
                actor, Visibility.RESTRICTED, self.restricted_path, frozenset(actor.org_ids)
            )
        return q

    def _org_scoped_q(
        self, actor: Actor, visibility: str, org_path: str, territory_ids: Iterable[int]
    ) -> Q:
        """Objects of ``visibility`` whose ``org_path`` names one of the actor's
        organisations in the object's own territory. A subquery on primary keys keeps
        the outer query free of duplicate rows from the many-to-many join."""
        groups = actor.territories_by_orgs(territory_ids)
        if not groups:
            return Q(pk__in=[])
        return Q(pk__in=_scoped_subquery(self, visibility, org_path, groups))

    def _org_scoped_queryset(
        self, visibility: str, org_path: str, groups: dict[frozenset[int], list[int]]
    ) -> QuerySet:
        terr = f"{self.territory_path}_id"
        per_territory = Q()
        for orgs, tids in groups.items():
            per_territory |= Q(**{f"{terr}__in": tids, f"{org_path}__in": sorted(orgs)})
        manager = self.model._default_manager  # type: ignore[attr-defined]
        inner = manager.filter(per_territory).filter(**{self.visibility_path: visibility})
        # No ordering: the model's default one joins tables a filter does not need.
        return inner.order_by().values("pk")


# The SQL of an organisation-scoped subquery, by the shape of its parameters. Building
# and compiling the subquery (a queryset with joins on a many-to-many path) cost about a
# millisecond per access filter, paid by every filtered query of every page; its SQL
# depends only on the policy, the path and how many territories and organisations each
# group holds. None: the parameters could not be predicted, the queryset is used.
_SCOPED_SQL: dict[tuple[Any, ...], str | None] = {}
_SCOPED_SQL_LIMIT = 2048
_UNKNOWN = object()


def _scoped_params(
    terr_first: bool, visibility: str, groups: dict[frozenset[int], list[int]], vendor: str
) -> list[Any]:
    def values(ids: list[int]) -> list[Any]:
        # A long list is one array parameter on PostgreSQL (core/lookups.py).
        if vendor == "postgresql" and len(ids) >= ARRAY_FROM:
            return [sorted(set(ids))]
        return ids

    params: list[Any] = []
    for orgs, tids in groups.items():
        first, second = (tids, sorted(orgs)) if terr_first else (sorted(orgs), tids)
        params += [*values(first), *values(second)]
    params.append(visibility)
    return params


def _scoped_subquery(
    policy: TerritoryScopedPolicy,
    visibility: str,
    org_path: str,
    groups: dict[frozenset[int], list[int]],
) -> Any:
    from django.db import connection
    from django.db.models.expressions import RawSQL

    terr_first = f"{policy.territory_path}_id" < org_path  # Q sorts its keyword lookups
    shape = tuple((len(orgs), len(tids)) for orgs, tids in groups.items())
    key = (type(policy), visibility, org_path, shape, connection.vendor)
    sql = _SCOPED_SQL.get(key, _UNKNOWN)
    if isinstance(sql, str):
        # Django's own SQL for this queryset; every value is a bound parameter.
        bound = _scoped_params(terr_first, visibility, groups, connection.vendor)
        return RawSQL(sql, bound)  # noqa: S611
    inner = policy._org_scoped_queryset(visibility, org_path, groups)
    if sql is None:
        return inner
    ids = [i for orgs, tids in groups.items() for i in (*orgs, *tids)]
    if len(set(ids)) != len(ids):
        # An id twice (a territory and an organisation alike, or an organisation in two
        # groups): equal lists would not prove the order; a later reader teaches it.
        return inner
    sql, params = inner.query.sql_with_params()
    predicted = _scoped_params(terr_first, visibility, groups, connection.vendor)
    if len(_SCOPED_SQL) >= _SCOPED_SQL_LIMIT:
        _SCOPED_SQL.clear()
    # Cached only when the parameters come out in the order predicted, so a change in
    # how Django orders them costs speed, never a wrong filter.
    _SCOPED_SQL[key] = sql if list(params) == predicted else None
    return inner


def _related_ids(obj: Any, path: str) -> set[int]:
    """Ids on a foreign key or many-to-many path, using prefetched rows when present."""
    head, _, rest = path.partition("__")
    if rest:
        target = getattr(obj, head)
        if hasattr(target, "all"):
            ids: set[int] = set()
            for item in target.all():
                ids |= _related_ids(item, rest)
            return ids
        return _related_ids(target, rest) if target is not None else set()
    value = getattr(obj, head)
    if hasattr(value, "all"):
        return {item.pk for item in value.all()}
    fk_id = getattr(obj, f"{head}_id", None)
    return {fk_id} if fk_id is not None else set()


# --------------------------------------------------------------------------- registry


_POLICIES: dict[type, Policy] = {}
_BY_KIND: dict[str, Policy] = {}


def register(policy_class: type[Policy]) -> type[Policy]:
    """Class decorator: ``@access.register`` on a Policy subclass."""
    policy = policy_class()
    existing = _BY_KIND.get(policy_class.kind)
    if existing is not None and type(existing) is not policy_class:
        raise ValueError(f"Two policies claim the kind {policy_class.kind!r}")
    _POLICIES[policy_class.model] = policy
    _BY_KIND[policy_class.kind] = policy
    return policy_class


def add_verb(model: type, verb: str, rule: VerbRule, capability: str | None = None) -> None:
    """Let another capability add a verb to a policy it does not own, e.g. the programme
    adds ``create_action`` to territories. The rule reads the actor as its own capability
    sees it (``capability``, by default the app the rule is written in): a Département
    agent who reads a commune's programme in detail may follow its actions even where the
    territory itself is shared less."""
    if capability is None:
        parts = getattr(rule, "__module__", "").split(".")
        capability = parts[1] if len(parts) > 1 and parts[1] in sharing.CAPABILITIES else None
    if capability is None:
        policy_for(model).extra_rules[verb] = rule
        return

    def scoped_rule(actor: Actor, obj: Any) -> bool:
        return rule(actor.scoped(capability), obj)

    policy_for(model).extra_rules[verb] = scoped_rule


def policy_for(model_or_obj: Any) -> Policy:
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    for klass in model.__mro__:
        if klass in _POLICIES:
            return _POLICIES[klass]
    raise UnregisteredModel(f"No access policy for {model.__name__}")


def policy_for_kind(kind: str) -> Policy:
    return _BY_KIND[kind]


def registered_policies() -> dict[str, Policy]:
    return dict(_BY_KIND)


def autodiscover() -> None:
    """Import every installed Maillage app's ``access`` module so it registers."""
    for config in apps.get_app_configs():
        if config.name.startswith("maillage."):
            try:
                importlib.import_module(f"{config.name}.access")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.access":
                    raise


# --------------------------------------------------------------------------- the platform


class Platform:
    """The platform itself: the subject of pages that belong to no territory (home, sign-in,
    the user's own account, the Django admin)."""

    def __str__(self) -> str:
        return "Maillage"


PLATFORM = Platform()


@register
class PlatformPolicy(Policy):
    kind = "platform"
    model = Platform
    verbs = ("view", "use_account", "administer")

    def can_view(self, actor: Actor, obj: Platform) -> bool:
        return True

    def can_use_account(self, actor: Actor, obj: Platform) -> bool:
        return actor.is_authenticated

    def can_administer(self, actor: Actor, obj: Platform) -> bool:
        return actor.is_admin

    def visible_q(self, actor: Actor) -> Q:
        return Q()


# --------------------------------------------------------------------------- the API


def can(user: Any, verb: str, obj: Any) -> bool:
    """May ``user`` do ``verb`` on ``obj``? Never raises for a denial."""
    return policy_for(obj).can(_as_actor(user), verb, obj)


def visible(user: Any, queryset: QuerySet) -> QuerySet:
    """``queryset`` narrowed to what ``user`` may view."""
    return policy_for(queryset.model).visible(_as_actor(user), queryset)


def visible_if_any(user: Any, queryset: QuerySet) -> QuerySet:
    """``visible(user, queryset)``, or an empty queryset when ``queryset`` has no row at
    all: for a panel about one object that is empty on most pages (the conférence proposal
    a fiche came from, the Conseil citoyen's avis on it). An empty panel then costs one
    indexed ``EXISTS`` instead of building its access filter (for a proposal: conférences
    within meetings within bodies, 15 ms of Python on the fiche's page); a panel with rows
    costs that query more."""
    if not queryset.exists():
        return queryset.none()
    return visible(user, queryset)


def listed_if_any(
    user: Any, queryset: QuerySet, shape: Callable[[QuerySet], Iterable[Any]] = lambda qs: qs
) -> list[Any]:
    """``list(shape(visible(user, queryset)))``, or ``[]`` when ``queryset`` has no row at
    all — as ``visible_if_any``, but the shaped query (its joins, order and slice) is not
    built either: on an empty queryset, building and compiling it still costs 1–2 ms,
    five times over on a fiche's page whose panels are empty for most fiches."""
    if not queryset.exists():
        return []
    return list(shape(visible(user, queryset)))


def prefetch_visible_if_any(user: Any, instance: Any, lookup: str, queryset: QuerySet) -> None:
    """Prefetch ``instance``'s relation ``lookup`` narrowed to what ``user`` may view, as
    ``Prefetch(lookup, queryset=visible(user, queryset))`` does, but the access filter is
    built only when the relation has a row: a fiche's related fiches are none for most
    fiches, and building the filter of an empty prefetch cost 5 ms of its page."""
    rows = visible(user, queryset) if getattr(instance, lookup).exists() else queryset.none()
    prefetch_related_objects([instance], Prefetch(lookup, queryset=rows))


def visible_in(user: Any, queryset: QuerySet, territory_id: int) -> QuerySet:
    """The objects of ``queryset`` that belong to the territory ``territory_id``, narrowed
    to what ``user`` may view: ``visible()`` on one territory. When the policy knows that
    the reader views every object of its kind there (``Policy.sees_whole_territory``: a
    coordinator, for the bodies and what they hold), the access filter — several kB of SQL
    built and compiled on each query — is not built at all."""
    actor = _as_actor(user)
    policy = policy_for(queryset.model)
    if policy.territory_path is None:
        raise ValueError(f"{policy.kind} objects do not belong to a territory")
    in_territory = queryset.filter(**{f"{policy.territory_path}_id": territory_id})
    if policy.sees_whole_territory(actor.scoped(policy.capability_name), territory_id):
        return in_territory
    return policy.visible(actor, in_territory)


def get_visible_or_404(user: Any, queryset: QuerySet, **lookup: Any) -> Any:
    """The one object of a detail page, or 404 when it is missing or hidden.

    The object is read by its lookup alone and judged by ``can(view)``, which keeps
    exactly what ``visible()`` keeps (tests/access/test_truth_table.py,
    ``test_visible_agrees_with_can_view``): compiling the access filter into the query
    costs several kB of SQL and, for a fiche, about 10 ms of Python, where the verdict on
    one loaded object costs a check in memory (or a small query for a relation the page
    did not prefetch). A lookup that matches several rows before the access filter (a
    slug unique only among what one reader sees) goes through ``visible()``."""
    actor = _as_actor(user)
    policy = policy_for(queryset.model)
    try:
        if "view" not in policy.all_verbs():
            return visible(actor, queryset).get(**lookup)
        try:
            obj = queryset.get(**lookup)
        except queryset.model.MultipleObjectsReturned:
            return visible(actor, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not policy.can(actor, "view", obj):
        raise Http404
    return obj


def require(user: Any, verb: str, obj: Any) -> None:
    """Raise the right answer when ``user`` may not do ``verb`` on ``obj``: 404 when
    the object is hidden from them, PermissionDenied when they may see it but not do it.
    Anonymous users on a visible object are sent to the sign-in page by the caller's
    ``login_required``; here they get PermissionDenied like anyone else."""
    from django.core.exceptions import PermissionDenied

    policy = policy_for(obj)
    actor = _as_actor(user)
    if "view" in policy.all_verbs() and not policy.can(actor, "view", obj):
        raise Http404
    if not policy.can(actor, verb, obj):
        raise PermissionDenied


def _as_actor(user: Any) -> Actor:
    return user if isinstance(user, Actor) else actor_for(user)

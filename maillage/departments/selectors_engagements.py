"""Engagements: what a set of organisations pilots, owns or signed across territories
(docs/departments.md, "Engagements").

One list mixes four kinds of rows — fiches actions an organisation pilots or partners,
decisions and follow-up tasks it is responsible for, agreements it signed — as four
querysets reduced to the same columns (``MergedRows``): a window of the list (overdue
first, then by due date) reads each kind's first rows in that order with a LIMIT and
merges them in Python, so the number of queries does not depend on the number of
communes or rows and no query sorts the whole union.

Every row goes through the access engine (``access.visible``). On a département's page,
rows come only from communes that share the capability in detail; communes that share
aggregates give counts per commune, never a row; communes that share nothing give
nothing (core/sharing.py).
"""

from __future__ import annotations

import datetime
import heapq
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core import access, sharing
from maillage.core.pagination import COUNT_CAP
from maillage.governance.models import Agreement, AgreementSignatory, Decision, FollowUpTask
from maillage.programme.models import CLOSED_STATUSES, Action, ActionPartner
from maillage.territories.models import Organisation, Territory

ACTION, DECISION, TASK, AGREEMENT = "action", "decision", "task", "agreement"
KINDS: dict[str, Any] = {
    ACTION: _("Fiches actions"),
    DECISION: _("Décisions"),
    TASK: _("Tâches"),
    AGREEMENT: _("Conventions"),
}
KIND_LABELS: dict[str, Any] = {
    ACTION: _("Fiche action"),
    DECISION: _("Décision"),
    TASK: _("Tâche"),
    AGREEMENT: _("Convention"),
}
# The capability each kind belongs to, for what a commune shares (core/sharing.py).
CAPABILITY = {
    ACTION: "programme",
    DECISION: "governance",
    TASK: "governance",
    AGREEMENT: "governance",
}
FAR_FUTURE = datetime.date(9999, 12, 31)
COLUMNS = (
    "e_kind",
    "e_id",
    "e_label",
    "e_tid",
    "e_commune",
    "e_slug",
    "e_due",
    "e_late",
    "e_sort",
    "e_owner",
    "e_decision",
    "e_agreement",
)


@dataclass(frozen=True)
class Filters:
    service: int | None = None
    commune: int | None = None
    kind: str = ""
    overdue: bool = False


@dataclass
class Row:
    """One engagement of the list, ready for the page, the CSV and the API."""

    kind: str
    id: int
    label: str
    territory_id: int
    commune: str
    commune_slug: str
    due_date: datetime.date | None
    overdue: bool
    organisations: list[str] = field(default_factory=list)
    role: str = ""
    url: str = ""

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


@dataclass
class CommuneCounts:
    """What a commune that shares only aggregates says of the engagements: counts."""

    territory: Territory
    counts: dict[str, int] = field(default_factory=dict)
    late: dict[str, int] = field(default_factory=dict)

    @property
    def total_late(self) -> int:
        return sum(self.late.values())

    @property
    def items(self) -> list[tuple[Any, int, int]]:
        """(kind's label, count, late) for each kind counted, in the kinds' order."""
        return [
            (KINDS[kind], self.counts[kind], self.late.get(kind, 0))
            for kind in KINDS
            if kind in self.counts
        ]


# --------------------------------------------------------------------------- scope


def communes_of(department: Territory) -> list[Territory]:
    """The communes below ``department`` (directly, or through an EPCI)."""
    return list(
        Territory.objects.filter(
            Q(parent=department) | Q(parent__parent=department), kind=Territory.Kind.COMMUNE
        ).order_by("name")
    )


def department_organisations(user: Any, department: Territory) -> list[Organisation]:
    """The Département's organisations as this person knows them: the organisations they
    belong to on the département (every partner of it for a platform admin), and their
    services (children, two levels down)."""
    actor = access.actor_for(user)
    if actor.is_admin:
        roots = Q(partnerships__territory=department)
    else:
        roots = Q(pk__in=sorted(actor.orgs_in(department.pk)))
    top = Organisation.objects.filter(roots).values("pk")
    return list(
        Organisation.objects.filter(
            Q(pk__in=top) | Q(parent__in=top) | Q(parent__parent__in=top)
        ).order_by("parent_id", "name")
    )


def organisation_family(organisation: Organisation) -> list[Organisation]:
    """An organisation and its services (children, two levels down)."""
    return list(
        Organisation.objects.filter(
            Q(pk=organisation.pk)
            | Q(parent_id=organisation.pk)
            | Q(parent__parent_id=organisation.pk)
        ).order_by("parent_id", "name")
    )


def levels_by_commune(communes: Iterable[Territory]) -> dict[str, dict[int, str]]:
    """Per kind, the level each commune shares that kind's capability at."""
    return {
        kind: {c.pk: sharing.level_of(c, capability) for c in communes}
        for kind, capability in CAPABILITY.items()
    }


# --------------------------------------------------------------------------- rows


def _late(q: Q) -> Case:
    return Case(When(q, then=Value(1)), default=Value(0), output_field=IntegerField())


def _columns(
    qs: QuerySet,
    kind: str,
    label: str,
    due: str | None,
    late: Q,
    owner: Any,
    decision: Any,
    agreement: Any,
) -> QuerySet:
    due_expr: Any = F(due) if due else Value(None, output_field=DateField())
    return qs.annotate(
        e_kind=Cast(Value(kind), output_field=TextField()),
        e_id=Cast("pk", output_field=BigIntegerField()),
        e_label=Cast(label, output_field=TextField()),
        e_tid=Cast("territory_id", output_field=BigIntegerField()),
        e_commune=Cast("territory__name", output_field=TextField()),
        e_slug=Cast("territory__slug", output_field=TextField()),
        e_due=due_expr,
        e_late=_late(late),
        e_sort=Coalesce(due_expr, Value(FAR_FUTURE), output_field=DateField()),
        e_owner=Cast(owner, output_field=TextField()),
        e_decision=Cast(decision, output_field=BigIntegerField()),
        e_agreement=Cast(agreement, output_field=BigIntegerField()),
    ).values(*COLUMNS)


def _kind_querysets(org_ids: Sequence[int], today: datetime.date) -> dict[str, QuerySet]:
    """The four kinds' querysets engaging ``org_ids``, unfiltered by access."""
    orgs = list(org_ids)
    pilots = Action.pilots.through.objects.filter(organisation_id__in=orgs).values("action_id")
    partners = ActionPartner.objects.filter(organisation_id__in=orgs).values("action_id")
    signed = AgreementSignatory.objects.filter(organisation_id__in=orgs).values("agreement_id")
    return {
        ACTION: Action.objects.filter(Q(pk__in=pilots) | Q(pk__in=partners)),
        DECISION: Decision.objects.filter(owner_id__in=orgs),
        TASK: FollowUpTask.objects.filter(owner_id__in=orgs),
        AGREEMENT: Agreement.objects.filter(pk__in=signed),
    }


def _late_q(kind: str, today: datetime.date) -> Q:
    if kind == ACTION:
        return Q(ends_on__lt=today) & ~Q(status__in=CLOSED_STATUSES)
    if kind == DECISION:
        return Q(status=Decision.Status.OPEN, due_date__lt=today)
    if kind == TASK:
        return Q(status__in=FollowUpTask.OPEN_STATUSES, due_date__lt=today)
    return (Q(ends_on__isnull=True) | Q(ends_on__gte=today)) & Q(review_on__lt=today)


# Typed explicitly: PostgreSQL resolves a UNION's column types branch by branch, and an
# untyped NULL or literal in the first branch would be read as text.
NO_ID = Cast(Value(None), output_field=BigIntegerField())
NO_TEXT = Cast(Value(""), output_field=TextField())


def _shape(kind: str, qs: QuerySet, today: datetime.date) -> QuerySet:
    late = _late_q(kind, today)
    if kind == ACTION:
        return _columns(qs, kind, "title", "ends_on", late, NO_TEXT, NO_ID, NO_ID)
    if kind == DECISION:
        return _columns(qs, kind, "text", "due_date", late, F("owner__name"), F("pk"), NO_ID)
    if kind == TASK:
        return _columns(
            qs,
            kind,
            "title",
            "due_date",
            late,
            F("owner__name"),
            F("decision_id"),
            F("agreement_id"),
        )
    return _columns(qs, kind, "title", "review_on", late, NO_TEXT, NO_ID, F("pk"))


@dataclass
class Engagements:
    """The answer of the selectors: the ordered rows (``MergedRows`` of dicts, to be
    paginated, then turned into ``Row`` by ``rows_of``), the organisations engaged, and the
    counts of the communes that share only aggregates."""

    rows: MergedRows
    org_ids: list[int]
    aggregates: list[CommuneCounts]


def _row_querysets(
    user: Any,
    org_ids: Sequence[int],
    filters: Filters,
    today: datetime.date,
    detail_tids: dict[str, list[int]] | None,
) -> list[QuerySet]:
    parts = []
    for kind, qs in _kind_querysets(org_ids, today).items():
        if filters.kind and filters.kind != kind:
            continue
        if detail_tids is not None:
            qs = qs.filter(territory_id__in=detail_tids[kind])
        if filters.commune:
            qs = qs.filter(territory_id=filters.commune)
        if filters.overdue:
            qs = qs.filter(_late_q(kind, today))
        qs = access.visible(user, qs)
        parts.append(_shape(kind, qs.order_by(), today))
    return parts


ORDER = ("-e_late", "e_sort", "e_kind", "e_id")
# Past this many rows, a window is read from the database's own ordered UNION: merging
# would fetch that many rows of each kind to keep a handful.
MERGE_DEPTH = 5000


def _key(item: dict[str, Any]) -> tuple[int, datetime.date, str, int]:
    """The list's order (``ORDER``) in Python, for ``heapq.merge``."""
    return (-item["e_late"], item["e_sort"], item["e_kind"], item["e_id"])


class MergedRows:
    """The four kinds' rows as one ordered list, read a window at a time.

    The window ``[start:stop]`` takes from each kind only its first ``stop`` rows in the
    list's order (a LIMITed query per kind) and merges them in Python: the database never
    sorts the whole union to show one page. Deep windows (past ``MERGE_DEPTH``) are read
    from the ordered ``UNION``. ``__len__`` is capped for the bounded paginator;
    ``count()`` is exact (the API's total)."""

    def __init__(self, parts: list[QuerySet]) -> None:
        self.unordered = [part.order_by() for part in parts]
        self.parts = [part.order_by(*ORDER) for part in parts]

    def union(self) -> Any:
        """The four kinds as one ``UNION`` the database orders (for deep windows)."""
        if not self.unordered:
            return Action.objects.none().values("pk")
        first, *rest = self.unordered
        combined = first.union(*rest, all=True) if rest else first
        return combined.order_by(*ORDER)

    def count(self, cap: int | None = None) -> int:
        """The number of rows; with ``cap``, each kind counts at most ``cap`` rows."""
        if cap is None:
            return sum(part.count() for part in self.unordered)
        return min(sum(part[:cap].count() for part in self.unordered), cap)

    def __len__(self) -> int:
        return self.count(COUNT_CAP + 1)

    def window(self, start: int, stop: int) -> list[dict[str, Any]]:
        if stop <= start:
            return []
        if stop > MERGE_DEPTH:
            return list(self.union()[start:stop])
        merged = heapq.merge(*(list(part[:stop]) for part in self.parts), key=_key)
        return list(itertools.islice(merged, start, stop))

    def __getitem__(self, index: slice | int) -> Any:
        if isinstance(index, int):
            return self.window(index, index + 1)[0]
        start, stop, step = index.indices(MAX_WINDOW)
        if step != 1:
            raise ValueError("MergedRows windows are contiguous.")
        return self.window(start, stop)

    def stream(self, limit: int, chunk: int) -> Iterator[dict[str, Any]]:
        """The first ``limit`` rows in order, each kind read ``chunk`` rows at a time (a
        query per kind and chunk), merged as they come."""

        def kind_rows(part: QuerySet) -> Iterator[dict[str, Any]]:
            start = 0
            while start < limit:
                rows = list(part[start : min(start + chunk, limit)])
                yield from rows
                if len(rows) < chunk:
                    return
                start += chunk

        merged = heapq.merge(*(kind_rows(part) for part in self.parts), key=_key)
        return itertools.islice(merged, limit)


# The largest window a slice without a stop reads (an API page never goes this deep).
MAX_WINDOW = 10**9


def _selected_orgs(organisations: list[Organisation], filters: Filters) -> list[int]:
    ids = [o.pk for o in organisations]
    if filters.service:
        # The service and its own children.
        chosen = {filters.service}
        chosen |= {o.pk for o in organisations if o.parent_id in chosen}
        chosen |= {o.pk for o in organisations if o.parent_id in chosen}
        ids = [pk for pk in ids if pk in chosen]
    return ids


def department_engagements(
    user: Any, organisations: list[Organisation], communes: list[Territory], filters: Filters
) -> Engagements:
    """The Département's engagements across its communes, as ``user`` may read them:
    rows where a commune shares the kind's capability in detail, counts where it shares
    aggregates, nothing where it shares nothing."""
    today = timezone.localdate()
    org_ids = _selected_orgs(organisations, filters)
    levels = levels_by_commune(communes)
    detail_tids = {
        kind: [tid for tid, level in by.items() if level == sharing.Level.DETAILS]
        for kind, by in levels.items()
    }
    rows = MergedRows(_row_querysets(user, org_ids, filters, today, detail_tids))
    aggregates = _aggregates(org_ids, communes, levels, filters, today)
    return Engagements(rows=rows, org_ids=org_ids, aggregates=aggregates)


def organisation_territories(user: Any, organisations: list[Organisation]) -> list[Territory]:
    """The territories where these organisations are partners and ``user`` may look."""
    return list(
        access.visible(
            user,
            Territory.objects.filter(
                pk__in=Territory.objects.filter(
                    partnerships__organisation__in=[o.pk for o in organisations]
                ).values("pk")
            ),
        ).order_by("name")
    )


def organisation_engagements(
    user: Any, organisations: list[Organisation], filters: Filters
) -> Engagements:
    """An organisation's engagements (and its services') in every territory where ``user``
    may read them: the access engine alone decides."""
    today = timezone.localdate()
    org_ids = _selected_orgs(organisations, filters)
    rows = MergedRows(_row_querysets(user, org_ids, filters, today, None))
    return Engagements(rows=rows, org_ids=org_ids, aggregates=[])


def _aggregates(
    org_ids: Sequence[int],
    communes: list[Territory],
    levels: dict[str, dict[int, str]],
    filters: Filters,
    today: datetime.date,
) -> list[CommuneCounts]:
    """Counts per commune and kind, for the kinds a commune shares only as aggregates:
    one grouped query per kind, whatever the number of communes."""
    by_id = {c.pk: c for c in communes}
    result: dict[int, CommuneCounts] = {}
    for kind, qs in _kind_querysets(org_ids, today).items():
        if filters.kind and filters.kind != kind:
            continue
        tids = [tid for tid, level in levels[kind].items() if level == sharing.Level.AGGREGATES]
        if filters.commune:
            tids = [tid for tid in tids if tid == filters.commune]
        if not tids:
            continue
        late = _late_q(kind, today)
        if filters.overdue:
            qs = qs.filter(late)
        grouped = (
            qs.filter(territory_id__in=tids)
            .order_by()
            .values("territory_id")
            .annotate(n=Count("pk"), late=Count("pk", filter=late))
        )
        for line in grouped:
            entry = result.setdefault(
                line["territory_id"], CommuneCounts(territory=by_id[line["territory_id"]])
            )
            entry.counts[kind] = line["n"]
            entry.late[kind] = line["late"]
    return sorted(result.values(), key=lambda e: e.territory.name)


# --------------------------------------------------------------------------- one page


def rows_of(page_items: Iterable[dict[str, Any]], org_ids: Sequence[int]) -> list[Row]:
    """The union's dicts turned into rows, with the engaged organisations' names and
    their role: at most three queries for the page, whatever its size."""
    items = list(page_items)
    ids: dict[str, list[int]] = defaultdict(list)
    for item in items:
        ids[item["e_kind"]].append(item["e_id"])
    orgs = list(org_ids)
    engaged: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
    if ids[ACTION]:
        for action_id, name in Action.pilots.through.objects.filter(
            action_id__in=ids[ACTION], organisation_id__in=orgs
        ).values_list("action_id", "organisation__name"):
            engaged[(ACTION, action_id)].append((name, str(_("pilote"))))
        for action_id, name in ActionPartner.objects.filter(
            action_id__in=ids[ACTION], organisation_id__in=orgs
        ).values_list("action_id", "organisation__name"):
            engaged[(ACTION, action_id)].append((name, str(_("partenaire"))))
    if ids[AGREEMENT]:
        for agreement_id, name in AgreementSignatory.objects.filter(
            agreement_id__in=ids[AGREEMENT], organisation_id__in=orgs
        ).values_list("agreement_id", "organisation__name"):
            engaged[(AGREEMENT, agreement_id)].append((name, str(_("signataire"))))
    rows = []
    for item in items:
        kind = item["e_kind"]
        pairs = engaged.get((kind, item["e_id"]), [])
        if kind in (DECISION, TASK) and item["e_owner"]:
            pairs = [(item["e_owner"], str(_("responsable")))]
        rows.append(
            Row(
                kind=kind,
                id=item["e_id"],
                label=item["e_label"],
                territory_id=item["e_tid"],
                commune=item["e_commune"],
                commune_slug=item["e_slug"],
                due_date=item["e_due"],
                overdue=bool(item["e_late"]),
                organisations=sorted({name for name, _role in pairs}),
                role=", ".join(sorted({role for _name, role in pairs})),
                url=_url(item),
            )
        )
    return rows


def _url(item: dict[str, Any]) -> str:
    slug = item["e_slug"]
    kind = item["e_kind"]
    if kind == ACTION:
        return reverse("programme:action", kwargs={"territory_slug": slug, "pk": item["e_id"]})
    if item["e_decision"]:
        return reverse(
            "governance:decision", kwargs={"territory_slug": slug, "pk": item["e_decision"]}
        )
    if item["e_agreement"]:
        return reverse(
            "governance:agreement", kwargs={"territory_slug": slug, "pk": item["e_agreement"]}
        )
    return ""

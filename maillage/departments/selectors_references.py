"""Every read of the shared reference lists (docs/departments.md, "Référentiels
partagés"). Query counts do not grow with the number of items, mappings or communes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from maillage.core import sharing
from maillage.departments.models_references import (
    LocalMapping,
    ReferenceItem,
    ReferenceKind,
    ReferenceList,
)
from maillage.evaluation.models import DEFAULT_QUESTIONS, Campaign
from maillage.governance.models import Body
from maillage.network import vocab
from maillage.observatory.models import Indicator
from maillage.participation.models import Contribution
from maillage.participation.models.contributions import Category, ModerationState
from maillage.territories.models import Territory
from maillage.watch.models import Signal

WATCH = "watch:"
PARTICIPATION = "participation:"


@dataclass
class DepartmentList:
    reference_list: ReferenceList
    items: list[ReferenceItem]

    @property
    def kind(self) -> str:
        return self.reference_list.kind

    @property
    def drafts(self) -> int:
        return sum(1 for i in self.items if i.published_in is None and not i.is_archived)


def department_lists(territory: Territory) -> list[DepartmentList]:
    """The Département's four lists in their order, with every item (archived included);
    a kind never written yet is an empty, unsaved list."""
    saved = {
        found.kind: found
        for found in ReferenceList.objects.filter(territory=territory).prefetch_related(
            Prefetch("items", queryset=ReferenceItem.objects.order_by("is_archived", "label"))
        )
    }
    lists = []
    for kind in ReferenceKind.values:
        found = saved.get(kind)
        if found is None:
            lists.append(DepartmentList(ReferenceList(territory=territory, kind=kind), []))
        else:
            lists.append(DepartmentList(found, list(found.items.all())))
    return lists


def item_of_department(territory: Territory, item_id: int) -> ReferenceItem | None:
    return (
        ReferenceItem.objects.select_related("reference_list__territory")
        .filter(reference_list__territory=territory, pk=item_id)
        .first()
    )


def item_for_commune(territory: Territory, item_id: int) -> ReferenceItem | None:
    """A published, current item of the commune's Département."""
    if not territory.parent_id:
        return None
    return (
        ReferenceItem.objects.select_related("reference_list")
        .filter(
            reference_list__territory_id=territory.parent_id,
            pk=item_id,
            published_in__isnull=False,
            is_archived=False,
        )
        .first()
    )


# --------------------------------------------------------------------------- local items


def _theme_items() -> list[tuple[str, str]]:
    items = [
        (PARTICIPATION + value, _("Participation : %(label)s") % {"label": label})
        for value, label in Category.choices
    ]
    for value, label in vocab.choices(vocab.Categorie):
        items.append((WATCH + value, _("Veille : %(label)s") % {"label": label}))
    return items


def local_items(territory: Territory, kind: str) -> list[tuple[str, str]]:
    """The commune's own items of ``kind`` as (key, label): the catalogue's indicators (the
    instance's shared catalogue), the thématiques its signals (data·inclusion
    categories) and contributions (the residents' subjects) use, the questions of its
    latest evaluation campaign (the default grid before the first), its bodies."""
    if kind == ReferenceKind.INDICATORS:
        return list(Indicator.objects.order_by("name").values_list("code", "name"))
    if kind == ReferenceKind.THEMES:
        return _theme_items()
    if kind == ReferenceKind.EVALUATION_GRID:
        campaign = Campaign.objects.filter(territory=territory).order_by("-year").first()
        questions = campaign.questions if campaign is not None else DEFAULT_QUESTIONS
        return [(q["key"], q.get("label") or q["key"]) for q in questions or [] if q.get("key")]
    if kind == ReferenceKind.BODY_TEMPLATES:
        return [
            (str(pk), name)
            for pk, name in Body.objects.filter(territory=territory, is_archived=False)
            .order_by("name")
            .values_list("pk", "name")
        ]
    return []


# --------------------------------------------------------------------------- the commune's page


@dataclass
class Row:
    item: ReferenceItem
    mapping: LocalMapping | None
    local_label: str = ""


@dataclass
class CommuneList:
    reference_list: ReferenceList
    rows: list[Row] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)

    @property
    def mapped(self) -> int:
        return sum(1 for row in self.rows if row.mapping is not None)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def to_map(self) -> int:
        return self.total - self.mapped

    @property
    def kind(self) -> str:
        return self.reference_list.kind


def commune_lists(territory: Territory) -> list[CommuneList]:
    """The Département's published lists as the commune sees them, each item with the
    commune's mapping and the local item's label."""
    if not territory.parent_id:
        return []
    mappings = {m.item_id: m for m in LocalMapping.objects.filter(territory=territory)}
    current = ReferenceItem.objects.filter(published_in__isnull=False, is_archived=False)
    lists = ReferenceList.objects.filter(territory_id=territory.parent_id, version__gt=0)
    result = []
    for the_list in lists.prefetch_related(Prefetch("items", queryset=current)):
        options = local_items(territory, the_list.kind)
        labels = dict(options)
        rows = []
        for item in the_list.items.all():
            mapping = mappings.get(item.pk)
            label = ""
            if mapping is not None:
                label = labels.get(mapping.local_key, mapping.local_key) or str(
                    mapping.get_status_display()
                )
            rows.append(Row(item=item, mapping=mapping, local_label=label))
        result.append(CommuneList(reference_list=the_list, rows=rows, options=options))
    return result


def commune_mappings(territory: Territory) -> list[LocalMapping]:
    return list(
        LocalMapping.objects.filter(territory=territory)
        .select_related("item__reference_list")
        .order_by("item__reference_list__kind", "item__label")
    )


# --------------------------------------------------------------------------- the Département's page


@dataclass
class CommuneProgress:
    territory: Territory
    mapped: int
    total: int


def progress_by_commune(department: Territory) -> list[CommuneProgress]:
    """How far each commune has mapped the published lists: counts only."""
    communes = list(
        Territory.objects.filter(parent=department, kind=Territory.Kind.COMMUNE).order_by("name")
    )
    total = ReferenceItem.objects.filter(
        reference_list__territory=department, published_in__isnull=False, is_archived=False
    ).count()
    mapped = dict(
        LocalMapping.objects.filter(
            territory__in=communes,
            item__reference_list__territory=department,
            item__published_in__isnull=False,
            item__is_archived=False,
        )
        .values("territory")
        .annotate(n=Count("pk"))
        .values_list("territory", "n")
    )
    return [CommuneProgress(t, mapped.get(t.pk, 0), total) for t in communes]


@dataclass
class ThemeCount:
    item: ReferenceItem
    signals: int = 0
    contributions: int = 0
    communes: set[int] = field(default_factory=set)

    @property
    def commune_count(self) -> int:
        return len(self.communes)


def theme_counts(department: Territory) -> list[ThemeCount]:
    """Signals and published contributions per reference thématique, summed across the
    communes that map their themes and share the veille (signals) or the participation
    (contributions) at least as aggregates: counts only, never a row."""
    communes = list(Territory.objects.filter(parent=department, kind=Territory.Kind.COMMUNE))
    watch_ids = [
        t.pk for t in communes if sharing.shares_at_least(t, "watch", sharing.Level.AGGREGATES)
    ]
    participation_ids = [
        t.pk
        for t in communes
        if sharing.shares_at_least(t, "participation", sharing.Level.AGGREGATES)
    ]
    items = list(
        ReferenceItem.objects.filter(
            reference_list__territory=department,
            reference_list__kind=ReferenceKind.THEMES,
            published_in__isnull=False,
            is_archived=False,
        ).order_by("label")
    )
    counts = {item.pk: ThemeCount(item=item) for item in items}
    by_key: dict[tuple[int, str], list[int]] = defaultdict(list)
    for mapping in LocalMapping.objects.filter(
        item__in=items, status__in=[LocalMapping.Status.MAPPED]
    ).values("territory_id", "item_id", "local_key"):
        by_key[(mapping["territory_id"], mapping["local_key"])].append(mapping["item_id"])
    if not by_key:
        return list(counts.values())
    signals = (
        Signal.objects.filter(territory_id__in=watch_ids, merged_into__isnull=True)
        .values("territory_id", "thematique")
        .annotate(n=Count("pk"))
    )
    for row in signals:
        key = WATCH + vocab.category_of(row["thematique"])
        for item_id in by_key.get((row["territory_id"], key), []):
            counts[item_id].signals += row["n"]
            counts[item_id].communes.add(row["territory_id"])
    contributions_by = (
        Contribution.objects.filter(
            territory_id__in=participation_ids, moderation=ModerationState.PUBLISHED
        )
        .values("territory_id", "category")
        .annotate(n=Count("pk"))
    )
    for counted in contributions_by:
        key = PARTICIPATION + counted["category"]
        for item_id in by_key.get((counted["territory_id"], key), []):
            counts[item_id].contributions += counted["n"]
            counts[item_id].communes.add(counted["territory_id"])
    return list(counts.values())


def summary(lists: Any) -> dict[str, int]:
    mapped = sum(the_list.mapped for the_list in lists)
    total = sum(the_list.total for the_list in lists)
    return {"mapped": mapped, "total": total}

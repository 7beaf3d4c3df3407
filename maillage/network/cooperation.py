"""Which organisations work together, from what the user may see: a service delivered
with partner organisations, a contact point that sends to another organisation's service,
a procedure whose steps or links involve several organisations. Other capabilities add
their own ties with ``register_source`` (the programme: organisations piloting or partnering
one action; governance: organisations sitting in one body). The same data feed a
server-rendered SVG graph and its table."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from django.utils.translation import gettext as _

from maillage.network import selectors, vocab
from maillage.network.models import ContactPoint, Procedure, Service
from maillage.territories.models import Organisation, Territory

# A source answers, for what the user may see, groups of organisations that work together
# and why ("Action « 1.2.1 »"); every pair in a group is linked.
Source = Callable[[Any, Territory], Iterable[tuple[Iterable[Organisation], str]]]
_SOURCES: list[tuple[Source, str]] = []

# The kinds of link the network itself finds; registered sources are named after the
# capability (app label) that registered them.
SERVICE, ORIENTATION, PROCEDURE = "service", "orientation", "demarche"


def register_source(source: Source, kind: str = "") -> None:
    """Add the ties another capability knows; ``kind`` (by default the app label of the
    source's module: ``programme``, ``governance``) is what the map's filter offers."""
    kind = kind or source.__module__.split(".")[1]
    if all(existing is not source for existing, _kind in _SOURCES):
        _SOURCES.append((source, kind))


def kind_choices() -> list[tuple[str, str]]:
    """The kinds of link, labelled, for the filter."""
    from django.apps import apps

    choices = [
        (SERVICE, _("Service porté ensemble")),
        (ORIENTATION, _("Orientation vers un service")),
        (PROCEDURE, _("Démarche commune")),
    ]
    labels = {"programme": _("Fiche action partagée"), "governance": _("Instance commune")}
    for _source, kind in _SOURCES:
        if kind not in dict(choices):
            label = labels.get(kind)
            if label is None:
                config = next((c for c in apps.get_app_configs() if c.label == kind), None)
                label = str(config.verbose_name) if config else kind
            choices.append((kind, label))
    return choices


# Drawing: a ring, wide enough that neighbouring labels, written along their radius, stay
# at least LABEL_GAP pixels apart; labels are cut at LABEL_CHARS characters (the full name
# is the node's <title> and is in the table).
FONT_SIZE = 12
LABEL_GAP = FONT_SIZE + 4
LABEL_CHARS = 26
LABEL_WIDTH = LABEL_CHARS * FONT_SIZE * 0.6
MIN_RADIUS = 150
LABEL_OFFSET = 14
# Kept for callers that read the former constants.
WIDTH = HEIGHT = int(2 * (MIN_RADIUS + LABEL_OFFSET + LABEL_WIDTH + 10))
RADIUS = MIN_RADIUS


@dataclass(frozen=True)
class Reason:
    """Why two organisations are linked: its kind, its text, and the data·inclusion
    categories of the services or procedure behind it (none for actions or bodies)."""

    kind: str
    label: str
    categories: frozenset[str] = frozenset()

    def __str__(self) -> str:
        return self.label


@dataclass
class Link:
    a: Organisation
    b: Organisation
    reasons: list[Reason] = field(default_factory=list)

    @property
    def weight(self) -> int:
        return len(self.reasons)


@dataclass
class Node:
    organisation: Organisation
    x: float
    y: float
    degree: int
    label_anchor: str
    label_x: float
    label_y: float
    label: str = ""
    rotation: float = 0.0
    centre: bool = False


@dataclass
class Graph:
    nodes: list[Node]
    links: list[Link]
    width: int = WIDTH
    height: int = HEIGHT

    def edges(self) -> list[dict[str, Any]]:
        where = {n.organisation.pk: n for n in self.nodes}
        return [
            {
                "x1": where[link.a.pk].x,
                "y1": where[link.a.pk].y,
                "x2": where[link.b.pk].x,
                "y2": where[link.b.pk].y,
                "width": min(1 + link.weight, 8),
                "link": link,
            }
            for link in self.links
        ]


def _pair(a: Organisation, b: Organisation) -> tuple[Organisation, Organisation]:
    return (a, b) if a.pk < b.pk else (b, a)


def _categories(thematiques: Iterable[str] | None) -> frozenset[str]:
    return frozenset(vocab.category_of(value) for value in thematiques or [] if value)


def cooperation_links(user: Any, territory: Territory) -> list[Link]:
    """Every link between two organisations the user may see, with its reasons, the most
    linked first. A constant number of queries."""
    links: dict[tuple[int, int], Link] = {}

    def add(a: Organisation | None, b: Organisation | None, reason: Reason) -> None:
        if a is None or b is None or a.pk == b.pk:
            return
        first, second = _pair(a, b)
        link = links.setdefault((first.pk, second.pk), Link(first, second))
        if reason not in link.reasons:
            link.reasons.append(reason)

    services: list[Service] = list(
        selectors.visible_services(user, territory)
        .filter(partners__isnull=False)
        .distinct()
        .select_related("organisation")
        .prefetch_related("partners")
        .only("pk", "name", "organisation", "territory", "thematiques")
    )
    for service in services:
        reason = Reason(
            SERVICE,
            _("Service « %(name)s »") % {"name": service.name},
            _categories(service.thematiques),
        )
        for partner in service.partners.all():
            add(service.organisation, partner, reason)
    contacts: list[ContactPoint] = list(
        selectors.visible_contact_points(user, territory)
        .filter(service__isnull=False)
        .select_related("organisation", "service__organisation")
    )
    for contact in contacts:
        if contact.service is not None:
            add(
                contact.organisation,
                contact.service.organisation,
                Reason(
                    ORIENTATION,
                    _("Interlocuteur « %(function)s » pour « %(service)s »")
                    % {"function": contact.function, "service": contact.service.name},
                    _categories(contact.service.thematiques),
                ),
            )
    procedures: list[Procedure] = list(
        selectors.visible_procedures(user, territory)
        .select_related("organisation")
        .prefetch_related(
            "steps__actor_organisation", "services__organisation", "contact_points__organisation"
        )
    )
    groups: list[tuple[Iterable[Organisation | None], Reason]] = [
        (
            [
                procedure.organisation,
                *(s.actor_organisation for s in procedure.steps.all()),
                *(s.organisation for s in procedure.services.all()),
                *(c.organisation for c in procedure.contact_points.all()),
            ],
            Reason(
                PROCEDURE,
                _("Démarche « %(title)s »") % {"title": procedure.title},
                _categories([procedure.thematique]),
            ),
        )
        for procedure in procedures
    ]
    for source, kind in _SOURCES:
        groups.extend(
            (members, Reason(kind, str(text))) for members, text in source(user, territory)
        )
    for members, reason in groups:
        involved = {org.pk: org for org in members if org is not None}
        for a, b in combinations(sorted(involved.values(), key=lambda o: o.pk), 2):
            add(a, b, reason)
    visible_orgs = set(
        selectors.access.visible(user, Organisation.objects.partners_of(territory)).values_list(
            "pk", flat=True
        )
    )
    kept = [
        link for link in links.values() if link.a.pk in visible_orgs and link.b.pk in visible_orgs
    ]
    kept.sort(key=lambda link: (-link.weight, link.a.name, link.b.name))
    return kept


@dataclass(frozen=True)
class Filters:
    categorie: str = ""
    kind: str = ""
    organisation: int | None = None


def filter_links(links: Iterable[Link], filters: Filters) -> list[Link]:
    """The links whose reasons match the category and the kind (each link keeps only its
    matching reasons); with an organisation, its neighbourhood: its links, and the links
    between the organisations it works with."""
    kept: list[Link] = []
    for link in links:
        reasons = [
            reason
            for reason in link.reasons
            if (not filters.kind or reason.kind == filters.kind)
            and (not filters.categorie or filters.categorie in reason.categories)
        ]
        if reasons:
            kept.append(Link(link.a, link.b, reasons))
    if filters.organisation is not None:
        centre = filters.organisation
        around = {centre}
        for link in kept:
            if centre in (link.a.pk, link.b.pk):
                around |= {link.a.pk, link.b.pk}
        kept = [link for link in kept if link.a.pk in around and link.b.pk in around]
        if len(around) == 1:
            kept = []
    kept.sort(key=lambda link: (-link.weight, link.a.name, link.b.name))
    return kept


SORTS = {
    "organisation": lambda link: (link.a.name.lower(), link.b.name.lower()),
    "partenaire": lambda link: (link.b.name.lower(), link.a.name.lower()),
    "liens": lambda link: (link.weight, link.a.name.lower(), link.b.name.lower()),
}
DEFAULT_SORT = "-liens"


def sort_links(links: Iterable[Link], sort: str) -> list[Link]:
    """``sort`` is a key of SORTS, prefixed with "-" for descending."""
    key = sort.removeprefix("-")
    if key not in SORTS:
        key, sort = DEFAULT_SORT.removeprefix("-"), DEFAULT_SORT
    return sorted(links, key=SORTS[key], reverse=sort.startswith("-"))


def cooperation_graph(user: Any, territory: Territory, filters: Filters | None = None) -> Graph:
    links = cooperation_links(user, territory)
    if filters is not None:
        links = filter_links(links, filters)
    centre = filters.organisation if filters is not None else None
    nodes, size = layout(links, centre=centre)
    return Graph(nodes=nodes, links=links, width=size, height=size)


def _label(organisation: Organisation) -> str:
    text = organisation.acronym or organisation.name
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def ring_radius(count: int) -> float:
    """The smallest radius at which ``count`` labels written along their radius, from
    LABEL_OFFSET px beyond the ring, keep LABEL_GAP px between neighbours."""
    if count <= 1:
        return MIN_RADIUS
    step = 2 * math.pi / count
    chord = math.sin(min(step, math.pi / 2))
    return max(MIN_RADIUS, LABEL_GAP / chord - LABEL_OFFSET)


def layout(links: list[Link], centre: int | None = None) -> tuple[list[Node], int]:
    """A deterministic ring: the most connected first (by name on ties), clockwise from
    the top; with a ``centre`` organisation, it sits in the middle and its partners around
    it. Labels are written outside the ring along each node's radius (turned for the left
    half, so that none reads upside down). Returns the nodes and the square's side."""
    degree: dict[int, int] = defaultdict(int)
    orgs: dict[int, Organisation] = {}
    for link in links:
        for org in (link.a, link.b):
            degree[org.pk] += link.weight
            orgs[org.pk] = org
    ordered = sorted(
        (o for o in orgs.values() if o.pk != centre), key=lambda o: (-degree[o.pk], o.name, o.pk)
    )
    radius = ring_radius(len(ordered))
    half = radius + LABEL_OFFSET + LABEL_WIDTH + 10
    size = math.ceil(2 * half)
    cx = cy = size / 2
    nodes: list[Node] = []
    if centre is not None and centre in orgs:
        nodes.append(
            Node(
                organisation=orgs[centre],
                x=round(cx, 1),
                y=round(cy, 1),
                degree=degree[centre],
                label_anchor="middle",
                label_x=round(cx, 1),
                label_y=round(cy + 26, 1),
                label=_label(orgs[centre]),
                centre=True,
            )
        )
    count = max(len(ordered), 1)
    for index, org in enumerate(ordered):
        angle = 2 * math.pi * index / count - math.pi / 2
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = cx + radius * cos, cy + radius * sin
        lx, ly = cx + (radius + LABEL_OFFSET) * cos, cy + (radius + LABEL_OFFSET) * sin
        rotation = math.degrees(angle)
        anchor = "start"
        if cos < -1e-9:
            # The left half reads from the outside in: turned half a turn, anchored at its end.
            rotation += 180
            anchor = "end"
        nodes.append(
            Node(
                organisation=org,
                x=round(x, 1),
                y=round(y, 1),
                degree=degree[org.pk],
                label_anchor=anchor,
                label_x=round(lx, 1),
                label_y=round(ly, 1),
                label=_label(org),
                rotation=round(rotation, 2),
            )
        )
    return nodes, size

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

from maillage.network import selectors
from maillage.network.models import ContactPoint, Procedure, Service
from maillage.territories.models import Organisation, Territory

# A source answers, for what the user may see, groups of organisations that work together
# and why ("Action « 1.2.1 »"); every pair in a group is linked.
Source = Callable[[Any, Territory], Iterable[tuple[Iterable[Organisation], str]]]
_SOURCES: list[Source] = []


def register_source(source: Source) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


WIDTH = 720
HEIGHT = 720
RADIUS = 260


@dataclass
class Link:
    a: Organisation
    b: Organisation
    reasons: list[str] = field(default_factory=list)

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


def cooperation_graph(user: Any, territory: Territory) -> Graph:
    links: dict[tuple[int, int], Link] = {}

    def add(a: Organisation | None, b: Organisation | None, reason: str) -> None:
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
        .only("pk", "name", "organisation", "territory")
    )
    for service in services:
        for partner in service.partners.all():
            add(service.organisation, partner, _("Service « %(name)s »") % {"name": service.name})
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
                _("Interlocuteur « %(function)s » pour « %(service)s »")
                % {"function": contact.function, "service": contact.service.name},
            )
    procedures: list[Procedure] = list(
        selectors.visible_procedures(user, territory)
        .select_related("organisation")
        .prefetch_related(
            "steps__actor_organisation", "services__organisation", "contact_points__organisation"
        )
    )
    groups: list[tuple[Iterable[Organisation | None], str]] = [
        (
            [
                procedure.organisation,
                *(s.actor_organisation for s in procedure.steps.all()),
                *(s.organisation for s in procedure.services.all()),
                *(c.organisation for c in procedure.contact_points.all()),
            ],
            _("Démarche « %(title)s »") % {"title": procedure.title},
        )
        for procedure in procedures
    ]
    for source in _SOURCES:
        groups.extend(source(user, territory))
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
    return Graph(nodes=_layout(kept), links=kept)


def _layout(links: list[Link]) -> list[Node]:
    """Organisations on a circle, the most connected first, labels outside."""
    degree: dict[int, int] = defaultdict(int)
    orgs: dict[int, Organisation] = {}
    for link in links:
        for org in (link.a, link.b):
            degree[org.pk] += link.weight
            orgs[org.pk] = org
    ordered = sorted(orgs.values(), key=lambda o: (-degree[o.pk], o.name))
    nodes = []
    count = max(len(ordered), 1)
    cx, cy = WIDTH / 2, HEIGHT / 2
    for index, org in enumerate(ordered):
        angle = 2 * math.pi * index / count - math.pi / 2
        x, y = cx + RADIUS * math.cos(angle), cy + RADIUS * math.sin(angle)
        lx, ly = cx + (RADIUS + 14) * math.cos(angle), cy + (RADIUS + 14) * math.sin(angle)
        anchor = (
            "start" if math.cos(angle) > 0.15 else ("end" if math.cos(angle) < -0.15 else "middle")
        )
        nodes.append(
            Node(
                organisation=org,
                x=round(x, 1),
                y=round(y, 1),
                degree=degree[org.pk],
                label_anchor=anchor,
                label_x=round(lx, 1),
                label_y=round(ly + 4, 1),
            )
        )
    return nodes

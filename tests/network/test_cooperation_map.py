"""Issue 11, a readable cooperation map: filters by thématique, kind of link and an
organisation's neighbourhood; a deterministic ring whose labels never overlap, cut short
with the full name in the node's <title>; a paged, sortable table in a scroll wrapper."""

from __future__ import annotations

import math
import random
import re

import pytest
from django.urls import reverse

from maillage.network import cooperation
from maillage.network.cooperation import Filters, Link, Reason, filter_links, layout
from maillage.territories.models import Organisation
from tests.factories import OrganisationFactory
from tests.network.builders import make_procedure, make_service
from tests.queries import assert_constant_queries


def org(pk: int, name: str, acronym: str = "") -> Organisation:
    return Organisation(pk=pk, name=name, acronym=acronym)


def ring(count: int) -> list[Link]:
    """A hub linked to ``count - 1`` organisations with long names, and a chain."""
    orgs = [
        org(i, f"Association numéro {i} pour l’accompagnement des familles") for i in range(count)
    ]
    links = [Link(orgs[0], other, [Reason("service", f"Service {other.pk}")]) for other in orgs[1:]]
    links += [
        Link(orgs[i], orgs[i + 1], [Reason("demarche", f"Démarche {i}")])
        for i in range(1, count - 1)
    ]
    return links


@pytest.mark.parametrize("count", [2, 5, 12, 45, 120])
def test_ring_labels_never_overlap_and_stay_in_the_drawing(count):
    nodes, size = layout(ring(count))
    assert len(nodes) == count
    outer = [n for n in nodes if not n.centre]
    for first, second in zip(outer, outer[1:] + outer[:1], strict=True):
        if first is second:
            continue
        # Labels start LABEL_OFFSET beyond the ring and run outwards along the radius: the
        # nearest points of two neighbours are their starts.
        gap = math.dist((first.label_x, first.label_y), (second.label_x, second.label_y))
        assert gap >= cooperation.LABEL_GAP - 0.5, (count, gap)
    for node in nodes:
        assert len(node.label) <= cooperation.LABEL_CHARS
        angle = math.radians(node.rotation if node.label_anchor == "start" else node.rotation - 180)
        end_x = node.label_x + cooperation.LABEL_WIDTH * math.cos(angle)
        end_y = node.label_y + cooperation.LABEL_WIDTH * math.sin(angle)
        assert -1 <= end_x <= size + 1 and -1 <= end_y <= size + 1
        assert 0 <= node.x <= size and 0 <= node.y <= size
        # No label reads upside down.
        assert -90 - 1e-6 <= node.rotation <= 90 + 1e-6 or node.label_anchor == "end"


def test_layout_is_deterministic_whatever_the_order_of_links():
    links = ring(30)
    first, size = layout(links)
    shuffled = links[:]
    random.Random(4).shuffle(shuffled)
    second, size_again = layout(shuffled)
    assert size == size_again
    assert [(n.organisation.pk, n.x, n.y, n.label_x, n.label_y) for n in first] == [
        (n.organisation.pk, n.x, n.y, n.label_x, n.label_y) for n in second
    ]
    assert first[0].organisation.pk == 0  # the most connected first, at the top


def test_long_names_are_cut_and_acronyms_preferred():
    nodes, _size = layout(
        [
            Link(
                org(1, "Centre communal d’action sociale de Clichy-sous-Bois", "CCAS"),
                org(2, "Association intercommunale pour l’insertion professionnelle des jeunes"),
                [Reason("service", "S")],
            )
        ]
    )
    labels = {n.organisation.pk: n.label for n in nodes}
    assert labels[1] == "CCAS"
    assert labels[2].endswith("…") and len(labels[2]) == cooperation.LABEL_CHARS


def test_filters_by_category_kind_and_neighbourhood():
    a, b, c, d = org(1, "A"), org(2, "B"), org(3, "C"), org(4, "D")
    housing = Reason("service", "Service logement", frozenset({"logement-hebergement"}))
    family = Reason("demarche", "Démarche famille", frozenset({"famille"}))
    body = Reason("governance", "Instance « Comité »")
    links = [Link(a, b, [housing, body]), Link(b, c, [family]), Link(c, d, [body])]
    by_category = filter_links(links, Filters(categorie="logement-hebergement"))
    assert [(link.a.name, link.b.name, link.reasons) for link in by_category] == [
        ("A", "B", [housing])
    ]
    by_kind = filter_links(links, Filters(kind="governance"))
    assert {(link.a.name, link.b.name) for link in by_kind} == {("A", "B"), ("C", "D")}
    around_b = filter_links(links, Filters(organisation=2))
    assert {(link.a.name, link.b.name) for link in around_b} == {("A", "B"), ("B", "C")}
    nodes, _size = layout(around_b, centre=2)
    centre = next(n for n in nodes if n.centre)
    assert centre.organisation.name == "B" and centre.x == centre.y
    assert filter_links(links, Filters(organisation=99)) == []


@pytest.fixture
def network(world):  # type: ignore[no-untyped-def]
    partners = [
        OrganisationFactory(name=f"Structure {i:02d}", partner_of=[world.territory])
        for i in range(30)
    ]
    for index, partner in enumerate(partners):
        make_service(
            world.territory,
            world.org_member,
            name=f"Permanence {index:02d}",
            partners=[partner],
            thematiques=["famille--garde-denfants"]
            if index % 2
            else ["logement-hebergement--se-maintenir-dans-le-logement"],
        )
    make_procedure(
        world.territory,
        world.org_other,
        steps=[{"title": "Étape", "actor_organisation": world.org_dept}],
    )
    return partners


def url(world, **params) -> str:  # type: ignore[no-untyped-def]
    base = reverse("network:cooperation", args=[world.territory.slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr><td><a [^>]*>([^<]*)</a></td><td><a [^>]*>([^<]*)</a>", body)


def test_page_filters_pages_and_sorts(world, network, client_for):  # type: ignore[no-untyped-def]
    client = client_for(world.users["partner"])
    html = client.get(url(world)).content.decode()
    assert "31 liens affichés sur 31." in html
    assert len(rows(html)) == 25 and 'class="fr-pagination' in html
    second = client.get(url(world, page=2)).content.decode()
    assert len(rows(second)) == 6
    # The table sits in the DSFR scroll wrapper, the "Par" column included.
    wrapper = html.split('<div class="fr-table__wrapper">', 1)[1]
    assert '<th scope="col">Par</th>' in wrapper.split("</table>", 1)[0]
    by_partner = rows(client.get(url(world, tri="-partenaire")).content.decode())
    assert by_partner[0][1] == "Structure 29"
    by_name = rows(client.get(url(world, tri="partenaire")).content.decode())
    names = [partner.lower() for _organisation, partner in by_name]
    assert names == sorted(names) and len(names) == 25
    housing = client.get(url(world, categorie="logement-hebergement")).content.decode()
    assert "16 liens affichés sur 31." in housing
    assert "Permanence 01" not in housing and "Permanence 00" in housing
    procedures = client.get(url(world, nature="demarche")).content.decode()
    assert "1 lien affiché sur 31." in procedures and "Service départemental" in procedures
    around = client.get(url(world, organisation=network[3].pk)).content.decode()
    assert "<title>Coopérations de Structure 03" in around
    assert "1 lien affiché sur 31." in around
    assert rows(around) == [("Organisation membre", "Structure 03")]


def test_bad_filters_are_refused_in_french(world, network, client_for):  # type: ignore[no-untyped-def]
    client = client_for(world.users["partner"])
    for params in ({"organisation": "abc"}, {"organisation": "999999"}, {"nature": "x"}):
        response = client.get(url(world, **params))
        assert response.status_code == 400
        assert "Sélectionnez un choix valide" in response.content.decode()
    empty = client.get(url(world, nature="governance")).content.decode()
    assert 'id="cooperation-empty"' in empty


def test_nodes_link_to_their_neighbourhood_with_full_names(world, network, client_for):  # type: ignore[no-untyped-def]
    html = client_for(world.users["partner"]).get(url(world)).content.decode()
    node = re.search(
        rf'<a href="\?organisation={network[0].pk}"[^>]*aria-label="Coopérations de Structure 00"',
        html,
    )
    assert node
    assert "<title>Structure 00</title>" in html


def test_filtered_and_sorted_page_queries_do_not_grow(world, client_for):  # type: ignore[no-untyped-def]
    client = client_for(world.users["coordinator"])
    make_service(world.territory, world.org_member, partners=[world.org_other])
    counter = iter(range(10_000))

    def grow(times: int) -> None:
        for _ in range(times * 5):
            n = next(counter)
            partner = OrganisationFactory(name=f"Partenaire {n}", partner_of=[world.territory])
            make_service(world.territory, world.org_member, name=f"Service {n}", partners=[partner])

    path = url(
        world, organisation=world.org_member.pk, tri="partenaire", categorie="logement-hebergement"
    )
    assert_constant_queries(client, path, grow)

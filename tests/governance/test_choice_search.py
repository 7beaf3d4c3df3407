"""The forms' long choices (people, fiches): the first rows written, the others found by
searching, through the same querysets the forms accept (maillage.core.search_select)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from maillage.core import access
from maillage.core.roles import Role, Visibility
from maillage.core.search_select import SHOWN
from maillage.governance.models import AgendaItem
from maillage.programme.models import Action
from tests.factories import member
from tests.programme import factories as programme

pytestmark = pytest.mark.django_db


def _options(html: str, name: str) -> list[tuple[str, str, bool]]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no <select> named {name}"
    return [
        (value, label, "selected" in attrs)
        for value, attrs, label in re.findall(
            r'<option value="([^"]*)"([^>]*)>([^<]*)</option>', select.group(1)
        )
    ]


def _people(world, count: int) -> list:  # type: ignore[no-untyped-def]
    return [
        member(world.territory, Role.PARTNER, world.org_other, full_name=f"Zoé Agent {n:03}")
        for n in range(count)
    ]


def _body_page(client, world, committee) -> str:  # type: ignore[no-untyped-def]
    url = reverse("governance:body", args=[world.territory.slug, committee.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_proposal_form_writes_the_first_people_and_a_search(world, committee, client_for):
    _people(world, SHOWN + 20)
    html = _body_page(client_for(world.users["member"]), world, committee)
    people = _options(html, "presenter")
    # The empty choice, then the first SHOWN people by name: not the fifty-odd of them.
    assert people[0][0] == "" and len(people) == SHOWN + 1
    assert 'id="id_presenter_q"' in html and 'type="search"' in html
    search = reverse("governance:choose_person", args=[world.territory.slug])
    assert f'hx-get="{search}?field=presenter&amp;id=id_presenter"' in html
    assert "tapez quelques lettres pour chercher" in html


def test_a_person_not_written_is_accepted_and_stays_chosen(world, committee, client_for):
    last = _people(world, SHOWN + 5)[-1]
    client = client_for(world.users["member"])
    url = reverse("governance:item_propose", args=[world.territory.slug, committee.pk])
    # Missing title: the form comes back with its choice kept, although past the first rows.
    response = client.post(url, {"title": "", "duration_minutes": 20, "presenter": last.pk})
    assert response.status_code == 400
    chosen = [o for o in _options(response.content.decode(), "presenter") if o[2]]
    assert chosen == [(str(last.pk), last.full_name, True)]
    response = client.post(url, {"title": "Bilan", "duration_minutes": 20, "presenter": last.pk})
    assert response.status_code == 302
    assert AgendaItem.objects.get(title="Bilan").presenter == last


def _search(client, world, name: str, **params):  # type: ignore[no-untyped-def]
    url = reverse(f"governance:{name}", args=[world.territory.slug])
    return client.get(url, params)


def test_the_people_search_finds_the_territorys_staff_only(world, client_for):
    _people(world, 3)
    outsider = member(world.foreign, Role.PARTNER, world.org_foreign, full_name="Zoé Ailleurs")
    resident = member(world.territory, Role.RESIDENT, full_name="Zoé Habitante")
    client = client_for(world.users["partner"])
    response = _search(
        client, world, "choose_person", field="presenter", id="id_presenter", q="zoé"
    )
    assert response.status_code == 200
    html = response.content.decode()
    labels = [label for _value, label, _chosen in _options(html, "presenter")]
    assert labels == ["---------", "Zoé Agent 000", "Zoé Agent 001", "Zoé Agent 002"]
    assert outsider.full_name not in html and resident.full_name not in html
    assert 'id="id_presenter_status"' in html and "3 résultats." in html


def test_the_people_search_keeps_the_chosen_person_and_says_when_nothing_matches(world, client_for):
    chosen = _people(world, 2)[1]
    client = client_for(world.users["partner"])
    response = _search(
        client,
        world,
        "choose_person",
        field="presenter",
        id="id_presenter",
        q="personne-inconnue",
        presenter=chosen.pk,
    )
    options = _options(response.content.decode(), "presenter")
    assert (str(chosen.pk), chosen.full_name, True) in options
    assert "Aucun résultat" in response.content.decode()


def test_the_people_search_matches_every_word_in_name_or_address(world, client_for):
    _people(world, 2)
    member(world.territory, Role.PARTNER, world.org_other, full_name="Jade Martin")
    client = client_for(world.users["partner"])
    html = _search(
        client, world, "choose_person", field="p", id="i", q="martin jade"
    ).content.decode()
    assert [label for _v, label, _c in _options(html, "p")] == ["---------", "Jade Martin"]
    html = _search(client, world, "choose_person", field="p", id="i", q="essai.test").content
    # Every staff address of the world ends so: the search reads addresses too.
    assert len(_options(html.decode(), "p")) > 3


def test_the_fiche_search_shows_only_the_fiches_the_reader_sees(world, client_for):
    seen = programme.action(world.territory, code="9.9.1", title="Garde d’enfants")
    hidden = programme.action(
        world.territory,
        code="9.9.2",
        title="Garde restreinte",
        visibility=Visibility.RESTRICTED,
        restricted_to=[world.org_member],
    )
    partner = world.users["partner"]
    assert not access.visible(partner, Action.objects.filter(pk=hidden.pk)).exists()
    html = _search(
        client_for(partner), world, "choose_action", field="action", id="id_action", q="garde"
    ).content.decode()
    labels = [label for _v, label, _c in _options(html, "action")]
    assert labels == ["---------", f"9.9.1 — {seen.title}"]
    # Asking for the hidden one as the chosen row does not reveal it either.
    html = _search(
        client_for(partner),
        world,
        "choose_action",
        field="action",
        id="id_action",
        q="",
        action=hidden.pk,
    ).content.decode()
    assert "restreinte" not in html


@pytest.mark.parametrize(
    "params",
    [
        {"id": "id_presenter", "q": "a"},
        {"field": 'presenter" onmouseover="x', "id": "id_presenter"},
        {"field": "presenter", "id": "<script>"},
        {"field": "presenter\n", "id": "id_presenter"},
    ],
)
def test_a_search_without_a_proper_field_is_refused(world, client_for, params):
    response = _search(client_for(world.users["partner"]), world, "choose_person", **params)
    assert response.status_code == 400
    assert "Champ inconnu" in response.content.decode()

"""Each first screen's query count does not grow with the data: the same at 1× and 10×
(fiches, séances, bodies, tasks, agreements, services, imports of every kind)."""

import datetime
import itertools
import re

import pytest
from django.utils import timezone

from maillage.core.roles import Role, Visibility
from maillage.governance import services as governance
from maillage.governance.models import Body, Meeting
from maillage.programme import services as programme
from maillage.territories import home
from tests.community import builders as community
from tests.factories import OrganisationFactory, TerritoryFactory, member
from tests.governance import builders as gov
from tests.network.builders import make_service
from tests.programme import factories as prog
from tests.queries import assert_constant_queries, made_again

pytestmark = pytest.mark.django_db

_counter = itertools.count()


@pytest.fixture
def scene():  # type: ignore[no-untyped-def]
    departement = TerritoryFactory(departement=True, slug="ssd", insee_code="93")
    territory = TerritoryFactory(slug="clichy", insee_code="93014", parent=departement)
    ville = OrganisationFactory(name="Ville", partner_of=[territory])
    focus = OrganisationFactory(name="Département", partner_of=[territory, departement])
    users = {
        "coordinator": member(territory, Role.COORDINATOR, ville),
        "partner": member(territory, Role.PARTNER, focus),
        "elected": member(territory, Role.ELECTED, ville),
        "departement": member(departement, Role.PARTNER, focus),
        "resident": member(territory, Role.RESIDENT),
    }
    strategic = gov.body(
        territory,
        name="Comité stratégique",
        kind=Body.Kind.STRATEGIC,
        members=[ville, focus],
        titulars={focus.pk: users["partner"]},
        chair=users["elected"],
        secretary=users["coordinator"],
    )
    scene = {
        "territory": territory,
        "departement": departement,
        "ville": ville,
        "focus": focus,
        "users": users,
        "strategic": strategic,
    }
    grow(scene, 1)
    return scene


def grow(scene, times: int) -> None:  # type: ignore[no-untyped-def]
    """More of everything a first screen reads."""
    territory, focus, ville = scene["territory"], scene["focus"], scene["ville"]
    users = scene["users"]
    today = timezone.localdate()
    for _ in range(times):
        n = next(_counter)
        # Programme: fiches piloted by the partner's organisation, in several statuses.
        prog.axis(territory, number=1 + n % 3)
        for status in ("ongoing", "done", "idea"):
            prog.action(
                territory,
                code=f"{n}.{status}",
                objective=prog.objective(territory, code=f"{1 + n % 3}.1", axis_number=1 + n % 3),
                status=status,
                pilots=[focus],
                visibility=Visibility.PUBLIC,
                ends_on=today + datetime.timedelta(days=30),
            )
        # A late fiche with a late milestone: the late blocks read their rows.
        late = prog.action(
            territory,
            code=f"{n}.late",
            status="ongoing",
            pilots=[focus],
            visibility=Visibility.PUBLIC,
            ends_on=today - datetime.timedelta(days=10),
        )
        programme.add_milestone(
            actor=None, action=late, title=f"Jalon {n}", planned_on=today - datetime.timedelta(3)
        )
        # Governance: a body, séances to come (convened and draft), a backlog subject, a
        # task for the partner's organisation, a convention to review.
        body = gov.body(
            territory,
            name=f"Comité technique {n}",
            members=[focus, ville],
            titulars={focus.pk: users["partner"]},
            secretary=users["coordinator"],
        )
        gov.meeting(body, days=5 + n, status=Meeting.Status.CONVENED)
        gov.meeting(
            scene["strategic"], days=20 + n, title=f"Séance {n}", status=Meeting.Status.CONVENED
        )
        governance.propose_item(actor=None, body=body, title=f"Sujet {n}", duration_minutes=20)
        past = gov.meeting(body, days=-30 - n, status=Meeting.Status.HELD)
        governance.record_decision(
            actor=None,
            meeting=past,
            text=f"Décision {n}",
            owner=focus,
            # Overdue: the coordination's late block names it (its rows read, not counted).
            due_date=today - datetime.timedelta(days=1),
            follow_up={"title": f"Tâche {n}", "owner": focus, "due_date": today},
        )
        governance.create_agreement(
            actor=None,
            territory=territory,
            kind="convention",
            title=f"Convention {n}",
            signed_on=datetime.date(2020, 1, 1),
            review_on=today + datetime.timedelta(days=5),
            reminder_days=30,
            visibility=Visibility.PARTNERS,
            signatories=[(focus, "")],
        )
        # Community: a published post and an event to come, the « Vie du réseau » block's.
        community.post(territory, focus, publish=True, title=f"Actualité {n}")
        community.event(territory, focus, title=f"Événement {n}", days=3 + n)
        # Network: services of the partner's organisation, one of them old.
        make_service(territory, focus, name=f"Service {n}")
        old = make_service(territory, focus, name=f"Service ancien {n}")
        type(old).objects.filter(pk=old.pk).update(date_maj=datetime.date(2020, 1, 1))
        # Another commune where the Département's organisation is a partner too.
        other = TerritoryFactory(
            slug=f"commune-{n}", insee_code=f"{93100 + n:05d}", parent=scene["departement"]
        )
        from maillage.territories.models import Partnership

        Partnership.objects.get_or_create(territory=other, organisation=focus)
        prog.action(other, code=f"autre.{n}", pilots=[focus], visibility=Visibility.PUBLIC)
        OrganisationFactory(partner_of=[territory])


CASES = [
    (None, "clichy", home.PUBLIC),
    ("resident", "clichy", home.PUBLIC),
    ("partner", "clichy", home.PARTNER),
    ("elected", "clichy", home.ELECTED),
    ("coordinator", "clichy", home.COORDINATOR),
    ("departement", "clichy", home.PARTNER),
    ("departement", "ssd", home.ACROSS),
]


@pytest.mark.parametrize(("actor", "slug", "screen"), CASES)
def test_first_screen_queries_are_constant(client_for, scene, actor, slug, screen):
    client = client_for(scene["users"][actor] if actor else None)
    path = f"/territoires/{slug}/"
    assert client.get(path).context["screen"] is screen
    assert_constant_queries(client, path, lambda k: grow(scene, k))
    # And as the reader's blocks are made again after a write (core/kept_parts.py).
    assert_constant_queries(client, made_again(path), lambda k: grow(scene, k))


def test_first_screens_show_the_grown_data(client_for, scene):
    """The scene is not empty: each screen lists what the counting test grows."""
    grow(scene, 2)
    partner = client_for(scene["users"]["partner"]).get("/territoires/clichy/")
    text = partner.content.decode()
    assert "Mes fiches actions" in text and "Service ancien" in text and "Tâche" in text
    assert "Actualité" in text and "Événement" in text
    assert "Convocation :" in text
    elected = client_for(scene["users"]["elected"]).get("/territoires/clichy/").content.decode()
    assert "Vous présidez le prochain comité stratégique du" in elected
    coordinator = client_for(scene["users"]["coordinator"]).get("/territoires/clichy/")
    body = coordinator.content.decode()
    assert re.search(r"Révisions de conventions à préparer.*Convention \d+", body, re.S)
    assert "Sujets proposés en attente d’une séance" in body
    assert re.search(r"décisions? en retard.*Décision \d+", body, re.S)
    assert re.search(r"fiches? actions? en retard.*Action \d+\.late", body, re.S)
    assert re.search(r"jalons? en retard.*Jalon \d+", body, re.S)
    across = client_for(scene["users"]["departement"]).get("/territoires/ssd/").content.decode()
    assert f"Ouvrir {scene['territory'].name}" in across
    assert "Mes fiches actions dans ces communes" in across and "autre." in across


def test_role_is_resolved_once_per_request(client_for, scene, monkeypatch):
    calls = []
    original = home._resolve

    def counting(user, territory):  # type: ignore[no-untyped-def]
        calls.append(territory.pk)
        return original(user, territory)

    monkeypatch.setattr(home, "_resolve", counting)
    client_for(scene["users"]["partner"]).get("/territoires/clichy/")
    assert calls == [scene["territory"].pk]


def test_a_service_written_makes_again_only_the_parts_that_read_services(client_for, scene):
    """After a partner's write to one of their services, their first screen makes again
    the parts that read services and serves the others kept (core/table_generations.py):
    less than half the queries of the screen made whole, more than served kept, and the
    new name shown."""
    from maillage.core import write_generation
    from maillage.network import services as network
    from maillage.network.models import Service
    from tests.queries import count_queries

    partner = scene["users"]["partner"]
    client, path = client_for(partner), "/territoires/clichy/"
    client.get(path)
    kept = count_queries(client, path)
    write_generation.replace()
    whole = count_queries(client, path)
    old = Service.objects.filter(name__startswith="Service ancien").get()
    network.update_service(actor=partner, service=old, name="Service à revoir", mark_fresh=False)
    response = client.get(path)
    assert "Service à revoir" in response.content.decode()
    network.update_service(actor=partner, service=old, name="Service revu", mark_fresh=False)
    after = count_queries(client, path)
    assert kept < after and after * 2 < whole, (kept, after, whole)
    assert "Service revu" in client.get(path).content.decode()

"""« Mes fiches actions » and « Mes fiches en retard » start from
``selectors.my_action_ids``, read once per request: the fiches a reader works on (piloted
or partnered by their organisation, or as a referent) that the access engine lets them
see. These tests hold it, and the lists built on it, to ``can(view)`` fiche by fiche for
every reader of the scene, a restricted fiche that names the reader as referent
included."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.core import access
from maillage.core.roles import Role, Visibility
from maillage.programme import selectors, services
from maillage.programme.models import Action, Milestone
from tests.factories import OrganisationFactory, member
from tests.programme import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
PAST = TODAY - datetime.timedelta(days=60)


@pytest.fixture
def fiches(scene):  # type: ignore[no-untyped-def]
    """Fiches of every relation to the pilot's centre social, late and on time."""
    territory, centre, caf = scene["territory"], scene["centre"], scene["caf"]
    third = OrganisationFactory(name="Association tierce", partner_of=[territory])
    pilot = scene["pilot"]
    made = {
        "public, piloted": factories.action(
            territory, "5.1.1", pilots=[centre], visibility=Visibility.PUBLIC, ends_on=PAST
        ),
        "members, partnered": factories.action(
            territory, "5.1.2", pilots=[caf], visibility=Visibility.MEMBERS, ends_on=PAST
        ),
        "restricted elsewhere, referent": factories.action(
            territory,
            "5.1.3",
            pilots=[third],
            visibility=Visibility.RESTRICTED,
            restricted_to=[third],
            referents=[pilot],
            ends_on=PAST,
        ),
        "restricted to the centre": factories.action(
            territory,
            "5.1.4",
            pilots=[centre],
            visibility=Visibility.RESTRICTED,
            restricted_to=[centre],
            ends_on=PAST,
        ),
        "members, someone else's": factories.action(
            territory, "5.1.5", pilots=[third], visibility=Visibility.MEMBERS, ends_on=PAST
        ),
        "partners, referent, on time": factories.action(
            territory, "5.1.6", pilots=[third], visibility=Visibility.PARTNERS, referents=[pilot]
        ),
    }
    services.add_partner(actor=None, action=made["members, partnered"], organisation=centre)
    for action in made.values():
        services.add_milestone(actor=None, action=action, title="Jalon", planned_on=PAST)
    scene["third_partner"] = member(territory, Role.PARTNER, third)
    return made


def _works_on(user, action: Action) -> bool:  # type: ignore[no-untyped-def]
    orgs = access.actor_for(user).orgs_in(action.territory_id)
    return bool(
        orgs & {o.pk for o in action.pilots.all()}
        or orgs & {link.organisation_id for link in action.partner_links.all()}
        or action.referents.filter(pk=user.pk).exists()
    )


@pytest.mark.parametrize(
    "reader", ["pilot", "outsider", "coordinator", "third_partner"], ids=lambda r: r
)
def test_my_fiches_are_those_worked_on_and_seen(scene, fiches, reader):  # type: ignore[no-untyped-def]
    user, territory = scene[reader], scene["territory"]
    expected = sorted(
        action.pk
        for action in Action.objects.filter(territory=territory)
        if _works_on(user, action) and access.can(user, "view", action)
    )
    assert sorted(selectors.my_action_ids(user, territory)) == expected
    assert sorted(a.pk for a in selectors.my_actions(user, territory)) == expected
    late = [a.pk for a in Action.objects.filter(pk__in=expected) if a.is_late_on(TODAY)]
    assert sorted(a.pk for a in selectors.late_actions(user, territory, mine=True)) == sorted(late)
    late_milestones = [
        m.pk for m in Milestone.objects.filter(action_id__in=expected) if m.is_late(TODAY)
    ]
    assert late_milestones
    assert sorted(m.pk for m in selectors.late_milestones(user, territory, mine=True)) == sorted(
        late_milestones
    )


def test_the_pilot_sees_neither_the_restricted_fiche_they_are_referent_of(scene, fiches):  # type: ignore[no-untyped-def]
    mine = set(selectors.my_action_ids(scene["pilot"], scene["territory"]))
    assert fiches["restricted elsewhere, referent"].pk not in mine
    assert {
        fiches["public, piloted"].pk,
        fiches["members, partnered"].pk,
        fiches["restricted to the centre"].pk,
        fiches["partners, referent, on time"].pk,
    } <= mine


def test_the_ids_are_read_once_per_request(scene, fiches):  # type: ignore[no-untyped-def]
    user, territory = scene["pilot"], scene["territory"]
    selectors.my_action_ids(user, territory)
    with CaptureQueriesContext(connection) as captured:
        selectors.my_action_ids(user, territory)
    assert captured.captured_queries == []
    # A user object of another request reads them again.
    fresh = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as captured:
        selectors.my_action_ids(fresh, territory)
    assert len(captured.captured_queries) >= 1

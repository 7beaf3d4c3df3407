"""An organisation's page reads only the partnerships its access rules look at: those in
the territories where the reader holds a role (a Département-wide organisation is a
partner of hundreds of communes), with the same verdicts as on the whole list."""

import pytest
from django.http import Http404

from maillage.core import access
from maillage.core.roles import Role, Visibility
from maillage.territories import selectors
from maillage.territories.models import Organisation
from tests.factories import OrganisationFactory, TerritoryFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():  # type: ignore[no-untyped-def]
    communes = [TerritoryFactory(slug=f"commune-{n}") for n in range(5)]
    county = OrganisationFactory(
        name="Conseil départemental", visibility=Visibility.PARTNERS, partner_of=communes
    )
    association = OrganisationFactory(name="Association", partner_of=[communes[0]])
    return communes, county, association


def _verdicts(user, organisation):  # type: ignore[no-untyped-def]
    return {
        verb: access.can(user, verb, organisation) for verb in ("view", "view_contacts", "change")
    }


@pytest.mark.parametrize(
    "who",
    ["partner", "coordinator", "county agent", "resident", "admin"],
)
def test_only_the_reader_s_territories_are_read_and_the_verdicts_stay(scene, who):  # type: ignore[no-untyped-def]
    communes, county, association = scene
    here = communes[0]
    user = {
        "partner": lambda: member(here, Role.PARTNER, association),
        "coordinator": lambda: member(here, Role.COORDINATOR),
        "county agent": lambda: member(communes[1], Role.PARTNER, county),
        "resident": lambda: member(here, Role.RESIDENT),
        "admin": lambda: UserFactory(is_superuser=True, is_staff=True),
    }[who]()
    whole = Organisation.objects.get(pk=county.pk)  # every partnership, read on demand
    if who == "resident":  # an organisation reserved to the partners: hidden either way
        assert _verdicts(user, whole)["view"] is False
        with pytest.raises(Http404):
            selectors.organisation_or_404(user, here, county.pk)
        return
    shown = selectors.organisation_or_404(user, here, county.pk)
    read = {p.territory_id for p in shown.partnerships.all()}
    roles = access.actor_for(user).roles
    if who == "admin":
        assert read == {c.pk for c in communes}
    else:
        assert read == {c.pk for c in communes} & set(roles)
    assert _verdicts(user, shown) == _verdicts(user, whole)
    if who == "county agent":
        assert _verdicts(user, shown)["change"] is True  # a partner of its own organisation

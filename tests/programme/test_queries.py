"""Query counts of the programme's pages do not grow with the amount of data."""

import datetime
from decimal import Decimal
from itertools import count

import pytest
from django.urls import reverse

from maillage.programme import services
from maillage.programme.models import Action
from tests.factories import GeoUnitFactory, OrganisationFactory
from tests.programme import factories
from tests.queries import assert_constant_queries, made_again

pytestmark = pytest.mark.django_db
numbers = count(100)


def _more_actions(scene):  # type: ignore[no-untyped-def]
    territory = scene["territory"]

    def grow(times: int) -> None:
        for _ in range(times):
            n = next(numbers)
            objective = factories.objective(territory, f"{n % 4 + 1}.{n % 3 + 1}", n % 4 + 1)
            partner = OrganisationFactory(name=f"Partenaire {n}", partner_of=[territory])
            place = GeoUnitFactory(territory=territory)
            action = factories.action(
                territory,
                f"{n}.1",
                title=f"Action {n} garderie",
                objective=objective,
                pilots=[scene["centre"], partner],
                publics=["familles", "jeunes"],
                places=[place],
                status="ongoing",
            )
            services.add_partner(actor=None, action=action, organisation=scene["caf"])
            factories.indicator(action, measurements=[(datetime.date(2024, 1, 1), Decimal(n))])

    return grow


@pytest.mark.parametrize(
    "query", ["", "?status=ongoing&sort=-progress", "?q=garderie&public=familles&page=2"]
)
def test_actions_list(scene, client_for, query):
    client = client_for(scene["coordinator"])
    path = reverse("programme:actions", args=["clichy"]) + query
    _more_actions(scene)(26)  # enough for a second page
    assert_constant_queries(client, path, _more_actions(scene), factor=3)
    # And as made after a write (core/kept_parts.py).
    assert_constant_queries(client, made_again(path), _more_actions(scene), factor=3)


def test_overview_and_my_actions(scene, client_for):
    client = client_for(scene["pilot"])
    assert_constant_queries(
        client, reverse("programme:overview", args=["clichy"]), _more_actions(scene)
    )
    assert_constant_queries(
        client, reverse("programme:my_actions", args=["clichy"]), _more_actions(scene)
    )


def test_action_page(scene, client_for):
    action = scene["garderie"]
    indicator = scene["indicator"]
    territory = scene["territory"]
    days = count(1)

    def grow(times: int) -> None:
        for _ in range(times):
            n = next(days)
            organisation = OrganisationFactory(name=f"Association {n}", partner_of=[territory])
            services.add_partner(actor=None, action=action, organisation=organisation, role="Appui")
            services.add_means(
                actor=None,
                action=action,
                kind="budget",
                organisation=organisation,
                year=2020 + n % 6,
                amount=Decimal(1000 * n),
            )
            services.add_milestone(
                actor=None,
                action=action,
                title=f"Étape {n}",
                planned_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
            )
            services.add_journal_entry(
                actor=None,
                action=action,
                text=f"Note {n}",
                happened_on=datetime.date(2021, 1, 1) + datetime.timedelta(days=n),
                files=[factories.pdf_upload(f"note-{n}.pdf")],
            )
            for k in range(5):
                services.record_measurement(
                    actor=None,
                    indicator=indicator,
                    measured_on=datetime.date(2019, 1, 1)
                    + datetime.timedelta(days=7 * (5 * n + k)),
                    value=Decimal(n + k),
                )
            other = factories.action(territory, f"7.{n}", title=f"Autre {n}")
            services.update_action(
                actor=None, action=action, related=[*action.related.all(), other]
            )
            extra = factories.indicator(
                action, f"Indicateur {n}", baseline=None, targets={2026: Decimal(5)}
            )
            services.record_measurement(
                actor=None, indicator=extra, measured_on=datetime.date(2024, 5, 1), value=Decimal(2)
            )
            new_status = "ongoing" if action.status != "ongoing" else "suspended"
            services.change_status(
                actor=None, action=action, status=new_status, reason=f"Étape {n}"
            )

    # One of everything first: Django skips a prefetch when there is nothing to fetch for,
    # which is not growth.
    grow(1)
    for user in (scene["pilot"], scene["outsider"]):
        assert_constant_queries(client_for(user), action.get_absolute_url(), grow, factor=4)
    for user in (scene["pilot"], scene["outsider"]):
        assert_constant_queries(
            client_for(user), made_again(action.get_absolute_url()), grow, factor=4
        )


def test_history_pages(scene, client_for):
    action = scene["garderie"]
    steps = count(1)

    def grow(times: int) -> None:
        for _ in range(times):
            services.update_action(actor=None, action=action, summary=f"Version {next(steps)}")

    client = client_for(scene["coordinator"])
    assert_constant_queries(client, reverse("programme:versions", args=["clichy", action.pk]), grow)
    assert_constant_queries(
        client,
        reverse("programme:as_of", args=["clichy"]) + f"?on={datetime.date.today()}",
        _more_actions(scene),
    )


def test_api_list(scene, client_for):
    assert_constant_queries(
        client_for(scene["coordinator"]),
        "/api/v1/territories/clichy/actions",
        _more_actions(scene),
    )
    assert Action.objects.count() > 10

"""The action page reads each indicator's last measurement of each month (one query,
whatever the number of measurements); the full history is on the indicator's own
paginated page, with a CSV export."""

import datetime
from decimal import Decimal
from itertools import count

import pytest
from django.urls import reverse

from maillage.programme import selectors, services
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def _weekly(indicator, weeks: int, start: datetime.date = datetime.date(2020, 1, 6)) -> None:  # type: ignore[no-untyped-def]
    for k in range(weeks):
        services.record_measurement(
            actor=None,
            indicator=indicator,
            measured_on=start + datetime.timedelta(days=7 * k),
            value=Decimal(k),
        )


def _history_url(scene) -> str:  # type: ignore[no-untyped-def]
    return reverse(
        "programme:indicator_history",
        args=["clichy", scene["garderie"].pk, scene["indicator"].pk],
    )


def test_series_keeps_the_last_measurement_of_each_month(scene):  # type: ignore[no-untyped-def]
    indicator = scene["indicator"]
    _weekly(indicator, 9)  # 6 Jan → 2 Mar 2020: January, February, March
    series = selectors.indicator_series(scene["garderie"])[indicator.pk]
    assert series.count == 10  # with the scene's measurement of 31/12/2023
    assert [(m.measured_on, m.value) for m in series.monthly] == [
        (datetime.date(2020, 1, 27), Decimal(3)),
        (datetime.date(2020, 2, 24), Decimal(7)),
        (datetime.date(2020, 3, 2), Decimal(8)),
        (datetime.date(2023, 12, 31), Decimal(71)),
    ]


def test_action_page_shows_months_and_links_to_the_history(scene, client_for):  # type: ignore[no-untyped-def]
    _weekly(scene["indicator"], 9)
    page = client_for(scene["outsider"]).get(scene["garderie"].get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "27/01/2020" in html and "24/02/2020" in html
    assert "20/01/2020" not in html  # not the last of its month: on the history page only
    assert _history_url(scene) in html
    assert "Voir l’historique des 10 mesures" in html


def test_history_page_is_paginated_newest_first(scene, client_for):  # type: ignore[no-untyped-def]
    _weekly(scene["indicator"], 60)
    client = client_for(scene["outsider"])
    first = client.get(_history_url(scene))
    assert first.status_code == 200
    html = first.content.decode()
    assert "31/12/2023" in html and "20/01/2020" not in html
    assert "Corriger" not in html  # the outsider reads, does not edit
    second = client.get(_history_url(scene) + "?page=2").content.decode()
    assert "20/01/2020" in second
    editor = client_for(scene["pilot"]).get(_history_url(scene)).content.decode()
    assert (
        reverse(
            "programme:indicator_measurements",
            args=["clichy", scene["garderie"].pk, scene["indicator"].pk],
        )
        in editor
    )


def test_history_csv_exports_every_measurement(scene, client_for):  # type: ignore[no-untyped-def]
    _weekly(scene["indicator"], 60)
    answer = client_for(scene["outsider"]).get(_history_url(scene) + "?format=csv")
    assert answer.status_code == 200
    text = b"".join(answer.streaming_content if answer.streaming else [answer.content])
    lines = [line for line in text.decode("utf-8-sig").splitlines() if line.strip()]
    assert len(lines) == 1 + 61
    assert "Enfants accueillis" in lines[1]


def test_history_of_an_indicator_of_another_action_is_404(scene, client_for):  # type: ignore[no-untyped-def]
    url = reverse(
        "programme:indicator_history",
        args=["clichy", scene["clause"].pk, scene["indicator"].pk],
    )
    assert client_for(scene["coordinator"]).get(url).status_code == 404


def test_queries_do_not_grow_with_measurements(scene, client_for):  # type: ignore[no-untyped-def]
    indicator = scene["indicator"]
    weeks = count()

    def grow(times: int) -> None:
        for _ in range(times * 30):
            services.record_measurement(
                actor=None,
                indicator=indicator,
                measured_on=datetime.date(2015, 1, 5) + datetime.timedelta(days=7 * next(weeks)),
                value=Decimal(1),
            )

    grow(1)
    for user in ("pilot", "outsider"):
        client = client_for(scene[user])
        assert_constant_queries(client, scene["garderie"].get_absolute_url(), grow, factor=4)
        assert_constant_queries(client, _history_url(scene), grow, factor=4)

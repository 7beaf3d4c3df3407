"""Opening hours entered day by day, stored as data·inclusion's OpenStreetMap string
(issue 11): parsing and formatting both ways, the form without JavaScript, French text."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from maillage.network import hours
from maillage.network.forms import ServiceForm
from maillage.network.models import Service
from tests.network.test_pages import _service_form

T = datetime.time


@pytest.mark.parametrize(
    "text",
    [
        "Mo-Fr 08:30-12:00,13:30-17:30",
        "Mo,Tu,Th 09:00-12:00",
        "Mo-Fr 09:00-17:00; Sa 09:00-12:00",
        "Mo,We 09:00-12:00; Tu,Th-Sa 14:00-18:00",
        "",
    ],
)
def test_parse_then_format_gives_the_string_back(text):
    assert hours.format_week(hours.parse(text)) == text


def test_parse_reads_ranges_day_by_day():
    week = hours.parse("Mo-We 09:00-12:00; We 14:00-17:00; Sa-Mo 10:00-11:00; Tu off")
    assert week == {
        "Mo": [(T(10), T(11))],
        "We": [(T(14), T(17))],
        "Sa": [(T(10), T(11))],
        "Su": [(T(10), T(11))],
    }


@pytest.mark.parametrize(
    "text", ["24/7", "Mo-Fr 09:00-12:00; PH off", "Xx 09:00-10:00", "Mo 12:00-09:00"]
)
def test_what_a_week_cannot_say_is_unreadable(text):
    with pytest.raises(hours.Unreadable):
        hours.parse(text)


def test_described_in_french():
    assert hours.describe("Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00") == (
        "Du lundi au vendredi : 8 h 30 – 12 h et 13 h 30 – 17 h 30 ; samedi : 9 h – 12 h"
    )
    assert hours.describe("Mo,Tu,Th 09:00-12:00") == "Lundi, mardi et jeudi : 9 h – 12 h"
    assert hours.describe("Mo-Fr 09:00-12:00; PH off") == "Mo-Fr 09:00-12:00; PH off"


def _cells(**cells: str) -> dict[str, str]:
    """``Mo_0_open="09:00"`` → the form field's input names."""
    data = {}
    for key, value in cells.items():
        day, index, end = key.split("_")
        data[f"horaires_accueil-{day}-{index}-{end}"] = value
    return data


def _form(world, **data):  # type: ignore[no-untyped-def]
    sent = {**_service_form(world), **data}
    sent.pop("horaires_accueil", None)
    return ServiceForm(sent, territory=world.territory, user=world.user("member"))


@pytest.mark.django_db
def test_the_form_stores_the_week_as_openstreetmap(world):
    data = {}
    for day in ("Mo", "Tu", "We", "Th", "Fr"):
        data |= _cells(**{f"{day}_0_open": "08:30", f"{day}_0_close": "12:00"})
        data |= _cells(**{f"{day}_1_open": "13:30", f"{day}_1_close": "17:30"})
    data |= _cells(Sa_0_open="9h", Sa_0_close="12 h")  # typed where there is no time picker
    form = _form(world, **data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["horaires_accueil"] == (
        "Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00"
    )


@pytest.mark.django_db
def test_wrong_hours_are_refused_in_french(world):
    form = _form(
        world,
        **_cells(Mo_0_open="12:00", Mo_0_close="09:00", Tu_0_open="09:00", We_0_open="midi"),
    )
    assert not form.is_valid()
    errors = form.errors["horaires_accueil"]
    assert "Lundi : la fermeture doit suivre l’ouverture." in errors
    assert "Mardi : indiquez l’heure d’ouverture et l’heure de fermeture." in errors
    assert "Mercredi : écrivez les heures sous la forme 09:00." in errors
    form = _form(
        world,
        **_cells(Mo_0_open="09:00", Mo_0_close="13:00", Mo_1_open="12:00", Mo_1_close="17:00"),
    )
    assert not form.is_valid()
    assert form.errors["horaires_accueil"] == ["Lundi : les deux plages se chevauchent."]


@pytest.mark.django_db
def test_special_cases_keep_the_openstreetmap_text(world):
    form = _form(world, **{"horaires_accueil-osm": "Mo-Fr 09:00-12:00; PH off"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["horaires_accueil"] == "Mo-Fr 09:00-12:00; PH off"
    form = _form(
        world,
        **{"horaires_accueil-osm": "24/7"},
        **_cells(Mo_0_open="09:00", Mo_0_close="12:00"),
    )
    assert not form.is_valid()


@pytest.mark.django_db
def test_the_page_edits_hours_day_by_day_without_javascript(world, client_for):
    client = client_for(world.user("member"))
    create = reverse("network:service_create", args=[world.territory.slug])
    page = client.get(create).content.decode()
    assert 'name="horaires_accueil-Mo-0-open"' in page and 'type="time"' in page
    assert "Lundi, matin, ouverture" in page and "Dimanche" in page
    data = {**_service_form(world), **_cells(Mo_0_open="09:00", Mo_0_close="12:00")}
    assert client.post(create, data).status_code == 302
    service = Service.objects.get(name="Permanence logement")
    assert service.horaires_accueil == "Mo 09:00-12:00"
    # Shown in French, and back in the grid when edited.
    assert "Lundi : 9 h – 12 h" in client.get(service.get_absolute_url()).content.decode()
    update = reverse("network:service_update", args=[world.territory.slug, service.pk])
    response = client.get(update)
    page = response.content.decode()
    assert 'name="horaires_accueil-Mo-0-open" value="09:00"' in page
    # "Ces informations sont à jour" is a statement to make, not a default.
    assert "Ces informations sont à jour" in page
    assert response.context["form"]["confirm"].value() is False

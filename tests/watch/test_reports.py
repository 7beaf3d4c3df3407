"""The veille's aggregates: the map of open signals by quartier (fewer than 3 shown as
"moins de 3"), the monthly trend, the note de veille (PDF and DOCX read back, counts
only, small counts masked) and the data protection documents (coordinators only).

A resident, an anonymous visitor and a partner of another territory never get a count."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from maillage.network.vocab import topic_label
from maillage.watch import reports
from maillage.watch.models import Orientation, Signal, WatchSettings
from tests.factories import api_key
from tests.queries import assert_constant_queries
from tests.watch.reports import builders
from tests.watch.reports.builders import ARREARS, CHILDCARE, SECRET_BODY, SECRET_TITLE

pytestmark = pytest.mark.django_db

PARTNERS = Signal.Audience.PARTNERS


@pytest.fixture
def places(world):
    """Quartier A: 4 open signals (3 open to all partners) and a closed one; quartier B:
    2 open; quartier C: none; 1 on the whole territory. The foreign commune has 5 of its
    own in a quartier with the same name. ``org_member`` sits in the cellule."""
    builders.cell(world.territory, [world.org_member])
    a, b, c = builders.quartiers(world.territory, 3)
    org = world.org_member
    for audience in (PARTNERS, PARTNERS, PARTNERS, Signal.Audience.CELL):
        builders.signal(world.territory, org, place=a, audience=audience)
    builders.signal(world.territory, org, place=a, status=Signal.Status.CLOSED, audience=PARTNERS)
    builders.signal(world.territory, org, place=b, audience=PARTNERS)
    builders.signal(world.territory, org, place=b, audience=PARTNERS)
    builders.signal(world.territory, org, audience=PARTNERS)
    (foreign_a,) = builders.quartiers(world.foreign, 1)
    for _n in range(5):
        builders.signal(world.foreign, world.org_foreign, place=foreign_a, audience=PARTNERS)
    return a, b, c


def _map_rows(response):
    return {row.name: row.text for row in response.context["map"].rows}


def _url(name, world):
    return reverse(f"watch:{name}", args=[world.territory.slug])


# --------------------------------------------------------------------------- the map


def test_map_counts_open_signals_and_masks_fewer_than_three(world, places, client_for):
    response = client_for(world.user("coordinator")).get(_url("map", world))
    assert response.status_code == 200
    assert _map_rows(response) == {
        "Quartier A": "4",
        "Quartier B": "moins de 3",
        "Quartier C": "moins de 3",
    }
    assert response.context["result"].whole_territory == "moins de 3"
    html = response.content.decode()
    assert "<svg" in html
    assert "Quartier A : 4" in html  # the area's tooltip
    assert "Quartier B : moins de 3" in html
    assert "Secret statistique" not in html  # the legend says what hatching means here
    assert "Zones hachurées : moins de 3 signalements ouverts" in html
    assert SECRET_TITLE not in html and SECRET_BODY not in html


def test_map_counts_only_what_the_reader_may_see(world, places, client_for):
    """A partner outside the cellule sees the signals open to all partners (3 in A)."""
    response = client_for(world.user("partner")).get(_url("map", world))
    assert _map_rows(response)["Quartier A"] == "3"
    member = client_for(world.user("member")).get(_url("map", world))
    assert _map_rows(member)["Quartier A"] == "4"


def test_map_other_level_and_bad_level(world, places, client_for):
    client = client_for(world.user("coordinator"))
    response = client.get(_url("map", world), {"niveau": "iris"})
    assert response.status_code == 200
    assert response.context["map"].rows == []
    assert "Aucune zone de ce découpage" in response.content.decode()
    refused = client.get(_url("map", world), {"niveau": "adresse"})
    assert refused.status_code == 400
    assert "Sélectionnez un choix valide" in refused.content.decode()


@pytest.mark.parametrize("actor", ["anonymous", "resident", "foreign"])
@pytest.mark.parametrize("page", ["reports", "map", "trend", "note", "note_pdf", "note_docx"])
def test_outsiders_never_get_a_count(world, places, client_for, actor, page):
    response = client_for(world.user(actor)).get(_url(page, world))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/connexion/" in response["Location"] or "login" in response["Location"]
    assert b"Quartier A" not in response.content


def test_foreign_partner_counts_never_include_this_territory(world, places, client_for):
    """The foreign commune's coordinator sees their own 5 signals, never ours."""
    foreign = world.foreign
    response = client_for(world.user("foreign")).get(reverse("watch:map", args=[foreign.slug]))
    assert response.status_code == 200
    assert {r.text for r in response.context["map"].rows} == {"5"}


def test_map_queries_do_not_grow_with_signals(world, places, client_for):
    a, b, _c = places

    def grow(times):
        for _n in range(times):
            builders.signal(world.territory, world.org_member, place=a, audience=PARTNERS)
            builders.signal(world.territory, world.org_other, place=b, thematique=ARREARS)

    assert_constant_queries(client_for(world.user("partner")), _url("map", world), grow)


# --------------------------------------------------------------------------- the trend


def test_monthly_trend_by_thematique(world, client_for):
    now = timezone.now()
    last_month = now - datetime.timedelta(days=31)
    long_ago = now - datetime.timedelta(days=500)
    org = world.org_member
    builders.signal(world.territory, org, audience=PARTNERS)
    builders.signal(world.territory, org, audience=PARTNERS)
    builders.signal(world.territory, org, audience=PARTNERS, thematique=ARREARS, created=last_month)
    builders.signal(world.territory, org, audience=PARTNERS, created=long_ago)
    builders.signal(world.foreign, world.org_foreign, audience=PARTNERS)
    trend = reports.monthly_trend(world.user("partner"), world.territory)
    assert len(trend.months) == 12
    assert trend.months[-1] == timezone.localdate().replace(day=1)
    by_label = {s.thematique: s.counts for s in trend.series}
    assert by_label[CHILDCARE][-1] == 2
    assert sum(by_label[CHILDCARE]) == 2  # the one 500 days ago is out of the period
    assert sum(by_label[ARREARS]) == 1
    assert by_label[ARREARS][-1] == 0
    assert trend.totals[-1] == 2

    response = client_for(world.user("partner")).get(_url("trend", world))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg class="watch-chart"' in html
    assert "<table>" in html
    assert topic_label(CHILDCARE) in html
    assert SECRET_TITLE not in html


def test_trend_without_signals_says_so(world, client_for):
    response = client_for(world.user("partner")).get(_url("trend", world))
    assert "Aucun signalement reçu sur la période." in response.content.decode()


# --------------------------------------------------------------------------- the note


@pytest.fixture
def note_world(world, places):
    a, _b, _c = places
    for _n in range(3):
        builders.signal(
            world.territory,
            world.org_member,
            place=a,
            thematique=ARREARS,
            trend=Signal.Trend.RISING,
            corroborations=[world.org_other, world.org_dept],
        )
    oriented = builders.signal(world.territory, world.org_member, status=Signal.Status.ORIENTED)
    Orientation.objects.create(
        signal=oriented, kind=Orientation.Kind.BACKLOG, state=Orientation.State.DONE
    )
    return world


def test_note_data_is_counts_with_small_ones_masked(note_world):
    world = note_world
    note = reports.note_data(world.user("member"), world.territory)
    summary = dict(note.summary)
    assert summary["Signalements reçus sur la période"] == "12"
    assert summary["Signalements ouverts à date"] == "11"
    assert summary["Orienté"] == "moins de 3"
    assert summary["Organisations qui signalent ou corroborent"] == "3"
    thematiques = {row.label: row.cells for row in note.tables[0].rows}
    assert thematiques[topic_label(ARREARS)] == ["3", "3", "3", "6", "6"]
    assert thematiques[topic_label(CHILDCARE)][0] == "9"
    places = {row.label: row.cells[-1] for row in note.tables[1].rows}
    assert places == {
        "Quartier A": "7",
        "Quartier B": "moins de 3",
        "Tout le territoire": "moins de 3",
    }
    orientations = note.tables[2].rows
    assert [(r.label, r.cells) for r in orientations] == [
        ("Point à l’ordre du jour d’une instance", ["Suite donnée", "moins de 3"])
    ]


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_note_pdf_reads_back(note_world, client_for):
    world = note_world
    response = client_for(world.user("member")).get(_url("note_pdf", world))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = " ".join(_pdf_text(response.content).split())
    assert "Note de veille" in text
    assert "Quartier A" in text
    assert "moins de 3" in text
    assert "Réduire les impayés de loyer" in text or topic_label(ARREARS) in text
    assert "Xyzzy" not in text and "Plugh" not in text


def test_note_docx_reads_back(note_world, client_for):
    world = note_world
    response = client_for(world.user("coordinator")).get(_url("note_docx", world))
    assert response.status_code == 200
    text = _docx_text(response.content)
    assert "Note de veille" in text
    assert topic_label(ARREARS) in text
    assert "moins de 3" in text
    assert "Quartier A" in text
    assert "Xyzzy" not in text and "Plugh" not in text


def test_note_page_and_downloads_are_for_the_cellule(note_world, client_for):
    world = note_world
    page = client_for(world.user("member")).get(_url("note", world))
    assert page.status_code == 200
    assert reverse("watch:note_pdf", args=[world.territory.slug]) in page.content.decode()
    for actor in ("partner", "elected", "departement"):
        assert client_for(world.user(actor)).get(_url("note_pdf", world)).status_code == 403


def test_note_queries_do_not_grow_with_signals(note_world, client_for):
    world = note_world

    def grow(times):
        for n in range(times):
            builders.signal(
                world.territory,
                world.org_other,
                thematique=ARREARS if n % 2 else CHILDCARE,
                corroborations=[world.org_member],
            )

    assert_constant_queries(client_for(world.user("member")), _url("note", world), grow)


# --------------------------------------------------------------------------- data protection


def test_register_and_aipd_come_from_the_territory_settings(world, client_for):
    builders.cell(world.territory, [world.org_member, world.org_dept])
    WatchSettings.objects.create(
        territory=world.territory,
        controller="Commune d’essai, représentée par sa maire",
        dpo_contact="dpd@commune-essai.test",
        closed_retention_months=18,
        unconfirmed_retention_months=3,
    )
    client = client_for(world.user("coordinator"))
    register = client.get(_url("register_docx", world))
    assert register.status_code == 200
    assert register["Content-Type"].startswith("application/vnd.openxmlformats")
    text = _docx_text(register.content)
    assert "Article 30 du RGPD" in text
    assert "Commune d’essai, représentée par sa maire" in text
    assert "dpd@commune-essai.test" in text
    assert "18 mois" in text and "3 mois" in text
    assert "Organisation membre" in text and "Service départemental" in text
    aipd = client.get(_url("aipd_docx", world))
    text = _docx_text(aipd.content)
    assert "Analyse d’impact" in text
    assert "Ré-identification par recoupement" in text
    assert "18 mois" in text
    assert "119" in text


def test_register_defaults_without_settings(world):
    facts = reports.protection_facts(world.territory)
    assert facts.closed_retention_months == 24
    assert facts.unconfirmed_retention_months == 2
    assert world.territory.name in facts.controller
    assert facts.cell_organisations == []


@pytest.mark.parametrize("actor", ["partner", "member", "elected", "departement", "resident"])
def test_data_protection_documents_are_for_coordinators(world, client_for, actor):
    client = client_for(world.user(actor))
    assert client.get(_url("register_docx", world)).status_code == 403
    assert client.get(_url("aipd_docx", world)).status_code == 403


def test_home_links_by_role(world, places, client_for):
    partner = client_for(world.user("partner")).get(_url("reports", world)).content.decode()
    assert reverse("watch:map", args=[world.territory.slug]) in partner
    assert reverse("watch:note", args=[world.territory.slug]) not in partner
    assert reverse("watch:register_docx", args=[world.territory.slug]) not in partner
    coordinator = client_for(world.user("coordinator")).get(_url("reports", world))
    html = coordinator.content.decode()
    assert reverse("watch:note", args=[world.territory.slug]) in html
    assert reverse("watch:aipd_docx", args=[world.territory.slug]) in html


# --------------------------------------------------------------------------- the API


def _api_get(world, actor, path):
    headers = {}
    if actor is not None:
        headers["Authorization"] = f"Bearer {api_key(world.user(actor), scope='read')}"
    return Client().get(f"/api/v1/territories/{world.territory.slug}/watch{path}", headers=headers)


def test_api_map_masks_fewer_than_three(world, places):
    response = _api_get(world, "coordinator", "/map")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["level"] == "quartier"
    assert data["threshold"] == 3
    assert {a["name"]: (a["open_signals"], a["below_threshold"]) for a in data["areas"]} == {
        "Quartier A": (4, False),
        "Quartier B": (None, True),
        "Quartier C": (None, True),
    }
    assert data["whole_territory_open_signals"] is None
    assert data["whole_territory_below_threshold"] is True
    assert SECRET_TITLE not in response.content.decode()
    partner = _api_get(world, "partner", "/map?level=quartier").json()
    assert {a["name"]: a["open_signals"] for a in partner["areas"]}["Quartier A"] == 3
    assert _api_get(world, "partner", "/map?level=adresse").status_code == 422


def test_api_trend(world, places):
    data = _api_get(world, "member", "/trend").json()
    assert len(data["months"]) == 12
    series = {s["topic"]: s["counts"] for s in data["series"]}
    assert series[CHILDCARE][-1] == 8
    assert data["totals"][-1] == 8


@pytest.mark.parametrize("actor", [None, "resident", "foreign"])
@pytest.mark.parametrize("path", ["/map", "/trend"])
def test_api_outsiders_never_get_a_count(world, places, actor, path):
    response = _api_get(world, actor, path)
    assert response.status_code in (401, 403)
    assert b"Quartier A" not in response.content
    assert b"counts" not in response.content

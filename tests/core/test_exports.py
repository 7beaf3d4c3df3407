"""Every spreadsheet export neutralises formulas.

The test finds every export URL of the project by its name (``export``, ``csv`` or
``xlsx`` in it) and feeds each one an object carrying a malicious cell: a new export
fails here until it is given a builder below, and passes once it writes through
``maillage.core.exports``. A second test makes sure no module writes CSV or XLSX by itself.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from maillage.core import exports
from maillage.core.roles import Visibility
from maillage.governance import services as governance
from maillage.governance.models import Meeting
from maillage.observatory.catalogue import install_catalogue
from tests.factories import GeoUnitFactory
from tests.governance import builders as governance_builders
from tests.network.builders import make_service
from tests.observatory import builders as observatory_builders
from tests.programme import factories as programme
from tests.watch import builders as watch_builders

pytestmark = pytest.mark.django_db

MALICIOUS = "=2+3+cmd|' /C calc'!A0"
EXPORT_NAME = re.compile(r"export|csv|xlsx")


def _url_names(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def export_url_names() -> set[str]:
    return {name for name in _url_names(get_resolver().url_patterns) if EXPORT_NAME.search(name)}


# --------------------------------------------------------------------------- builders
# Each builder plants MALICIOUS in the world and returns the URLs that must export it,
# read by the territory's coordinator.


def _programme_actions(world: Any) -> list[str]:
    programme.action(world.territory, "1.1.1", title=MALICIOUS)
    url = reverse("programme:export_actions", args=[world.territory.slug])
    return [url, url + "?format=xlsx"]


def _programme_measurements(world: Any) -> list[str]:
    programme.indicator(
        programme.action(world.territory, "1.1.2"),
        name=MALICIOUS,
        measurements=[(datetime.date(2024, 6, 30), Decimal(12))],
    )
    url = reverse("programme:export_measurements", args=[world.territory.slug])
    return [url, url + "?format=xlsx"]


def _network(world: Any) -> list[str]:
    make_service(world.territory, world.org_member, name=MALICIOUS, description=MALICIOUS)
    world.org_member.name = MALICIOUS
    world.org_member.save()
    return [
        reverse("network:export", args=[world.territory.slug, kind, "csv"])
        for kind in ("structures", "services")
    ]


def _governance(world: Any) -> list[str]:
    body = governance_builders.body(world.territory, name="Comité de pilotage")
    held = governance_builders.meeting(body, days=-2, status=Meeting.Status.HELD)
    governance.record_decision(
        actor=None,
        meeting=held,
        text=MALICIOUS,
        follow_up={"title": MALICIOUS, "owner": world.org_member},
    )
    url = reverse("governance:register_export", args=[world.territory.slug])
    return [url, url + "?vue=taches"]


def _observatory(world: Any) -> list[str]:
    install_catalogue()
    GeoUnitFactory(territory=world.territory, kind="iris", code="990010101", name=MALICIOUS)
    observatory_builders.dataset(
        world.territory,
        world.org_member,
        f"IRIS;LIBIRIS;CAF_RSA\n990010101;{MALICIOUS};40\n",
        period=2023,
        visibility=Visibility.PUBLIC,
    )
    return [reverse("observatory:indicator_csv", args=[world.territory.slug, "foyers-rsa"])]


def _watch(world: Any) -> list[str]:
    watch_builders.cell(world.territory, members=[world.org_member])
    watch_builders.signal(
        world.territory,
        author=world.users["coordinator"],
        organisation=world.org_other,
        title=MALICIOUS,
    )
    return [reverse("watch:signals_export_csv", args=[world.territory.slug])]


def _consultation(world: Any) -> list[str]:
    from maillage.participation import services as participation
    from maillage.participation.selectors.consultations import text_queue
    from tests.participation import builders as participation_builders

    coordinator = world.users["coordinator"]
    consultation = participation_builders.consultation(world.territory, coordinator)
    participation.submit_response(
        actor=world.users["resident"],
        consultation=consultation,
        answers=participation_builders.answers_for(consultation, text=MALICIOUS),
    )
    for answer in text_queue(consultation):
        participation.moderate_answer(actor=coordinator, answer=answer, decision="published")
    url = reverse("participation:consultation_export", args=[world.territory.slug, consultation.pk])
    return [url, url + "?format=xlsx"]


def _engagements(world: Any) -> list[str]:
    programme.action(world.territory, title=MALICIOUS, pilots=[world.org_dept])
    return [reverse("departments:engagements_export", args=[world.departement.slug])]


def _organisation_engagements(world: Any) -> list[str]:
    programme.action(world.territory, title=MALICIOUS, pilots=[world.org_member])
    return [
        reverse(
            "departments:organisation_engagements_export",
            args=[world.territory.slug, world.org_member.pk],
        )
    ]


def _comparison(world: Any) -> list[str]:
    install_catalogue()
    GeoUnitFactory(territory=world.departement, kind="commune", code="99002", name=MALICIOUS)
    observatory_builders.dataset(
        world.departement,
        world.org_dept,
        f"CODGEO;LIBGEO;P21_POP;TP6021\n99002;{MALICIOUS};12000;25,1\n",
        period=2021,
        visibility=Visibility.PUBLIC,
    )
    url = reverse("departments:compare_export", args=[world.departement.slug, "csv"])
    query = "?indicateur=taux-pauvrete&annee=2021"
    return [url + query, url.replace("export.csv", "export.xlsx") + query]


# Who downloads each export: the coordinator of the commune, unless the export belongs
# to someone else (the Département's views, an organisation's own engagements).
READERS = {
    "departments:engagements_export": "departement",
    "departments:compare_export": "departement",
    "departments:organisation_engagements_export": "member",
}

BUILDERS: dict[str, Callable[[Any], list[str]]] = {
    "departments:engagements_export": _engagements,
    "departments:organisation_engagements_export": _organisation_engagements,
    "departments:compare_export": _comparison,
    "programme:export_actions": _programme_actions,
    "programme:export_measurements": _programme_measurements,
    "network:export": _network,
    "governance:register_export": _governance,
    "observatory:indicator_csv": _observatory,
    "watch:signals_export_csv": _watch,
    "participation:consultation_export": _consultation,
}


def test_every_export_url_has_a_builder():
    assert export_url_names() == set(BUILDERS), (
        "A new export: give it a builder in tests/core/test_exports.py"
    )


# --------------------------------------------------------------------------- reading


def _content(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _cells(data: bytes, content_type: str) -> list[str]:
    if content_type.startswith(exports.XLSX_CONTENT_TYPE):
        sheet = load_workbook(io.BytesIO(data)).active
        cells = []
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (cell.coordinate, cell.value)
                    cells.append(cell.value)
        return cells
    assert data.startswith(b"\xef\xbb\xbf"), "CSV exports start with a BOM"
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
    return [cell for row in rows for cell in row]


def _is_number(cell: str) -> bool:
    return re.fullmatch(r"[+-]?\d+([.,]\d+)?([eE][+-]?\d+)?", cell) is not None


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_export_neutralises_a_malicious_cell(world, client_for, name):
    urls = BUILDERS[name](world)
    client = client_for(world.users[READERS.get(name, "coordinator")])
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        cells = _cells(_content(response), response["Content-Type"])
        planted = [cell for cell in cells if "cmd|" in cell]
        assert planted, f"{url}: the malicious cell is not in the export"
        assert set(planted) == {"'" + MALICIOUS}, (url, planted)
        dangerous = [
            c for c in cells if c.startswith(exports.FORMULA_PREFIXES) and not _is_number(c)
        ]
        assert dangerous == [], (url, dangerous)


def test_no_module_writes_spreadsheets_by_itself():
    """Only the core writer builds CSV or XLSX files: another writer would escape the
    formula rule (readers of imported files are fine)."""
    root = Path(__file__).resolve().parents[2] / "maillage"
    writer_calls = re.compile(r"csv\.(writer|DictWriter)\(|\bWorkbook\(")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "exports.py" or path.parent.name != "core"
        if writer_calls.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []

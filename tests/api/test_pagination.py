"""Every list of the API is paginated one way: ``page`` and ``page_size``, both bounded, an
answer ``{"items": [...], "count": n}``, and a number beyond its bound refused with a 422 in
the API's French error shape (never a 500 for a page the database cannot offset, never a
silent 200). The operations are read from the OpenAPI document, so a list added later is
held to the same rules without being named here."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from maillage.api.pagination import MAX_PAGE
from maillage.core.roles import Role
from tests.community import builders as community
from tests.evaluation import builders as evaluation
from tests.factories import OrganisationFactory, TerritoryFactory, api_key, member
from tests.governance import builders
from tests.participation import builders as participation_builders
from tests.programme import factories as programme
from tests.watch import builders as watch_builders

pytestmark = pytest.mark.django_db

OPENAPI = "/api/v1/openapi.json"
PAGE_PARAMETERS = {"page", "page_size"}
# Names another pagination would use: none of them may appear on an operation.
FOREIGN_PARAMETERS = {"size", "limit", "offset", "per_page", "cursor"}


def _document() -> dict[str, Any]:
    response = Client().get(OPENAPI)
    assert response.status_code == 200
    return response.json()


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _success_schema(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    answer = operation["responses"].get("200", {})
    schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
    return _resolve(document, schema)


def _query(operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}


def _paginated(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (path, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method == "get" and PAGE_PARAMETERS & set(_query(operation))
    ]


@pytest.fixture
def scene() -> dict[str, Any]:
    """One of everything a list hangs from, seen by a coordinator (who may read minutes,
    attendance and the ABS report)."""
    territory = TerritoryFactory(name="Commune paginée", slug="commune-paginee", insee_code="99102")
    organisation = OrganisationFactory(name="Centre social", partner_of=[territory])
    coordinator = member(territory, Role.COORDINATOR, organisation, email="pages@essai.test")
    key = api_key(coordinator, name="pagination", scope="read")
    # The departmental lists (/departments/{slug}/…) hang from a département where the
    # same person holds a partner-level role.
    department = TerritoryFactory(departement=True, name="Département paginé")
    member(department, Role.PARTNER, organisation, email="pages@essai.test")
    body = builders.body(territory, members=[organisation])
    meeting = builders.held_with_records(body, people=[coordinator])
    action = programme.action(territory)
    indicator = programme.indicator(
        action,
        measurements=[(datetime.date(2024, month, 1), Decimal(month)) for month in (1, 2, 3)],
    )
    signal = watch_builders.signal(territory, author=coordinator, organisation=organisation)
    event = community.event(territory, organisation)
    campaign = evaluation.campaign(territory, [action], year=2025)
    consultation = participation_builders.consultation(territory, coordinator)
    from tests.evaluation.conference_builders import conference_for

    conference_for(territory, organisation, coordinator, year=2025)
    from maillage.governance import services as governance

    agreement = governance.create_agreement(
        actor=None,
        territory=territory,
        kind="convention",
        title="Convention paginée",
        signatories=[(organisation, "")],
    )
    governance.set_articles(
        actor=None,
        agreement=agreement,
        articles=governance.parse_articles("Article 1 – Objet\nLa coopération.\n"),
    )
    governance.create_amendment(actor=None, agreement=agreement, title="Avenant n° 1")
    return {
        "key": key,
        "path": {
            "slug": territory.slug,
            "signal_id": signal.pk,
            "org_id": organisation.pk,
            "event_id": event.pk,
            "body_id": body.pk,
            "meeting_id": meeting.pk,
            "action_id": action.pk,
            "indicator_id": indicator.pk,
            "code": "population",
            "year": campaign.year,
            "consultation_id": consultation.pk,
            "agreement_id": agreement.pk,
        },
        "department_path": {"slug": department.slug},
        # Required query parameters of some lists.
        "query": {"territory": territory.slug},
    }


def _call(scene: dict[str, Any], path: str, operation: dict[str, Any], **params: Any) -> Any:
    values = scene["department_path"] if "/departments/" in path else scene["path"]
    url = path.format(**values)
    required = {
        name: scene["query"][name]
        for name, parameter in _query(operation).items()
        if parameter.get("required")
    }
    return Client().get(
        url, {**required, **params}, headers={"Authorization": f"Bearer {scene['key']}"}
    )


def test_every_list_is_paginated_the_standard_way() -> None:
    """A GET answering a bare array, a page without the standard parameters, or another
    pagination's parameters fails here: a list added later is paginated or this fails."""
    document = _document()
    problems = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            schema = _success_schema(document, operation)
            query = _query(operation)
            label = f"{method.upper()} {path}"
            if method == "get" and schema.get("type") == "array":
                problems.append(f"{label}: a list without pagination")
            paged = set(schema.get("properties", {})) == {"items", "count"}
            if paged and not set(query) >= PAGE_PARAMETERS:
                problems.append(f"{label}: a page without page and page_size")
            if FOREIGN_PARAMETERS & set(query):
                problems.append(f"{label}: {sorted(FOREIGN_PARAMETERS & set(query))}")
            if PAGE_PARAMETERS & set(query):
                if not set(query) >= PAGE_PARAMETERS:
                    problems.append(f"{label}: page without page_size, or the reverse")
                    continue
                page, size = query["page"]["schema"], query["page_size"]["schema"]
                if (page.get("minimum"), page.get("maximum")) != (1, MAX_PAGE):
                    problems.append(f"{label}: page not bounded by 1..{MAX_PAGE}")
                if size.get("minimum") != 1 or not size.get("maximum"):
                    problems.append(f"{label}: page_size without bounds")
    assert problems == []
    assert len(_paginated(document)) >= 26


def _refused(response: Any, field: str) -> None:
    assert response.status_code == 422, (response.status_code, response.content[:300])
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert list(body["errors"]) == [field]
    assert all(isinstance(message, str) for message in body["errors"][field])


def test_every_paginated_operation_refuses_pages_beyond_bounds(scene) -> None:  # type: ignore[no-untyped-def]
    document = _document()
    operations = _paginated(document)
    assert operations
    for path, operation in operations:
        query = _query(operation)
        largest = query["page_size"]["schema"]["maximum"]
        default = query["page_size"]["schema"]["default"]

        first = _call(scene, path, operation, page=1)
        assert first.status_code == 200, (path, first.status_code, first.content[:300])
        schema = _success_schema(document, operation)
        if set(schema.get("properties", {})) == {"items", "count"}:
            body = first.json()
            assert set(body) == {"items", "count"}, path
            assert isinstance(body["count"], int) and len(body["items"]) <= default

        last = _call(scene, path, operation, page=MAX_PAGE, page_size=largest)
        assert last.status_code == 200, (path, last.status_code)

        for page in (0, -1, MAX_PAGE + 1, 1_000_000, 2**63 - 1, 2**64):
            _refused(_call(scene, path, operation, page=page), "page")
        for size in (0, -1, largest + 1):
            _refused(_call(scene, path, operation, page_size=size), "page_size")


def test_a_page_holds_page_size_items_and_count_counts_them_all(scene) -> None:  # type: ignore[no-untyped-def]
    path = scene["path"]
    url = (
        f"/api/v1/territories/{path['slug']}/actions/{path['action_id']}"
        f"/indicators/{path['indicator_id']}/measurements"
    )
    client = Client(headers={"Authorization": f"Bearer {scene['key']}"})
    first = client.get(url, {"page_size": 2}).json()
    second = client.get(url, {"page_size": 2, "page": 2}).json()
    beyond = client.get(url, {"page_size": 2, "page": 3}).json()
    assert [m["measured_on"] for m in first["items"]] == ["2024-01-01", "2024-02-01"]
    assert [m["measured_on"] for m in second["items"]] == ["2024-03-01"]
    assert first["count"] == second["count"] == 3
    assert beyond == {"items": [], "count": 3}

"""Schemathesis drives every operation of /api/v1/openapi.json through the WSGI app, as an
anonymous caller and with a coordinator's token, with valid and invalid inputs: no answer may
be a server error, and every answer must match what the OpenAPI document promises (status
code, content type, body schema, headers)."""

from __future__ import annotations

import functools
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from maillage.api.main import api
from maillage.core.roles import Role
from tests.factories import OrganisationFactory, api_key, member

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# Every operation is driven on both databases; deeper on PostgreSQL, the production one
# (and the one whose type and range checks raise where SQLite lets a value through), lighter
# on SQLite, to keep `make test` within CI's budget: 318 operations, 12 examples each on
# PostgreSQL (about 80 s on two workers; 20 took 134 s, the leg's largest part).
MAX_EXAMPLES = {"postgresql": 12}
MAX_EXAMPLES_ELSEWHERE = 6
OPENAPI_PATH = "/api/v1/openapi.json"


def _labels() -> list[str]:
    """Every operation of the API, read from the same document the test then loads."""
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    return sorted(
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method in operations
    )


@functools.cache
def _wsgi_app() -> Any:
    return get_wsgi_application()


_loaded: list[Any] = []


def _schema() -> Any:
    """The document, fetched and parsed once per process: generating and parsing the whole
    API's schema took about a second, which every one of the ~300 cases paid again."""
    if not _loaded:
        _loaded.append(schemathesis.openapi.from_wsgi(OPENAPI_PATH, _wsgi_app()))
    return _loaded[0]


@pytest.fixture
def api_schema(db):  # type: ignore[no-untyped-def]
    # Requests go through the bare WSGI handler, which closes the database connection at the
    # end of each one; inside the test's transaction that would end the test. Django's test
    # client unhooks the same signal for the same reason.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield _schema()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def scene(db):  # type: ignore[no-untyped-def]
    """A commune with a few partners and a coordinator who holds a token."""
    from tests.factories import TerritoryFactory

    territory = TerritoryFactory(name="Commune fuzz", slug="commune-fuzz", insee_code="99101")
    organisation = OrganisationFactory(name="Centre social fuzz", partner_of=[territory])
    OrganisationFactory(name="Association fuzz", partner_of=[territory], visibility="partners")
    coordinator = member(territory, Role.COORDINATOR, organisation, email="fuzz@essai.test")
    key = api_key(coordinator, "schemathesis")
    return {"territory": territory, "organisation": organisation, "key": key}


def _strategy(operation: Any, scene: dict) -> Any:
    """Valid and invalid cases, half of them aimed at objects that exist."""
    names = {p.name for p in operation.path_parameters}
    known = {"slug": scene["territory"].slug, "org_id": scene["organisation"].pk}
    fixed = {name: value for name, value in known.items() if name in names}
    strategies = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        for path_parameters in ({}, fixed) if fixed else ({},):
            try:
                strategies.append(
                    operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)
                )
            except Exception as exc:  # an operation with nothing to make invalid
                if mode is GenerationMode.POSITIVE:
                    raise
                del exc
    return st.one_of(strategies)


@pytest.mark.parametrize("caller", ["anonymous", "coordinator"])
@pytest.mark.parametrize("label", _labels())
def test_operation_conforms(api_schema, scene, label, caller):
    operation = api_schema.find_operation_by_label(label)
    assert operation is not None, f"{label} is not in {OPENAPI_PATH}"
    headers = {"Authorization": f"Bearer {scene['key']}"} if caller == "coordinator" else {}

    @hypothesis_settings(
        max_examples=MAX_EXAMPLES.get(connection.vendor, MAX_EXAMPLES_ELSEWHERE),
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_strategy(operation, scene))
    def run(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()

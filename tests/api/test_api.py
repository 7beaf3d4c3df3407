"""The API under /api/v1/: sessions with CSRF, pagination, throttling, French errors with
nothing saved, and the same answers as the pages."""

import json
import re

import pytest
from django.test import Client

from maillage.core.models import AuditEntry
from maillage.core.roles import Role, Visibility
from maillage.territories.models import Organisation
from tests.factories import OrganisationFactory, TerritoryFactory, api_key, member

pytestmark = pytest.mark.django_db

ORGS = "/api/v1/territories/clichy/organisations"


@pytest.fixture
def scene():  # type: ignore[no-untyped-def]
    territory = TerritoryFactory(name="Clichy-sous-Bois", slug="clichy", insee_code="93014")
    ville = OrganisationFactory(
        name="Ville de Clichy-sous-Bois", kind="communes", partner_of=[territory]
    )
    coordinator = member(territory, Role.COORDINATOR, ville, email="coordination@ville.test")
    key = api_key(coordinator)
    return {"territory": territory, "ville": ville, "coordinator": coordinator, "key": key}


def _bearer(scene) -> dict:  # type: ignore[no-untyped-def]
    return {"Authorization": f"Bearer {scene['key']}"}


def _post(client, path, body, **headers):  # type: ignore[no-untyped-def]
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(path, data=data, content_type="application/json", headers=headers)


# --------------------------------------------------------------------------- sessions and CSRF


def test_session_writes_need_the_csrf_token(scene):
    from tests.conftest import login_verified

    client = Client(enforce_csrf_checks=True)
    login_verified(client, scene["coordinator"])
    assert client.get(ORGS).status_code == 200  # reads need no token
    refused = _post(client, ORGS, {"name": "Association A", "kind": "association"})
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("Vérification CSRF échouée")
    assert not Organisation.objects.filter(name="Association A").exists()
    client.get("/")  # the page sets the CSRF cookie, as a browser would get it
    token = client.cookies["csrftoken"].value
    created = _post(
        client, ORGS, {"name": "Association A", "kind": "association"}, X_CSRFToken=token
    )
    assert created.status_code == 201


def test_tokens_need_no_csrf(scene):
    client = Client(enforce_csrf_checks=True)
    response = _post(
        client, ORGS, {"name": "Association B", "kind": "association"}, **_bearer(scene)
    )
    assert response.status_code == 201
    assert response.json()["name"] == "Association B"


def test_anonymous_writes_are_told_to_authenticate(scene):
    response = _post(Client(enforce_csrf_checks=True), ORGS, {"name": "X", "kind": "association"})
    assert response.status_code == 401


# --------------------------------------------------------------------------- pagination


def test_lists_are_paginated(client, scene):
    for index in range(59):
        OrganisationFactory(name=f"Association {index:02d}", partner_of=[scene["territory"]])
    first = client.get(ORGS).json()
    assert first["count"] == 60 and len(first["items"]) == 50
    second = client.get(ORGS, {"page": 2}).json()
    assert len(second["items"]) == 10
    assert not {o["id"] for o in first["items"]} & {o["id"] for o in second["items"]}
    assert len(client.get(ORGS, {"page_size": 20}).json()["items"]) == 20
    assert client.get(ORGS, {"page": 99}).json()["items"] == []


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"page": 0}, "page", "La valeur doit être supérieure ou égale à 1."),
        ({"page": "deux"}, "page", "Un nombre entier est attendu."),
        ({"page_size": 1000}, "page_size", "La valeur doit être inférieure ou égale à 200."),
        ({"q": "x" * 101}, "q", "Au plus 100 caractère(s) attendu(s)."),
    ],
)
def test_bad_query_parameters_answer_422_in_french(client, scene, params, field, message):
    response = client.get(ORGS, params)
    assert response.status_code == 422
    assert response.json()["errors"][field] == [message]


def test_filters_match_the_page(client, scene):
    OrganisationFactory(
        name="Élogie bailleur", kind="bailleur-social", partner_of=[scene["territory"]]
    )
    names = [o["name"] for o in client.get(ORGS, {"q": "ELOGIE"}).json()["items"]]
    assert names == ["Élogie bailleur"]
    names = [o["name"] for o in client.get(ORGS, {"kind": "communes"}).json()["items"]]
    assert names == ["Ville de Clichy-sous-Bois"]


# --------------------------------------------------------------------------- throttling


def test_throttling_per_person(settings, scene, client):
    settings.API_THROTTLE_AUTH = "3/min"
    statuses = [client.get("/api/v1/me", headers=_bearer(scene)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/me", headers=_bearer(scene))
    assert refused.json()["detail"].startswith("Trop de requêtes : réessayez dans")
    assert int(refused["Retry-After"]) > 0
    # A second token of the same person shares the quota; another person does not.
    other_key = api_key(scene["coordinator"], "Deuxième")
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {other_key}"}).status_code
        == 429
    )
    someone = member(scene["territory"], Role.PARTNER, scene["ville"])
    someone_key = api_key(someone, "Autre")
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {someone_key}"}).status_code
        == 200
    )
    # Anonymous callers have their own bucket.
    assert client.get("/api/v1/me").status_code == 200


def test_throttling_anonymous_by_address(settings, scene):
    settings.API_THROTTLE_ANON = "2/min"
    here = Client(REMOTE_ADDR="192.0.2.1")
    there = Client(REMOTE_ADDR="192.0.2.2")
    assert [here.get("/api/v1/territories").status_code for _ in range(3)] == [200, 200, 429]
    assert there.get("/api/v1/territories").status_code == 200


# --------------------------------------------------------------------------- malformed bodies


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ("{pas du json", "__all__", "Le corps de la requête n’est pas du JSON valide."),
        ("[1, 2]", "name", "Ce champ est obligatoire."),
        ({"kind": "association"}, "name", "Ce champ est obligatoire."),
        ({"name": "A", "kind": "association"}, "name", "Au moins 2 caractère(s) attendu(s)."),
        ({"name": 12, "kind": "association"}, "name", "Une chaîne de caractères est attendue."),
        (
            {"name": "Asso", "kind": "association", "email": "pas-une-adresse"},
            "email",
            "Adresse électronique invalide.",
        ),
        (
            {"name": "Asso", "kind": "association", "website": "pas une url"},
            "website",
            "Adresse web invalide.",
        ),
        (
            {"name": "Asso", "kind": "association", "parent_id": 0},
            "parent_id",
            "La valeur doit être supérieure ou égale à 1.",
        ),
        ({"name": "Asso", "kind": "inconnu"}, "kind", "Ce type d’organisation n’existe pas."),
        (
            {"name": "Asso", "kind": "association", "siret": "44306184100048"},
            "siret",
            "Ce SIRET n’est pas valide : la clé de contrôle ne correspond pas.",
        ),
        (
            {"name": "Asso", "kind": "association", "visibility": "members"},
            "visibility",
            "Une organisation est visible de tous ou des partenaires seulement.",
        ),
        (
            {"name": "Asso", "kind": "association", "parent_id": 999999},
            "parent_id",
            "Cette organisation n’est pas partenaire de ce territoire.",
        ),
    ],
)
def test_malformed_body_answers_422_in_french_and_saves_nothing(
    client, scene, body, field, message
):
    before = (Organisation.objects.count(), AuditEntry.objects.count())
    response = _post(client, ORGS, body, **_bearer(scene))
    assert response.status_code == 422, response.content
    payload = response.json()
    assert payload["detail"].endswith("Rien n’a été enregistré.")
    assert message in payload["errors"][field]
    assert (Organisation.objects.count(), AuditEntry.objects.count()) == before


def test_patch_changes_only_what_is_sent(client, scene):
    ville = scene["ville"]
    ville.acronym = "VCSB"
    ville.city = "Clichy-sous-Bois"
    ville.save()
    url = f"{ORGS}/{ville.pk}"
    response = client.patch(
        url,
        data=json.dumps({"phone": "01 43 88 00 00", "acronym": None}),
        content_type="application/json",
        headers=_bearer(scene),
    )
    assert response.status_code == 200
    ville.refresh_from_db()
    assert (ville.phone, ville.acronym, ville.city) == ("01 43 88 00 00", "", "Clichy-sous-Bois")
    bad = client.patch(
        url, data=json.dumps({"name": ""}), content_type="application/json", headers=_bearer(scene)
    )
    assert bad.status_code == 422
    ville.refresh_from_db()
    assert ville.name == "Ville de Clichy-sous-Bois"


def test_openapi_document_describes_errors_and_enumerations(client):
    document = client.get("/api/v1/openapi.json").json()
    create = document["paths"]["/api/v1/territories/{slug}/organisations"]["post"]
    assert set(create["responses"]) == {"201", "401", "403", "404", "422", "429"}
    schema = document["components"]["schemas"]["OrganisationIn"]["properties"]["kind"]
    assert "mission-locale" in schema["enum"] and "direction-municipale" in schema["enum"]


def test_unexpected_errors_answer_json_500(client, scene, monkeypatch):
    from maillage.territories import selectors

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "visible_territories", broken)
    response = client.get("/api/v1/territories")
    assert response.status_code == 500
    assert response.json() == {"detail": "Erreur interne : l’équipe technique est prévenue."}


def test_hidden_territory_answers_404_like_a_missing_one(client, scene):
    TerritoryFactory(slug="reserve", visibility=Visibility.PARTNERS)
    assert client.get("/api/v1/territories/reserve").status_code == 404
    assert (
        client.get("/api/v1/territories/reserve").json()
        == client.get("/api/v1/territories/absent").json()
    )


def test_documentation_page_needs_no_cdn(client):
    response = client.get("/api/v1/docs")
    body = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in body
    # Every script and stylesheet is ours; a word search for "cdn" once matched the
    # random CSRF token of the page.
    sources = re.findall(r'(?:src|href)="([^"]+)"', body)
    assert sources and all(source.startswith("/static/") for source in sources), sources


def test_throttling_behind_a_proxy_uses_the_address_it_saw(settings, scene):
    settings.NUM_PROXIES = 1
    settings.API_THROTTLE_ANON = "2/min"
    client = Client(REMOTE_ADDR="10.0.0.1")

    def call(forwarded: str) -> int:
        return client.get("/api/v1/territories", headers={"X-Forwarded-For": forwarded}).status_code

    # What the client writes on the left is its own invention and changes nothing.
    assert [call(f"198.51.100.{i}, 203.0.113.5") for i in range(3)] == [200, 200, 429]
    assert call("203.0.113.6") == 200


def test_a_nul_character_is_refused_field_by_field_and_nothing_is_saved(scene):
    """PostgreSQL text cannot hold U+0000: refused before any query, on both databases."""
    client = Client()
    before = Organisation.objects.count()
    response = _post(
        client,
        ORGS,
        {"name": "Association\u0000A", "kind": "association", "acronym": "A"},
        **_bearer(scene),
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"name": ["Le caractère nul (U+0000) n’est pas accepté."]}
    assert Organisation.objects.count() == before

    listed = client.get(ORGS, {"q": "Clichy\u0000"})
    assert listed.status_code == 422
    assert "q" in listed.json()["errors"]

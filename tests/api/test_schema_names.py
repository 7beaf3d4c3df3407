"""django-ninja names each OpenAPI component after its class; two classes with one name
silently share one component, and the document then describes the wrong shape for one of
them (a GET /api/v1/me answer checked against the governance membership schema, say)."""

from collections import defaultdict

from ninja import Schema

from maillage.api.main import api


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found.add(sub)
        found |= _subclasses(sub)
    return found


def test_every_api_schema_name_belongs_to_one_class() -> None:
    api.get_openapi_schema()  # imports every capability's router
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("maillage."):
            by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    clashes = {name: sorted(paths) for name, paths in by_name.items() if len(paths) > 1}
    assert clashes == {}


# The naming rule (docs/architecture.md, "The API"): data·inclusion records and fields keep
# the schema's French names; everything else is in English.
DI_SCHEMAS = {"ServiceIn", "ServicePatch", "ServiceHit", "SearchQuery"}
# Search filters named after the data·inclusion service fields they filter.
DI_PARAMETERS = {"thematique", "public", "mode_accueil", "frais"}
# data·inclusion field names that are English words, or kept on purpose outside the
# network (an action's target ``publics`` take data·inclusion values).
SHARED = {"source", "id", "description", "type", "longitude", "latitude", "siret", "publics"}
# French names the API used before the rule, and the other pagination's ``size``.
RETIRED = {
    "territoire", "titre", "fraicheur", "interlocuteurs", "demarches", "elargie", "a_jour_au",
    "constat", "etapes", "resume", "pieces", "delais", "delai", "qui", "fonction", "horaires",
    "thematique", "size", "total",
}  # fmt: skip


def test_french_names_only_for_data_inclusion_fields() -> None:
    from data_inclusion.schema.v1 import Service, Structure

    french = (set(Service.model_fields) | set(Structure.model_fields) | RETIRED) - SHARED
    document = api.get_openapi_schema()
    found = []
    for name, schema in document["components"]["schemas"].items():
        if name not in DI_SCHEMAS:
            found += [f"{name}.{p}" for p in schema.get("properties", {}) if p in french]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            names = {p["name"] for p in operation.get("parameters", [])}
            if path.endswith("/network/search"):
                names -= DI_PARAMETERS
            found += [f"{method.upper()} {path} ?{n}" for n in sorted(names & french)]
    assert found == []

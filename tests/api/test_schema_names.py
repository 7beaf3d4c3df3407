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

"""Organisation + StructureProfile ↔ data·inclusion ``Structure``; Service ↔ ``Service``.

The field lists come from the package's pydantic models, so every field the schema
defines is carried. Empty strings and ``null`` mean the same thing in Maillage's text
columns; exports write ``null`` for them, as data·inclusion does."""

from __future__ import annotations

import datetime
import re
from typing import Any

from data_inclusion.schema.v1 import Service as DiService
from data_inclusion.schema.v1 import Structure as DiStructure
from django.utils.translation import gettext as _

from maillage.network.validation import di_service_errors
from maillage.territories.kinds import is_data_inclusion_kind, organisation_kinds

SERVICE_FIELDS: tuple[str, ...] = tuple(DiService.model_fields)
STRUCTURE_FIELDS: tuple[str, ...] = tuple(DiStructure.model_fields)

LIST_FIELDS = frozenset(
    {
        "thematiques",
        "publics",
        "modes_accueil",
        "zone_eligibilite",
        "modes_mobilisation",
        "mobilisable_par",
        "reseaux_porteurs",
    }
)
FLOAT_FIELDS = frozenset({"longitude", "latitude", "volume_horaire_hebdomadaire"})
INT_FIELDS = frozenset({"nombre_semaines"})
DATE_FIELDS = frozenset({"date_maj"})

# Service model columns named differently from the schema.
SERVICE_MODEL_NAMES = {"nom": "name", "id": "di_id"}
SERVICE_SKIPPED = frozenset({"structure_id"})

# Structure fields kept on Organisation, the rest on StructureProfile.
STRUCTURE_ON_ORGANISATION = {
    "nom": "name",
    "description": "description",
    "siret": "siret",
    "adresse": "address",
    "code_postal": "postal_code",
    "commune": "city",
    "telephone": "phone",
    "courriel": "email",
    "site_web": "website",
}
STRUCTURE_ON_PROFILE = {
    "source": "source",
    "id": "di_id",
    "date_maj": "date_maj",
    "lien_source": "lien_source",
    "code_insee": "code_insee",
    "complement_adresse": "complement_adresse",
    "longitude": "longitude",
    "latitude": "latitude",
    "horaires_accueil": "horaires_accueil",
    "accessibilite_lieu": "accessibilite_lieu",
    "reseaux_porteurs": "reseaux_porteurs",
}

POSTAL_RE = re.compile(r"^\d{5}$")


def _out(value: Any) -> Any:
    if value == "" or value is None:
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return list(value)
    return value


def structure_id_of(organisation: Any) -> str:
    profile = getattr(organisation, "_prefetched_profile", None)
    if profile is None:
        try:
            profile = organisation.structure_profile
        except Exception:  # RelatedObjectDoesNotExist: no data·inclusion side yet
            profile = None
    if profile is not None and profile.di_id:
        return profile.di_id
    return f"maillage--structure-{organisation.pk}"


def service_to_di(service: Any, *, structure_id: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in SERVICE_FIELDS:
        if field == "structure_id":
            data[field] = structure_id
        elif field == "id":
            data[field] = service.di_id or f"maillage--service-{service.pk}"
        else:
            data[field] = _out(getattr(service, SERVICE_MODEL_NAMES.get(field, field)))
    return data


def structure_to_di(organisation: Any, profile: Any | None) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in STRUCTURE_FIELDS:
        if field in STRUCTURE_ON_ORGANISATION:
            data[field] = _out(getattr(organisation, STRUCTURE_ON_ORGANISATION[field]))
        elif profile is not None:
            data[field] = _out(getattr(profile, STRUCTURE_ON_PROFILE[field]))
        else:
            data[field] = None
    if profile is None or not profile.source:
        data["source"] = "maillage"
    data["id"] = (profile.di_id if profile is not None and profile.di_id else None) or (
        f"maillage--structure-{organisation.pk}"
    )
    if data.get("date_maj") is None:
        data["date_maj"] = organisation.updated_at.date().isoformat()
    if data.get("reseaux_porteurs") is None and is_data_inclusion_kind(organisation.kind):
        data["reseaux_porteurs"] = [organisation.kind]
    # Organisation columns accept a little more than the schema: keep exports valid.
    if data["nom"] and len(data["nom"]) > 150:
        data["nom"] = data["nom"][:149].rstrip() + "…"
    if data.get("description") and len(data["description"]) < 5:
        data["description"] = None
    if data.get("code_postal") and not POSTAL_RE.match(data["code_postal"]):
        data["code_postal"] = None
    return data


def _in(field: str, value: Any) -> Any:
    """A validated data·inclusion value as a model column wants it."""
    if field in LIST_FIELDS:
        if value is None:
            return None
        return list(dict.fromkeys(value))
    if field in DATE_FIELDS:
        return datetime.date.fromisoformat(str(value)) if value else None
    if field in FLOAT_FIELDS:
        return float(value) if value is not None else None
    if field in INT_FIELDS:
        return int(value) if value is not None else None
    return value


def service_fields_from_di(data: dict[str, Any]) -> dict[str, Any]:
    """Model field values of a validated data·inclusion service (without the structure)."""
    fields: dict[str, Any] = {}
    for field in SERVICE_FIELDS:
        if field in SERVICE_SKIPPED:
            continue
        value = _in(field, data.get(field))
        name = SERVICE_MODEL_NAMES.get(field, field)
        if value is None and field not in LIST_FIELDS and field not in FLOAT_FIELDS | INT_FIELDS:
            value = ""
        fields[name] = value
    return fields


def organisation_kind_for(reseaux: list[str] | None) -> str:
    known = dict(organisation_kinds())
    for reseau in reseaux or []:
        if reseau in known:
            return reseau
    return "autre"


def structure_fields_from_di(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(Organisation fields, StructureProfile fields) of a validated structure."""
    organisation = {
        name: (data.get(field) or "") for field, name in STRUCTURE_ON_ORGANISATION.items()
    }
    organisation["kind"] = organisation_kind_for(data.get("reseaux_porteurs"))
    profile: dict[str, Any] = {}
    for field, name in STRUCTURE_ON_PROFILE.items():
        value = _in(field, data.get(field))
        if value is None and field not in LIST_FIELDS | FLOAT_FIELDS | DATE_FIELDS:
            value = ""
        profile[name] = value
    return organisation, profile


# Schema field → model field, where the names differ.
SERVICE_FIELD_TO_MODEL = {"nom": "name", "id": "di_id", "structure_id": "organisation"}


def service_errors(service: Any) -> dict[str, list[str]]:
    """A service model's errors, keyed by model field, from the same checks as imports."""
    if not service.organisation_id:
        return {"organisation": [_("Choisissez la structure qui porte ce service.")]}
    data = service_to_di(service, structure_id="maillage--structure")
    if data.get("date_maj") is None:
        data.pop("date_maj")
    errors = di_service_errors(data)
    return {
        SERVICE_FIELD_TO_MODEL.get(field, field): messages for field, messages in errors.items()
    }

"""Checks on services and structures: the ``data-inclusion-schema`` package's pydantic
models first, in French, then the few checks the schema leaves to producers (a phone
number one can dial, a SIRET whose check digit is right).

``di_errors`` answers ``{field: [message, …]}`` for a data·inclusion record (an import
line or an export); models call ``mapping.service_errors`` (the same checks on a
service turned into a data·inclusion record) from ``clean()``, so a service saved from a
form, the API or an import passes the same rules."""

from __future__ import annotations

import re
from typing import Any

import pydantic
from data_inclusion.schema.v1 import Service as DiService
from data_inclusion.schema.v1 import Structure as DiStructure
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from maillage.network import vocab
from maillage.territories.validators import validate_siret

PHONE_DIGITS_RE = re.compile(r"^(?:\+33|0033|0)[1-9]\d{8}$")
SHORT_NUMBER_RE = re.compile(r"^(?:1[0-9]{1,2}|3[0-9]{3})$")
INTERNATIONAL_RE = re.compile(r"^\+[1-9]\d{6,14}$")

FIELD_LABELS = {
    "source": "source",
    "id": "id",
    "structure_id": "structure_id",
    "nom": "nom",
}

LIST_ENUMS: dict[str, type] = {
    "thematiques": vocab.Thematique,
    "publics": vocab.Public,
    "modes_accueil": vocab.ModeAccueil,
    "modes_mobilisation": vocab.ModeMobilisation,
    "mobilisable_par": vocab.PersonneMobilisatrice,
    "reseaux_porteurs": vocab.ReseauPorteur,
}
SCALAR_ENUMS: dict[str, type] = {"type": vocab.TypeService, "frais": vocab.Frais}

ENUM_NOUNS = {
    "thematiques": "Thématique inconnue",
    "publics": "Public inconnu",
    "modes_accueil": "Mode d’accueil inconnu",
    "modes_mobilisation": "Mode de mobilisation inconnu",
    "mobilisable_par": "Personne mobilisatrice inconnue",
    "reseaux_porteurs": "Réseau porteur inconnu",
    "type": "Type de service inconnu",
    "frais": "Valeur de frais inconnue",
}

PATTERN_MESSAGES = {
    "code_postal": "Le code postal compte 5 chiffres",
    "code_insee": "Le code INSEE de la commune compte 5 caractères",
    "siret": "Le SIRET compte 14 chiffres",
}


def validate_phone(value: str) -> None:
    """One French number (10 digits, +33…, a short number such as 3949) or an
    international number in E.164 form."""
    compact = re.sub(r"[\s.\-()]", "", value or "")
    if (
        PHONE_DIGITS_RE.match(compact)
        or SHORT_NUMBER_RE.match(compact)
        or INTERNATIONAL_RE.match(compact)
    ):
        return
    raise ValidationError(
        _(
            "Numéro de téléphone invalide « %(value)s » : attendu un seul numéro, "
            "par exemple 01 23 45 67 89 ou +33123456789."
        ),
        code="phone",
        params={"value": value},
    )


def _value_at(data: dict[str, Any], loc: tuple) -> Any:
    target: Any = data
    for part in loc:
        if isinstance(part, int) and isinstance(target, list | tuple) and part < len(target):
            target = target[part]
        elif isinstance(part, str) and isinstance(target, dict):
            target = target.get(part)
        else:
            break
    return target


def _french(error: dict[str, Any], data: dict[str, Any]) -> tuple[str, str]:
    """(field, message in French) for one pydantic error."""
    loc = error["loc"]
    field = str(loc[0]) if loc else "__all__"
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = _value_at(data, tuple(p for p in loc if not (isinstance(p, str) and p != field)))
    if field in ENUM_NOUNS and kind == "enum":
        return field, f"{ENUM_NOUNS[field]} : « {value} »."
    if field == "zone_eligibilite" and len(loc) > 1:
        return field, (
            f"Code géographique invalide « {value} » : attendu un code commune, EPCI, "
            "département, pays ou « france »."
        )
    if kind == "missing":
        return field, "Ce champ est obligatoire."
    if kind in ("string_too_short", "too_short"):
        if kind == "too_short" or isinstance(value, list | tuple | set):
            return field, "Indiquez au moins une valeur."
        if field in PATTERN_MESSAGES:
            return field, f"{PATTERN_MESSAGES[field]} (reçu « {value} »)."
        return field, f"Au moins {ctx.get('min_length')} caractères."
    if kind in ("string_too_long", "too_long"):
        if field in PATTERN_MESSAGES:
            return field, f"{PATTERN_MESSAGES[field]} (reçu « {value} »)."
        return field, f"Au plus {ctx.get('max_length')} caractères."
    if kind == "string_pattern_mismatch":
        return field, f"{PATTERN_MESSAGES.get(field, 'Format invalide')} (reçu « {value} »)."
    if kind.startswith("url"):
        return field, f"Adresse web invalide « {value} » : attendu https://…"
    if field == "courriel" or "email" in str(error.get("msg", "")):
        return field, f"Adresse électronique invalide « {value} »."
    if kind == "value_error":
        message = str(ctx.get("error") or error.get("msg", ""))
        return field, message.removeprefix("Value error, ")
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        return field, f"Nombre attendu (reçu « {value} »)."
    if kind.startswith("date"):
        return field, f"Date attendue au format AAAA-MM-JJ (reçu « {value} »)."
    if kind == "greater_than_equal":
        return field, f"La valeur doit être supérieure ou égale à {ctx.get('ge')}."
    if kind in ("list_type", "set_type", "iterable_type"):
        return field, "Liste de valeurs attendue."
    if kind in ("string_type", "str_type"):
        return field, "Texte attendu."
    return field, f"Valeur invalide « {value} »."


def _schema_errors(model: type[pydantic.BaseModel], data: dict[str, Any]) -> dict[str, list[str]]:
    try:
        model.model_validate(data)
    except pydantic.ValidationError as exc:
        errors: dict[str, list[str]] = {}
        for error in exc.errors():
            field, message = _french(dict(error), data)
            if message not in errors.get(field, []):
                errors.setdefault(field, []).append(message)
        return errors
    return {}


def _extra_checks(data: dict[str, Any], errors: dict[str, list[str]]) -> None:
    phone = data.get("telephone")
    if phone and "telephone" not in errors:
        try:
            validate_phone(str(phone))
        except ValidationError as exc:
            errors["telephone"] = exc.messages
    siret = data.get("siret")
    if siret and "siret" not in errors:
        try:
            validate_siret(str(siret))
        except ValidationError as exc:
            errors["siret"] = exc.messages
    for field in ("nom",):
        value = data.get(field)
        if isinstance(value, str) and value != value.strip():
            errors.setdefault(field, []).append(
                "Le nom ne doit pas commencer ni finir par un espace."
            )


def di_service_errors(data: dict[str, Any]) -> dict[str, list[str]]:
    """Errors of one data·inclusion service record, by schema field."""
    errors = _schema_errors(DiService, data)
    _extra_checks(data, errors)
    return errors


def di_structure_errors(data: dict[str, Any]) -> dict[str, list[str]]:
    errors = _schema_errors(DiStructure, data)
    _extra_checks(data, errors)
    return errors


def format_errors(errors: dict[str, list[str]]) -> list[str]:
    return [f"{field} : {message}" for field, messages in errors.items() for message in messages]

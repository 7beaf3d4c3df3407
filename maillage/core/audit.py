"""The audit log: services call ``record`` once per write, inside their transaction."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from maillage.core.models import AuditEntry

SECRET_FIELDS = frozenset({"password", "key_hash", "secret", "token_hash"})

# What the log page says for each action; capabilities add theirs with ``label_actions``.
_ACTION_LABELS: dict[str, Any] = {
    "territory.create": _("Territoire créé"),
    "territory.update": _("Territoire modifié"),
    "geounit.create": _("Unité géographique créée"),
    "organisation.create": _("Organisation ajoutée"),
    "organisation.update": _("Organisation modifiée"),
    "partnership.create": _("Partenariat ajouté"),
    "membership.create": _("Appartenance ajoutée"),
    "membership.update": _("Appartenance modifiée"),
    "membership.end": _("Appartenance terminée"),
    "invitation.create": _("Invitation envoyée"),
    "invitation.accept": _("Invitation acceptée"),
    "invitation.revoke": _("Invitation annulée"),
    "user.create": _("Compte créé"),
    "user.signup": _("Inscription d’un habitant"),
    "user.signup_again": _("Nouvelle inscription d’un habitant"),
    "user.verify_email": _("Adresse confirmée"),
    "user.update": _("Profil modifié"),
    "user.switch_territory": _("Territoire de travail changé"),
    "user.password_reset": _("Mot de passe réinitialisé"),
    "user.deactivate": _("Compte désactivé"),
    "user.mfa_enable": _("Double authentification activée"),
    "user.mfa_backup_codes": _("Codes de secours renouvelés"),
    "api_token.create": _("Jeton d’API créé"),
    "api_token.revoke": _("Jeton d’API révoqué"),
    "admin.add": _("Ajout dans l’administration"),
    "admin.change": _("Modification dans l’administration"),
    "admin.delete": _("Suppression dans l’administration"),
}


def label_actions(labels: dict[str, Any]) -> None:
    """A capability names its actions for the log page: ``{"action.create": _("…")}``."""
    _ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    return str(_ACTION_LABELS.get(action, action))


def field_label(object_type: str, name: str) -> str:
    """The field's verbose name when the model and field still exist, else its name."""
    try:
        model = apps.get_model(object_type)
        return str(model._meta.get_field(name).verbose_name)
    except (LookupError, ValueError, FieldDoesNotExist, AttributeError):
        return name


def describe(entry: AuditEntry) -> list[tuple[str, Any, Any]]:
    """``(field label, old, new)`` for each change of an entry."""
    rows = []
    for name, values in (entry.changes or {}).items():
        old, new = [*values, None, None][:2] if isinstance(values, list) else (None, values)
        rows.append((field_label(entry.object_type, name), old, new))
    return rows


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The JSON-safe values of ``obj``'s editable fields (or of ``fields``): timestamps and
    derived fields change on every save and say nothing about what someone changed."""
    names = (
        list(fields)
        if fields is not None
        else [f.name for f in obj._meta.concrete_fields if not f.primary_key and f.editable]
    )
    values: dict[str, Any] = {}
    for name in names:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(
                (obj.pk and getattr(obj, name).values_list("pk", flat=True)) or []
            )
            continue
        attname = getattr(field, "attname", name)
        values[name] = _jsonable(getattr(obj, attname))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value changed."""
    changed: dict[str, list[Any]] = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new:
            if name in SECRET_FIELDS:
                old, new = "•••", "•••"
            changed[name] = [old, new]
    return changed


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    territory: Any = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        territory=territory,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk or ""),
        object_repr=str(obj)[:255],
        changes=changes or {},
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value

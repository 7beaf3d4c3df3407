"""The audit log: services call ``record`` once per write, inside their transaction."""

from __future__ import annotations

import datetime
import decimal
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.module_loading import autodiscover_modules
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from maillage.core.models import AuditEntry

Describer = Callable[[str, Any, Any], "tuple[Any, Any, Any] | None"]

SECRET_FIELDS = frozenset({"password", "key_hash", "secret", "token_hash"})

# What the log page says for each action; capabilities add theirs with ``label_actions``.
_ACTION_LABELS: dict[str, Any] = {
    "territory.create": _("Territoire créé"),
    "territory.update": _("Territoire modifié"),
    "territory.sharing": _("Partage avec le Département modifié"),
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

# What an entry records beside the model's fields, by object type ("" for all types).
_FIELD_LABELS: dict[str, dict[str, Any]] = {
    "": {
        "created": _("créés"),
        "updated": _("mis à jour"),
        "deleted": _("supprimés"),
        "invited": _("invitations envoyées"),
        "file": _("fichier"),
        "note": _("note"),
        "accepted_at": _("acceptée le"),
        "email_verified_at": _("adresse confirmée le"),
        "backup_codes": _("codes de secours"),
        "matched_by": _("rapprochement par"),
        "steps": _("étapes"),
    }
}
_DESCRIBERS: dict[str, Any] = {}
_VALUE_LABELS: dict[str, dict[str, Callable[[Any], str]]] = {}
# French names of the fields that kept Django's default (English) verbose name.
_COMMON_FIELDS: dict[str, Any] = {
    "territory": _("territoire"),
    "user": _("personne"),
    "kind": _("type"),
    "body": _("instance"),
    "item": _("point de l’ordre du jour"),
    "seat": _("siège"),
    "sequence": _("rang"),
    "summary": _("résumé"),
    "public": _("public"),
    "dataset": _("jeu de données"),
    "level": _("niveau géographique"),
    "period": _("période"),
    "value": _("valeur"),
    "missing": _("valeur manquante"),
    "metadata": _("métadonnées"),
    "mapping": _("correspondance des colonnes"),
    "total_rows": _("lignes"),
    "processed_rows": _("lignes traitées"),
    "log": _("compte rendu"),
    "errors": _("erreurs"),
    "error": _("erreur"),
    "error_count": _("nombre d’erreurs"),
    "failure": _("échec"),
    "config": _("modèle du rapport"),
    "entry": _("entrée du journal"),
    "facet": _("facette"),
    "position": _("ordre"),
    "structures_name": _("fichier des structures"),
    "services_name": _("fichier des services"),
    "created_by": _("créé par"),
    "updated_by": _("modifié par"),
    "written_by": _("rédigé par"),
    "uploaded_by": _("déposé par"),
    "convened_by": _("convoqué par"),
    "approved_by": _("approuvé par"),
    "generated_by": _("généré par"),
    "applied_at": _("appliqué le"),
    "sent_at": _("envoyé le"),
    "finished_at": _("terminé le"),
    "revoked_at": _("révoqué le"),
    "last_used_at": _("dernière utilisation"),
}


def label_actions(labels: dict[str, Any]) -> None:
    """A capability names its actions for the log page: ``{"action.create": _("…")}``."""
    _ACTION_LABELS.update(labels)


def label_fields(object_type: str, labels: dict[str, Any]) -> None:
    """Names for what an entry of ``object_type`` records beside the model's own fields
    (``{"partners": _("partenaires")}`` on ``programme.action``), or better names than
    a field's own; ``object_type`` ``""`` names them for every type."""
    _FIELD_LABELS.setdefault(object_type, {}).update(labels)


def describe_with(action: str, describer: Describer) -> None:
    """A capability shows the changes of ``action`` its own way: ``describer(name, old,
    new)`` answers ``(label, old, new)`` as the page shows them, or None for the default."""
    _DESCRIBERS[action] = describer


def label_values(object_type: str, labels: dict[str, Callable[[Any], str]]) -> None:
    """How the log page names the values of the fields ``labels`` of ``object_type``
    (codes of a value list that are not the model's choices): ``{"publics": label}``,
    each function called on one value (on each item of a list)."""
    _VALUE_LABELS.setdefault(object_type, {}).update(labels)


def known_actions() -> frozenset[str]:
    """Every action the log page can name."""
    _discover()
    return frozenset(_ACTION_LABELS)


def action_label(action: str) -> str:
    _discover()
    return str(_ACTION_LABELS.get(action, action))


def field_label(object_type: str, name: str) -> str:
    """What the log page calls the field ``name`` of an entry about ``object_type``: the
    name a capability gave it, else the model field's own verbose name when it was given
    one, else the shared French name of common fields, else the name itself."""
    _discover()
    for scope in (object_type, ""):
        label = _FIELD_LABELS.get(scope, {}).get(name)
        if label is not None:
            return capfirst(str(label))
    field = _model_field(object_type, name)
    if field is not None and str(field.verbose_name) != name.replace("_", " "):
        return capfirst(str(field.verbose_name))
    if name in _COMMON_FIELDS:
        return capfirst(str(_COMMON_FIELDS[name]))
    if field is not None:
        return capfirst(str(field.verbose_name))
    return name


def describe(entry: AuditEntry, user: Any = None) -> list[tuple[str, str, str]]:
    """``(field label, old, new)`` for each change of an entry, as the log page shows
    them (see ``describe_entries``)."""
    return describe_entries(user, [entry])[0]


def describe_entries(user: Any, entries: Sequence[AuditEntry]) -> list[list[tuple[str, str, str]]]:
    """For each entry, ``(field label, old, new)`` per change, in French: a choice by its
    label, a boolean as Oui/Non, a date as 09/01/2017, a list joined, a related object by
    its name — or, when ``user`` may not view it, by the neutral "un objet non visible"
    (core.references). One query per related model for the whole page."""
    _discover()
    wanted: dict[type[models.Model], set[Any]] = {}
    for entry in entries:
        for name, (old, new) in _changes(entry):
            field = _model_field(entry.object_type, name)
            related = getattr(field, "related_model", None) if field is not None else None
            if not isinstance(related, type):
                continue
            for value in (old, new):
                for pk in value if isinstance(value, list) else [value]:
                    if isinstance(pk, int) and not isinstance(pk, bool):
                        wanted.setdefault(related, set()).add(pk)
    names = {model: _names(user, model, pks) for model, pks in wanted.items()}
    described = []
    for entry in entries:
        rows = []
        describer = _DESCRIBERS.get(entry.action)
        for name, (old, new) in _changes(entry):
            custom = describer(name, old, new) if describer else None
            if custom is not None:
                rows.append((str(custom[0]), str(custom[1]), str(custom[2])))
                continue
            field = _model_field(entry.object_type, name)
            labeller = _VALUE_LABELS.get(entry.object_type, {}).get(name)
            if labeller is not None:
                old, new = _relabel(labeller, old), _relabel(labeller, new)
            rows.append(
                (
                    field_label(entry.object_type, name),
                    display_value(field, old, names),
                    display_value(field, new, names),
                )
            )
        described.append(rows)
    return described


def display_value(
    field: Any, value: Any, names: dict[type[models.Model], dict[str, str]] | None = None
) -> str:
    """One recorded value as a French reader reads it ("" for nothing)."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if isinstance(value, list):
        return ", ".join(filter(None, (display_value(field, item, names) for item in value)))
    if isinstance(value, dict):
        return " ; ".join(
            f"{key} : {display_value(None, item, names)}" for key, item in value.items()
        )
    related = getattr(field, "related_model", None) if field is not None else None
    if isinstance(related, type) and names is not None and related in names:
        return names[related].get(str(value), str(value))
    if field is not None and getattr(field, "flatchoices", None):
        choices = {str(key): label for key, label in field.flatchoices}
        if str(value) in choices:
            return str(choices[str(value)])
    if isinstance(value, bool):
        return str(_("Oui") if value else _("Non"))
    if isinstance(value, int | float | decimal.Decimal):
        return formats.number_format(value)
    if isinstance(value, str):
        return _display_text(field, value)
    return str(value)


def _display_text(field: Any, value: str) -> str:
    if isinstance(field, models.DecimalField | models.FloatField):
        try:
            return formats.number_format(decimal.Decimal(value))
        except decimal.InvalidOperation:
            return value
    moment = parse_datetime(value) if _ISO_DATETIME.match(value) else None
    if moment is not None:
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    day = parse_date(value) if _ISO_DATE.match(value) else None
    if day is not None:
        return formats.date_format(day, "SHORT_DATE_FORMAT")
    return value


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _relabel(labeller: Callable[[Any], str], value: Any) -> Any:
    if isinstance(value, list):
        return [labeller(item) for item in value]
    return labeller(value) if value not in (None, "") else value


def _changes(entry: AuditEntry) -> list[tuple[str, tuple[Any, Any]]]:
    pairs = []
    for name, values in (entry.changes or {}).items():
        old, new = [*values, None, None][:2] if isinstance(values, list) else (None, values)
        pairs.append((name, (old, new)))
    return pairs


def _model_field(object_type: str, name: str) -> Any:
    """The model's own field ``name`` (not a reverse relation), or None."""
    try:
        field = apps.get_model(object_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist, AttributeError):
        return None
    return None if field.auto_created and not field.concrete else field


def _names(user: Any, model: type[models.Model], pks: set[Any]) -> dict[str, str]:
    """``{pk: name}`` of the objects of ``model``; those ``user`` may not view are named
    neutrally, never by their name."""
    from maillage.core import access, references

    found = model._default_manager.filter(pk__in=pks)
    try:
        access.policy_for(model)
        guarded = True
    except access.UnregisteredModel:
        guarded = False
    if guarded and not access.actor_for(user).is_admin:
        found = access.visible(user, found)
    names = {str(pk): references.hidden_label(model) for pk in pks}
    for obj in found:
        names[str(obj.pk)] = str(getattr(obj, "full_name", "") or obj)
    return names


_discovered = False


def _discover() -> None:
    """Import each app's ``audit_labels`` module once (the way the admin finds its
    ``admin`` modules): core names no app, the apps name their actions and fields."""
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("audit_labels")


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

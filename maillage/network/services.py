"""Every write of the réseau. Keyword-only arguments, one transaction, ``full_clean()``
(which runs the data·inclusion package's checks on services), one audit entry."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import audit, queue
from maillage.network.models import (
    ContactPoint,
    ImportBatch,
    NetworkSettings,
    Procedure,
    ProcedureStep,
    Service,
    ServiceFacet,
)
from maillage.network.selectors import bump_version
from maillage.territories.models import Organisation, Partnership, Territory

SERVICE_FIELDS = (
    "organisation",
    "name",
    "description",
    "lien_source",
    "type",
    "thematiques",
    "frais",
    "frais_precisions",
    "publics",
    "publics_precisions",
    "conditions_acces",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "longitude",
    "latitude",
    "telephone",
    "courriel",
    "modes_accueil",
    "zone_eligibilite",
    "contact_nom_prenom",
    "lien_mobilisation",
    "modes_mobilisation",
    "mobilisable_par",
    "mobilisation_precisions",
    "volume_horaire_hebdomadaire",
    "nombre_semaines",
    "horaires_accueil",
    "visibility",
    "source",
    "di_id",
    "date_maj",
)
SERVICE_M2M = ("partners", "geounits")
CONTACT_FIELDS = (
    "geounit",
    "thematique",
    "organisation",
    "service",
    "function",
    "contact_name",
    "channel",
    "phone",
    "email",
    "url",
    "address",
    "hours",
    "notes",
    "checked_on",
    "visibility",
)
PROCEDURE_FIELDS = (
    "title",
    "summary",
    "thematique",
    "organisation",
    "documents",
    "delays",
    "checked_on",
    "visibility",
)
STEP_FIELDS = ("title", "description", "actor_label", "actor_organisation", "documents", "delay")


def _check_fields(fields: dict[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")


def _check_partner(territory: Territory, organisation: Organisation | None, field: str) -> None:
    if organisation is None:
        return
    if not Partnership.objects.filter(territory=territory, organisation=organisation).exists():
        raise ValidationError(
            {field: _("Cette organisation n’est pas partenaire de ce territoire.")}
        )


def sync_facets(services: Iterable[Service]) -> None:
    """Rewrite the filter rows of ``services`` from their lists (and forget the cached
    counts of their territories)."""
    services = list(services)
    for territory_id in {s.territory_id for s in services}:
        _forget_counts(territory_id)
    ServiceFacet.objects.filter(service__in=[s.pk for s in services]).delete()
    ServiceFacet.objects.bulk_create(
        [
            ServiceFacet(service=service, facet=facet, value=value)
            for service in services
            for facet, value in service.facet_rows()
        ],
        batch_size=2000,
    )


def _forget_counts(territory_id: int) -> None:
    """Now, and again once committed: a reader between the two may have cached counts
    made before this write."""

    bump_version(territory_id)
    transaction.on_commit(lambda: bump_version(territory_id))


# --------------------------------------------------------------------------- rules


def rules_for(territory: Territory) -> NetworkSettings:
    """The territory's freshness rules, or the defaults when none were set."""
    existing = NetworkSettings.objects.filter(territory=territory).first()
    return existing or NetworkSettings(territory=territory)


@transaction.atomic
def update_rules(*, actor: Any, territory: Territory, **fields: Any) -> NetworkSettings:
    _check_fields(
        fields,
        (
            "update_advised_after_months",
            "update_required_after_months",
            "reminders_enabled",
            "reminder_interval_days",
        ),
    )
    rules = rules_for(territory)
    before = audit.snapshot(rules) if rules.pk else {}
    for name, value in fields.items():
        setattr(rules, name, value)
    rules.full_clean()
    rules.save()
    audit.record(
        actor=actor,
        action="network.rules.update",
        obj=rules,
        territory=territory,
        changes=audit.diff(before, audit.snapshot(rules)),
    )
    return rules


# --------------------------------------------------------------------------- services


@transaction.atomic
def create_service(
    *,
    actor: Any,
    territory: Territory,
    partners: Iterable[Organisation] = (),
    geounits: Iterable[Any] = (),
    **fields: Any,
) -> Service:
    _check_fields(fields, SERVICE_FIELDS)
    fields.setdefault("date_maj", timezone.localdate())
    service = Service(territory=territory, **fields)
    _check_partner(
        territory, service.organisation if service.organisation_id else None, "organisation"
    )
    service.full_clean()
    service.save()
    service.partners.set(list(partners))
    service.geounits.set(list(geounits))
    sync_facets([service])
    audit.record(
        actor=actor,
        action="network.service.create",
        obj=service,
        territory=territory,
        changes=audit.diff({}, audit.snapshot(service, [*SERVICE_FIELDS, *SERVICE_M2M])),
    )
    return service


@transaction.atomic
def update_service(
    *,
    actor: Any,
    service: Service,
    partners: Iterable[Organisation] | None = None,
    geounits: Iterable[Any] | None = None,
    mark_fresh: bool = True,
    **fields: Any,
) -> Service:
    """Change a service. Saving it is confirming it: its last-update date becomes today
    unless ``mark_fresh`` is False (a correction that confirms nothing)."""
    _check_fields(fields, SERVICE_FIELDS)
    before = audit.snapshot(service, [*SERVICE_FIELDS, *SERVICE_M2M])
    for name, value in fields.items():
        setattr(service, name, value)
    if mark_fresh and "date_maj" not in fields:
        service.date_maj = timezone.localdate()
    if "organisation" in fields:
        _check_partner(service.territory, service.organisation, "organisation")
    service.full_clean()
    service.save()
    if partners is not None:
        service.partners.set(list(partners))
    if geounits is not None:
        service.geounits.set(list(geounits))
    sync_facets([service])
    changes = audit.diff(before, audit.snapshot(service, [*SERVICE_FIELDS, *SERVICE_M2M]))
    if changes:
        audit.record(
            actor=actor,
            action="network.service.update",
            obj=service,
            territory=service.territory,
            changes=changes,
        )
    return service


@transaction.atomic
def mark_service_fresh(*, actor: Any, service: Service, on: datetime.date | None = None) -> Service:
    """« Marquer comme à jour »: the organisation confirms the information is right."""
    before = service.date_maj
    service.date_maj = on or timezone.localdate()
    service.save(update_fields=["date_maj", "updated_at"])
    audit.record(
        actor=actor,
        action="network.service.mark_fresh",
        obj=service,
        territory=service.territory,
        changes={
            "date_maj": [before.isoformat() if before else None, service.date_maj.isoformat()]
        },
    )
    return service


@transaction.atomic
def delete_service(*, actor: Any, service: Service) -> None:
    audit.record(
        actor=actor,
        action="network.service.delete",
        obj=service,
        territory=service.territory,
        changes={"name": [service.name, None]},
    )
    territory_id = service.territory_id
    service.delete()
    _forget_counts(territory_id)


# --------------------------------------------------------------------------- contact points


@transaction.atomic
def create_contact_point(*, actor: Any, territory: Territory, **fields: Any) -> ContactPoint:
    _check_fields(fields, CONTACT_FIELDS)
    fields.setdefault("checked_on", timezone.localdate())
    contact = ContactPoint(territory=territory, **fields)
    _check_partner(
        territory, contact.organisation if contact.organisation_id else None, "organisation"
    )
    contact.full_clean()
    contact.save()
    _forget_counts(territory.pk)
    audit.record(
        actor=actor,
        action="network.contact.create",
        obj=contact,
        territory=territory,
        changes=audit.diff({}, audit.snapshot(contact, CONTACT_FIELDS)),
    )
    return contact


@transaction.atomic
def update_contact_point(
    *, actor: Any, contact: ContactPoint, mark_fresh: bool = True, **fields: Any
) -> ContactPoint:
    _check_fields(fields, CONTACT_FIELDS)
    before = audit.snapshot(contact, CONTACT_FIELDS)
    for name, value in fields.items():
        setattr(contact, name, value)
    if mark_fresh and "checked_on" not in fields:
        contact.checked_on = timezone.localdate()
    if "organisation" in fields:
        _check_partner(contact.territory, contact.organisation, "organisation")
    contact.full_clean()
    contact.save()
    _forget_counts(contact.territory_id)
    changes = audit.diff(before, audit.snapshot(contact, CONTACT_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="network.contact.update",
            obj=contact,
            territory=contact.territory,
            changes=changes,
        )
    return contact


@transaction.atomic
def mark_contact_point_fresh(*, actor: Any, contact: ContactPoint) -> ContactPoint:
    before = contact.checked_on
    contact.checked_on = timezone.localdate()
    contact.save(update_fields=["checked_on", "updated_at"])
    audit.record(
        actor=actor,
        action="network.contact.mark_fresh",
        obj=contact,
        territory=contact.territory,
        changes={"checked_on": [before.isoformat(), contact.checked_on.isoformat()]},
    )
    return contact


@transaction.atomic
def delete_contact_point(*, actor: Any, contact: ContactPoint) -> None:
    audit.record(
        actor=actor,
        action="network.contact.delete",
        obj=contact,
        territory=contact.territory,
        changes={"function": [contact.function, None]},
    )
    territory_id = contact.territory_id
    contact.delete()
    _forget_counts(territory_id)


# --------------------------------------------------------------------------- procedures


def _write_steps(procedure: Procedure, steps: list[dict[str, Any]]) -> None:
    procedure.steps.all().delete()
    errors: dict[str, list[str]] = {}
    objects = []
    for position, step in enumerate(steps, start=1):
        _check_fields(step, STEP_FIELDS)
        item = ProcedureStep(procedure=procedure, position=position, **step)
        try:
            item.full_clean()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault("steps", []).extend(
                    f"Étape {position} — {field} : {m}" for m in messages
                )
        objects.append(item)
    if not objects:
        errors.setdefault("steps", []).append(_("Une démarche compte au moins une étape."))
    if errors:
        raise ValidationError(errors)
    ProcedureStep.objects.bulk_create(objects)


def _check_links(
    territory: Territory, services: list[Service], contact_points: list[ContactPoint]
) -> None:
    if any(s.territory_id != territory.pk for s in services):
        raise ValidationError({"services": _("Un service lié n’appartient pas au territoire.")})
    if any(c.territory_id != territory.pk for c in contact_points):
        raise ValidationError(
            {"contact_points": _("Un interlocuteur lié n’appartient pas au territoire.")}
        )


@transaction.atomic
def create_procedure(
    *,
    actor: Any,
    territory: Territory,
    steps: list[dict[str, Any]],
    services: Iterable[Service] = (),
    contact_points: Iterable[ContactPoint] = (),
    **fields: Any,
) -> Procedure:
    _check_fields(fields, PROCEDURE_FIELDS)
    fields.setdefault("checked_on", timezone.localdate())
    procedure = Procedure(territory=territory, **fields)
    _check_partner(territory, procedure.organisation, "organisation")
    services, contact_points = list(services), list(contact_points)
    _check_links(territory, services, contact_points)
    procedure.full_clean()
    procedure.save()
    _write_steps(procedure, steps)
    procedure.services.set(services)
    procedure.contact_points.set(contact_points)
    procedure.save()  # the steps are part of the searched text
    audit.record(
        actor=actor,
        action="network.procedure.create",
        obj=procedure,
        territory=territory,
        changes={
            **audit.diff({}, audit.snapshot(procedure, PROCEDURE_FIELDS)),
            "steps": [None, [s["title"] for s in steps]],
        },
    )
    return procedure


@transaction.atomic
def update_procedure(
    *,
    actor: Any,
    procedure: Procedure,
    steps: list[dict[str, Any]] | None = None,
    services: Iterable[Service] | None = None,
    contact_points: Iterable[ContactPoint] | None = None,
    mark_fresh: bool = True,
    **fields: Any,
) -> Procedure:
    _check_fields(fields, PROCEDURE_FIELDS)
    before = audit.snapshot(procedure, [*PROCEDURE_FIELDS, "services", "contact_points"])
    before_steps = [s.title for s in procedure.steps.all()]
    for name, value in fields.items():
        setattr(procedure, name, value)
    if mark_fresh and "checked_on" not in fields:
        procedure.checked_on = timezone.localdate()
    if "organisation" in fields:
        _check_partner(procedure.territory, procedure.organisation, "organisation")
    service_list = list(services) if services is not None else None
    contact_list = list(contact_points) if contact_points is not None else None
    _check_links(procedure.territory, service_list or [], contact_list or [])
    procedure.full_clean()
    if steps is not None:
        _write_steps(procedure, steps)
    if service_list is not None:
        procedure.services.set(service_list)
    if contact_list is not None:
        procedure.contact_points.set(contact_list)
    procedure.save()
    changes = audit.diff(
        before, audit.snapshot(procedure, [*PROCEDURE_FIELDS, "services", "contact_points"])
    )
    if steps is not None:
        after_steps = [s["title"] for s in steps]
        if after_steps != before_steps:
            changes["steps"] = [before_steps, after_steps]
    if changes:
        audit.record(
            actor=actor,
            action="network.procedure.update",
            obj=procedure,
            territory=procedure.territory,
            changes=changes,
        )
    return procedure


@transaction.atomic
def delete_procedure(*, actor: Any, procedure: Procedure) -> None:
    audit.record(
        actor=actor,
        action="network.procedure.delete",
        obj=procedure,
        territory=procedure.territory,
        changes={"title": [procedure.title, None]},
    )
    procedure.delete()


# --------------------------------------------------------------------------- imports


@transaction.atomic
def start_import(
    *,
    actor: Any,
    territory: Territory,
    structures_file: Any = None,
    services_file: Any = None,
    visibility: str = "public",
) -> ImportBatch:
    """Store the uploaded files and check them in the background."""
    if structures_file is None and services_file is None:
        raise ValidationError(_("Joignez un fichier de structures, de services, ou les deux."))
    batch = ImportBatch(
        territory=territory,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        visibility=visibility,
        structures_name=getattr(structures_file, "name", "") or "",
        services_name=getattr(services_file, "name", "") or "",
    )
    batch.full_clean(exclude=["structures_file", "services_file"])
    if structures_file is not None:
        batch.structures_file.save(
            batch.structures_name or "structures", structures_file, save=False
        )
    if services_file is not None:
        batch.services_file.save(batch.services_name or "services", services_file, save=False)
    batch.save()
    audit.record(
        actor=actor,
        action="network.import.start",
        obj=batch,
        territory=territory,
        changes={"files": [None, str(batch)]},
    )
    queue.enqueue_on_commit("network.validate_import", batch_id=batch.pk)
    return batch


DECISIONS = ("merge", "create", "skip")


@transaction.atomic
def confirm_import(
    *, actor: Any, batch: ImportBatch, decisions: dict[str, str], default: str = "merge"
) -> ImportBatch:
    """Record the merge choices and apply the import in the background."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != ImportBatch.State.PREVIEWED:
        raise ValidationError(_("Cet import n’est pas prêt à être appliqué."))
    if default not in DECISIONS:
        raise ValidationError({"default": _("Choix inconnu.")})
    known = {f"{d['kind']}:{d['key']}": d for d in batch.duplicates}
    cleaned: dict[str, str] = {}
    for key, choice in decisions.items():
        if key not in known:
            continue
        if choice not in DECISIONS:
            raise ValidationError({key: _("Choix inconnu.")})
        if choice == "create" and known[key].get("reason") == "siret":
            raise ValidationError(
                {
                    key: _(
                        "Deux organisations ne peuvent pas avoir le même SIRET : fusionnez ou ignorez."
                    )
                }
            )
        cleaned[key] = choice
    batch.decisions = {"items": cleaned, "default": default}
    batch.state = ImportBatch.State.RUNNING
    batch.save(update_fields=["decisions", "state", "updated_at"])
    audit.record(
        actor=actor,
        action="network.import.confirm",
        obj=batch,
        territory=batch.territory,
        changes={"decisions": [None, batch.decisions]},
    )
    queue.enqueue_on_commit("network.apply_import", batch_id=batch.pk)
    return batch


# Background steps of an import. The tasks (``maillage.network.tasks``) call these; the
# system is the actor (``None``).


def note_import_progress(*, batch_id: int, lines: int) -> None:
    """How far the check has read, for the page that polls it. A progress counter, not a
    change of data: no transaction of its own and no audit entry (the check's end has one)."""
    ImportBatch.objects.filter(pk=batch_id).update(summary={"checked": lines})


def _batch_moves(*, batch: ImportBatch, action: str, **fields: Any) -> ImportBatch:
    """Lock the batch, set ``fields`` (``state`` among them), save, and write the entry of
    the system (``actor=None``): the background steps' one shape."""
    batch = ImportBatch.objects.select_for_update().select_related("territory").get(pk=batch.pk)
    previous = batch.state
    for name, value in fields.items():
        setattr(batch, name, value)
    batch.save(update_fields=[*fields, "updated_at"])
    changes: dict[str, list[Any]] = {"state": [previous, batch.state]}
    if "failure" in fields:
        changes["failure"] = [None, batch.failure]
    audit.record(actor=None, action=action, obj=batch, territory=batch.territory, changes=changes)
    return batch


@transaction.atomic
def record_import_check(*, batch: ImportBatch, report: Any) -> ImportBatch:
    """The check's result: ready to confirm, or invalid with its errors."""
    return _batch_moves(
        batch=batch,
        action="network.import.check",
        errors=report.errors,
        error_count=report.error_count,
        duplicates=report.duplicates,
        summary={**report.counts, "duplicates": report.duplicate_count},
        state=ImportBatch.State.INVALID if report.error_count else ImportBatch.State.PREVIEWED,
    )


@transaction.atomic
def fail_import(*, batch: ImportBatch, failure: str) -> ImportBatch:
    """The check or the application stopped on an unexpected error; nothing was applied."""
    return _batch_moves(
        batch=batch,
        action="network.import.fail",
        state=ImportBatch.State.FAILED,
        failure=failure,
    )


@transaction.atomic
def finish_import(*, batch: ImportBatch, counts: dict[str, int]) -> ImportBatch:
    """The import was applied (``exchange.importer.apply`` wrote its own entry for the
    data); the batch says so."""
    return _batch_moves(
        batch=batch,
        action="network.import.done",
        state=ImportBatch.State.DONE,
        applied_at=timezone.now(),
        summary={**batch.summary, "applied": counts},
    )

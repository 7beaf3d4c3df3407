"""Check, then apply, a data·inclusion import.

``check`` reads the files once, record by record, and keeps only what the report needs:
errors by line (in French), duplicates to decide on, counts. Nothing is written but the
report. ``apply`` reads them again inside one transaction: any failure leaves the
database as it was. Memory stays bounded by the batch size, whatever the file's size:
records are looked up in the database a few hundred at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from maillage.core import audit
from maillage.core.text import fold
from maillage.network.exchange import readers
from maillage.network.mapping import (
    service_fields_from_di,
    structure_fields_from_di,
)
from maillage.network.models import ImportBatch, Service, StructureProfile
from maillage.network.services import sync_facets
from maillage.network.validation import di_service_errors, di_structure_errors
from maillage.territories import services as territory_services
from maillage.territories.models import Organisation, Partnership

MAX_ERRORS = 200
MAX_DUPLICATES = 500
BATCH = 500
NATIVE_PREFIX = "maillage--structure-"


def _native_pk(di_id: str) -> int | None:
    """Maillage's own exports name structures ``maillage--structure-<pk>``."""
    rest = di_id.removeprefix(NATIVE_PREFIX)
    return int(rest) if rest != di_id and rest.isdigit() else None


def _key(name: Any, address: Any) -> tuple[str, str]:
    return fold(str(name or "")), fold(str(address or ""))


@dataclass
class Report:
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    duplicate_count: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def error(self, file: str, line: int, message: str, fieldname: str = "") -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"file": file, "line": line, "field": fieldname, "message": message})

    def duplicate(self, item: dict[str, Any]) -> None:
        self.duplicate_count += 1
        if len(self.duplicates) < MAX_DUPLICATES:
            self.duplicates.append(item)

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


@contextmanager
def _opened(file_field: Any) -> Iterator[IO[bytes]]:
    file_field.open("rb")
    try:
        yield file_field.file
    finally:
        file_field.close()


def _records(file_field: Any, label: str, report: Report) -> Iterator[readers.Record]:
    """The file's records; a file that is neither JSON nor CSV is one error, line 1."""
    with _opened(file_field) as stream:
        head = stream.read(readers.SNIFF_BYTES)
        stream.seek(0)
        file_format = readers.detect_format(head)
        if not file_format:
            report.error(
                label,
                1,
                "Ce fichier n’est ni un fichier JSON ni un fichier CSV au format data·inclusion "
                "(une liste d’objets JSON, ou un CSV dont la première ligne nomme les colonnes "
                "id, nom…).",
            )
            return
        try:
            yield from readers.read_records(stream, file_format)
        except readers.ReadError as exc:
            report.error(label, exc.line, exc.message)


def _chunks(records: Iterator[readers.Record], size: int = BATCH) -> Iterator[list[readers.Record]]:
    chunk: list[readers.Record] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class StructureIndex:
    """Where each structure of the import lands: an existing organisation (same
    data·inclusion id, same SIRET, or same name and address) or a new one."""

    def __init__(self, territory: Any) -> None:
        self.territory = territory
        # id in the file → (line, matched organisation id or None, reason)
        self.seen: dict[str, tuple[int, int | None, str]] = {}
        self._by_name: dict[tuple[str, str], int] | None = None

    def by_name(self) -> dict[tuple[str, str], int]:
        """The territory's partners by folded name and address (a few hundred rows)."""
        if self._by_name is None:
            self._by_name = {}
            for pk, name, address in Organisation.objects.filter(
                partnerships__territory=self.territory
            ).values_list("pk", "name", "address"):
                self._by_name.setdefault(_key(name, address), pk)
        return self._by_name

    def match(self, chunk: list[dict[str, Any]]) -> dict[str, tuple[int | None, str]]:
        ids = [str(r.get("id")) for r in chunk]
        sirets = [str(r["siret"]) for r in chunk if r.get("siret")]
        by_id = dict(
            StructureProfile.objects.filter(di_id__in=ids).values_list("di_id", "organisation_id")
        )
        native = {pk for pk in map(_native_pk, ids) if pk is not None}
        native_found = set(Organisation.objects.filter(pk__in=native).values_list("pk", flat=True))
        by_siret = dict(Organisation.objects.filter(siret__in=sirets).values_list("siret", "pk"))
        by_name = self.by_name()
        result: dict[str, tuple[int | None, str]] = {}
        for record in chunk:
            di_id = str(record.get("id"))
            if di_id in by_id:
                result[di_id] = (by_id[di_id], "id")
            elif _native_pk(di_id) in native_found:
                result[di_id] = (_native_pk(di_id), "id")
            elif record.get("siret") and str(record["siret"]) in by_siret:
                result[di_id] = (by_siret[str(record["siret"])], "siret")
            elif _key(record.get("nom"), record.get("adresse")) in by_name:
                result[di_id] = (by_name[_key(record.get("nom"), record.get("adresse"))], "name")
            else:
                result[di_id] = (None, "")
        return result

    def known_elsewhere(self, ids: list[str]) -> dict[str, int]:
        """Structures a services file names without the structures file: already in
        Maillage (imported before, or exported from it)."""
        found = dict(
            StructureProfile.objects.filter(di_id__in=ids).values_list("di_id", "organisation_id")
        )
        native = {i: pk for i in ids if i not in found and (pk := _native_pk(i)) is not None}
        partners = set(
            Partnership.objects.filter(
                territory=self.territory, organisation_id__in=native.values()
            ).values_list("organisation_id", flat=True)
        )
        found.update({i: pk for i, pk in native.items() if pk in partners})
        return found


REASON_LABELS = {
    "id": "même identifiant data·inclusion (mise à jour)",
    "siret": "même SIRET",
    "name": "même nom et même adresse",
}


def check(batch: ImportBatch, progress: Callable[[int], None] | None = None) -> Report:
    report = Report()
    index = StructureIndex(batch.territory)
    lines = 0
    if batch.structures_file:
        label = batch.structures_name or "structures"
        for chunk in _chunks(_records(batch.structures_file, label, report)):
            valid = []
            for record in chunk:
                lines += 1
                errors = di_structure_errors(record.data)
                di_id = str(record.data.get("id") or "")
                if di_id and di_id in index.seen:
                    errors.setdefault("id", []).append(
                        f"Identifiant « {di_id} » déjà utilisé ligne {index.seen[di_id][0]}."
                    )
                if "structure_id" in record.data and "siret" not in record.data:
                    errors.setdefault("__all__", []).append(
                        "Cette ligne décrit un service : importez-la comme fichier de services."
                    )
                for fieldname, messages in errors.items():
                    for message in messages:
                        report.error(label, record.line, message, fieldname)
                if not errors:
                    valid.append(record)
                    index.seen[di_id] = (record.line, None, "")
            matches = index.match([r.data for r in valid])
            for record in valid:
                di_id = str(record.data["id"])
                match_id, reason = matches[di_id]
                index.seen[di_id] = (record.line, match_id, reason)
                if match_id is None:
                    report.count("structures_new")
                elif reason == "id":
                    report.count("structures_updated")
                else:
                    report.count("structures_duplicates")
                    report.duplicate(
                        {
                            "kind": "structure",
                            "key": di_id,
                            "line": record.line,
                            "name": record.data.get("nom"),
                            "match_id": match_id,
                            "reason": reason,
                            "reason_label": REASON_LABELS[reason],
                        }
                    )
            if progress:
                progress(lines)
    if batch.services_file:
        label = batch.services_name or "services"
        seen_services: dict[str, int] = {}
        for chunk in _chunks(_records(batch.services_file, label, report)):
            missing = list(
                {
                    str(r.data.get("structure_id"))
                    for r in chunk
                    if r.data.get("structure_id")
                    and str(r.data.get("structure_id")) not in index.seen
                }
            )
            elsewhere = index.known_elsewhere(missing) if missing else {}
            valid = []
            for record in chunk:
                lines += 1
                errors = di_service_errors(record.data)
                structure_id = str(record.data.get("structure_id") or "")
                if (
                    structure_id
                    and structure_id not in index.seen
                    and structure_id not in elsewhere
                ):
                    errors.setdefault("structure_id", []).append(
                        f"Structure inconnue « {structure_id} » : elle doit figurer dans le "
                        "fichier des structures ou déjà exister dans Maillage."
                    )
                di_id = str(record.data.get("id") or "")
                if di_id and di_id in seen_services:
                    errors.setdefault("id", []).append(
                        f"Identifiant « {di_id} » déjà utilisé ligne {seen_services[di_id]}."
                    )
                if "siret" in record.data and "structure_id" not in record.data:
                    errors.setdefault("__all__", []).append(
                        "Cette ligne décrit une structure : importez-la comme fichier de structures."
                    )
                for fieldname, messages in errors.items():
                    for message in messages:
                        report.error(label, record.line, message, fieldname)
                if not errors:
                    seen_services[di_id] = record.line
                    valid.append(record)
            _match_services(batch, index, elsewhere, valid, report)
            if progress:
                progress(lines)
    report.counts["lines"] = lines
    return report


def _organisation_for(
    index: StructureIndex, elsewhere: dict[str, int], structure_id: str
) -> int | None:
    if structure_id in index.seen:
        return index.seen[structure_id][1]
    return elsewhere.get(structure_id)


def _organisations_of(
    index: StructureIndex, elsewhere: dict[str, int], records: list[readers.Record]
) -> set[int]:
    found: set[int] = set()
    for record in records:
        org = _organisation_for(index, elsewhere, str(record.data["structure_id"]))
        if org is not None:
            found.add(org)
    return found


def _match_services(
    batch: ImportBatch,
    index: StructureIndex,
    elsewhere: dict[str, int],
    records: list[readers.Record],
    report: Report,
) -> None:
    ids = [str(r.data["id"]) for r in records]
    existing_ids = set(
        Service.objects.filter(territory=batch.territory, di_id__in=ids).values_list(
            "di_id", flat=True
        )
    )
    orgs = _organisations_of(index, elsewhere, records)
    names = {fold(str(r.data.get("nom") or "")) for r in records}
    by_name: dict[tuple[int, str, str], tuple[int, str]] = {}
    if orgs:
        for pk, org_id, title, address, name in Service.objects.filter(
            territory=batch.territory, organisation_id__in=orgs, search_title__in=names
        ).values_list("pk", "organisation_id", "search_title", "adresse", "name"):
            by_name.setdefault((org_id, title, fold(address)), (pk, name))
    for record in records:
        di_id = str(record.data["id"])
        if di_id in existing_ids:
            report.count("services_updated")
            continue
        target_org = _organisation_for(index, elsewhere, str(record.data["structure_id"]))
        key = (
            target_org or 0,
            fold(str(record.data.get("nom") or "")),
            fold(str(record.data.get("adresse") or "")),
        )
        if target_org is not None and key in by_name:
            report.count("services_duplicates")
            report.duplicate(
                {
                    "kind": "service",
                    "key": di_id,
                    "line": record.line,
                    "name": record.data.get("nom"),
                    "match_id": by_name[key][0],
                    "reason": "name",
                    "reason_label": REASON_LABELS["name"],
                }
            )
        else:
            report.count("services_new")


# --------------------------------------------------------------------------- apply


class ImportFailed(Exception):
    pass


def _decision(batch: ImportBatch, kind: str, key: str) -> str:
    items = (batch.decisions or {}).get("items", {})
    return items.get(f"{kind}:{key}") or (batch.decisions or {}).get("default", "merge")


def apply(batch: ImportBatch) -> dict[str, int]:
    """Write everything the report announced, in one transaction."""

    counts: dict[str, int] = {}

    def bump(name: str, n: int = 1) -> None:
        counts[name] = counts.get(name, 0) + n

    report = Report()
    index = StructureIndex(batch.territory)
    territory = batch.territory
    actor = batch.created_by
    with transaction.atomic():
        if batch.structures_file:
            label = batch.structures_name or "structures"
            for chunk in _chunks(_records(batch.structures_file, label, report)):
                matches = index.match([r.data for r in chunk])
                for record in chunk:
                    di_id = str(record.data["id"])
                    match_id, reason = matches[di_id]
                    org_fields, profile_fields = structure_fields_from_di(record.data)
                    decision = (
                        "update"
                        if reason == "id"
                        else (_decision(batch, "structure", di_id) if match_id else "create")
                    )
                    if decision == "skip":
                        index.seen[di_id] = (record.line, None, "skip")
                        bump("structures_skipped")
                        continue
                    if decision == "create" or match_id is None:
                        if reason == "siret":
                            raise ImportFailed(f"Ligne {record.line} : SIRET déjà utilisé.")
                        organisation = territory_services.create_organisation(
                            actor=actor, territory=territory, **org_fields
                        )
                        bump("structures_created")
                    else:
                        organisation = Organisation.objects.get(pk=match_id)
                        if decision == "update":
                            changed = org_fields
                        else:
                            # A merge completes the existing organisation: what its
                            # members wrote stays.
                            changed = {
                                k: v
                                for k, v in org_fields.items()
                                if v and not getattr(organisation, k) and k != "kind"
                            }
                        if changed:
                            territory_services.update_organisation(
                                actor=actor,
                                organisation=organisation,
                                territory=territory,
                                **changed,
                            )
                        territory_services.add_partnership(
                            actor=actor, territory=territory, organisation=organisation
                        )
                        bump("structures_updated" if decision == "update" else "structures_merged")
                    profile = StructureProfile.objects.filter(organisation=organisation).first()
                    if (
                        profile is None
                        or decision in ("update", "create")
                        or profile.di_id == di_id
                    ):
                        profile = profile or StructureProfile(organisation=organisation)
                        for name, value in profile_fields.items():
                            setattr(profile, name, value)
                        profile.full_clean()
                        profile.save()
                    index.seen[di_id] = (record.line, organisation.pk, decision)
        if batch.services_file:
            label = batch.services_name or "services"
            for chunk in _chunks(_records(batch.services_file, label, report)):
                _apply_services(batch, index, chunk, bump, sync_facets)
        if report.error_count:
            raise ImportFailed(report.errors[0]["message"])
        audit.record(
            actor=actor,
            action="network.import.apply",
            obj=batch,
            territory=territory,
            changes={"counts": [None, counts]},
        )
    return counts


def _apply_services(
    batch: ImportBatch,
    index: StructureIndex,
    chunk: list[readers.Record],
    bump: Callable[..., None],
    sync_facets: Callable[..., None],
) -> None:
    territory = batch.territory
    missing = [
        str(r.data["structure_id"]) for r in chunk if str(r.data["structure_id"]) not in index.seen
    ]
    elsewhere = index.known_elsewhere(missing) if missing else {}
    ids = [str(r.data["id"]) for r in chunk]
    existing = {
        s.di_id: s
        for s in Service.objects.filter(territory=territory, di_id__in=ids).select_related(
            "organisation"
        )
    }
    org_ids = _organisations_of(index, elsewhere, chunk)
    organisations = Organisation.objects.in_bulk(list(org_ids))
    names = {fold(str(r.data.get("nom") or "")) for r in chunk}
    by_name: dict[tuple[int, str, str], Service] = {}
    for service in Service.objects.filter(
        territory=territory, organisation_id__in=org_ids, search_title__in=names
    ).select_related("organisation"):
        by_name.setdefault(
            (service.organisation_id, service.search_title, fold(service.adresse)), service
        )
    created: list[Service] = []
    updated: list[Service] = []
    for record in chunk:
        di_id = str(record.data["id"])
        org_id = _organisation_for(index, elsewhere, str(record.data["structure_id"]))
        if org_id is None:
            bump("services_skipped")
            continue
        fields = service_fields_from_di(record.data)
        target = existing.get(di_id)
        if target is None:
            key = (
                org_id,
                fold(str(record.data.get("nom") or "")),
                fold(str(record.data.get("adresse") or "")),
            )
            duplicate = by_name.get(key)
            if duplicate is not None:
                decision = _decision(batch, "service", di_id)
                if decision == "skip":
                    bump("services_skipped")
                    continue
                if decision == "merge":
                    target = duplicate
        if target is not None:
            for name, value in fields.items():
                setattr(target, name, value)
            target.organisation = organisations[org_id]
            updated.append(target)
        else:
            target = Service(territory=territory, visibility=batch.visibility, **fields)
            target.organisation = organisations[org_id]
            created.append(target)
        target._search_organisation_name = " ".join(
            filter(None, [target.organisation.name, target.organisation.acronym])
        )
        target.refresh_search()
    if created:
        Service.objects.bulk_create(created, batch_size=BATCH)
        bump("services_created", len(created))
    if updated:
        names_to_update = [
            *service_fields_from_di({}).keys(),
            "organisation",
            "search_title",
            "search_body",
            "updated_at",
        ]
        now = timezone.now()
        for service in updated:
            service.updated_at = now
        Service.objects.bulk_update(updated, names_to_update, batch_size=BATCH)
        bump("services_updated", len(updated))
    sync_facets([*created, *updated])

"""data·inclusion import and export: round trips, validation with the package, errors by
line in French, duplicates with a merge choice, all-or-nothing, bounded memory."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc

import pytest
from data_inclusion.schema.v1 import Service as DiService
from data_inclusion.schema.v1 import Structure as DiStructure
from django.core.files.base import ContentFile
from django.urls import reverse

from maillage.core.roles import Role, Visibility
from maillage.network import services
from maillage.network.exchange import importer
from maillage.network.models import ImportBatch, Service, StructureProfile
from maillage.territories.models import Organisation
from tests.factories import OrganisationFactory, TerritoryFactory, member
from tests.network import di_samples as di
from tests.network.builders import make_service


def run_import(
    actor,
    territory,
    *,
    structures=None,
    services_file=None,
    decisions=None,
    capture=None,
    name="services.json",
):  # type: ignore[no-untyped-def]
    """Upload, check, confirm and apply, as the pages do (tasks run inline in tests)."""
    with capture(execute=True):
        batch = services.start_import(
            actor=actor,
            territory=territory,
            structures_file=ContentFile(structures, name="structures.json")
            if structures is not None
            else None,
            services_file=ContentFile(services_file, name=name)
            if services_file is not None
            else None,
        )
    batch.refresh_from_db()
    if batch.state != ImportBatch.State.PREVIEWED:
        return batch
    with capture(execute=True):
        services.confirm_import(actor=actor, batch=batch, decisions=decisions or {})
    batch.refresh_from_db()
    return batch


def export(client, territory, kind, fmt):  # type: ignore[no-untyped-def]
    response = client.get(reverse("network:export", args=[territory.slug, kind, fmt]))
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.fixture
def coordinator(world):  # type: ignore[no-untyped-def]
    return world.users["coordinator"]


STRUCTURES = [di.structure(n) for n in (1, 2, 3)]
SERVICES = [
    di.service(10, 1),
    di.service(11, 2),
    di.service(12, 3),
    di.service(
        13, 1, publics=["tous-publics"], zone_eligibilite=None, frais=None, frais_precisions=None
    ),
]


def test_import_then_export_is_unchanged_in_every_schema_field(
    world, coordinator, client_for, django_capture_on_commit_callbacks
):
    batch = run_import(
        coordinator,
        world.territory,
        structures=di.as_json(STRUCTURES),
        services_file=di.as_json(SERVICES),
        capture=django_capture_on_commit_callbacks,
    )
    assert batch.state == ImportBatch.State.DONE, (batch.errors, batch.failure)
    client = client_for(coordinator)
    exported_services = {
        r["id"]: r for r in json.loads(export(client, world.territory, "services", "json"))
    }
    exported_structures = {
        r["id"]: r for r in json.loads(export(client, world.territory, "structures", "json"))
    }
    for record in SERVICES:
        assert exported_services[record["id"]] == record
    for record in STRUCTURES:
        assert exported_structures[record["id"]] == record
    # The services of several structures are attached to the right organisations.
    org = Organisation.objects.get(structure_profile__di_id="cd93--structure-1")
    assert set(Service.objects.filter(organisation=org).values_list("di_id", flat=True)) == {
        "cd93--service-10",
        "cd93--service-13",
    }


def test_exports_validate_with_the_package(
    world, coordinator, client_for, django_capture_on_commit_callbacks
):
    run_import(
        coordinator,
        world.territory,
        structures=di.as_json(STRUCTURES),
        services_file=di.as_json(SERVICES),
        capture=django_capture_on_commit_callbacks,
    )
    make_service(world.territory, world.org_member, name="Service créé dans Maillage")
    client = client_for(coordinator)
    for kind, model in (("services", DiService), ("structures", DiStructure)):
        for fmt in ("json", "csv"):
            text = export(client, world.territory, kind, fmt)
            if fmt == "json":
                records = json.loads(text)
            else:
                rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
                from maillage.network.exchange.readers import split_list
                from maillage.network.mapping import LIST_FIELDS

                records = [
                    {
                        k: (split_list(v) if k in LIST_FIELDS else v) if v != "" else None
                        for k, v in row.items()
                    }
                    for row in rows
                ]
            assert records
            errors = []
            for record in records:
                try:
                    model.model_validate(record, context={"ignore_warnings": False})
                except Exception as exc:  # pydantic.ValidationError
                    errors.append((record["id"], str(exc)))
            assert errors == [], errors


def test_csv_round_trip_into_another_territory(
    world, coordinator, client_for, django_capture_on_commit_callbacks
):
    run_import(
        coordinator,
        world.territory,
        structures=di.as_json(STRUCTURES),
        services_file=di.as_json(SERVICES),
        capture=django_capture_on_commit_callbacks,
    )
    client = client_for(coordinator)
    structures_csv = export(client, world.territory, "structures", "csv").encode()
    services_csv = export(client, world.territory, "services", "csv").encode()
    other = TerritoryFactory(
        name="Autre commune", slug="autre-commune", insee_code="99002", parent=world.departement
    )
    other_coordinator = member(
        other, Role.COORDINATOR, world.org_other, email="coord-autre@essai.test"
    )
    batch = run_import(
        other_coordinator,
        other,
        structures=structures_csv,
        services_file=services_csv,
        capture=django_capture_on_commit_callbacks,
        name="services.csv",
    )
    assert batch.state == ImportBatch.State.DONE, (batch.errors, batch.failure)
    back = {
        r["id"]: r
        for r in json.loads(export(client_for(other_coordinator), other, "services", "json"))
    }
    for record in SERVICES:
        assert back[record["id"]] == record


def _errors(batch):  # type: ignore[no-untyped-def]
    return [(e["line"], e["field"], e["message"]) for e in batch.errors]


def test_bad_values_are_reported_by_line_in_french_and_nothing_is_saved(
    world, coordinator, django_capture_on_commit_callbacks
):
    bad = [
        di.service(20, 1),
        di.service(21, 1, thematiques=["logement-hebergement--inexistante"]),
        di.service(22, 1, publics=["tous-publics", "jeunes"]),
        di.service(23, 1, telephone="appelez-nous"),
        di.service(24, 1, courriel="pas-un-courriel"),
    ]
    structures = [di.structure(1), di.structure(2, siret="12345678901234")]
    batch = run_import(
        coordinator,
        world.territory,
        structures=di.as_json(structures),
        services_file=di.as_json(bad),
        capture=django_capture_on_commit_callbacks,
    )
    assert batch.state == ImportBatch.State.INVALID
    errors = _errors(batch)
    messages = " ".join(m for _l, _f, m in errors)
    assert "Thématique inconnue : « logement-hebergement--inexistante »" in messages
    assert "`tous-publics` ne peut pas être utilisé avec d’autres valeurs." in messages
    assert "Numéro de téléphone invalide « appelez-nous »" in messages
    assert "Adresse électronique invalide « pas-un-courriel »" in messages
    assert "clé de contrôle" in messages  # the SIRET
    fields = {f for _l, f, _m in errors}
    assert {"thematiques", "publics", "telephone", "courriel", "siret"} <= fields
    # Each error names the line its object starts on in the pretty-printed file.
    text = di.as_json(bad).decode().splitlines()
    lines = {e["field"]: e["line"] for e in batch.errors if e["file"] == "services.json"}
    assert text[lines["thematiques"] - 1].strip() == "{"
    assert '"id": "cd93--service-21"' in "\n".join(
        text[lines["thematiques"] - 1 : lines["thematiques"] + 4]
    )
    assert Service.objects.count() == 0
    assert not StructureProfile.objects.exists()
    with pytest.raises(Exception, match="pas prêt"):
        services.confirm_import(actor=coordinator, batch=batch, decisions={})


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "guide.pdf"),
        (b"PK\x03\x04\x14\x00\x06\x00", "tableau.xlsx"),
        (b"Bonjour, voici nos services.\n", "services.txt"),
    ],
)
def test_a_file_that_is_neither_json_nor_csv_is_refused(
    world, coordinator, django_capture_on_commit_callbacks, content, name
):
    batch = run_import(
        coordinator,
        world.territory,
        services_file=content,
        capture=django_capture_on_commit_callbacks,
        name=name,
    )
    assert batch.state == ImportBatch.State.INVALID
    assert batch.errors[0]["line"] == 1
    assert "ni un fichier JSON ni un fichier CSV" in batch.errors[0]["message"]


def test_broken_json_names_its_line(world, coordinator, django_capture_on_commit_callbacks):
    text = di.as_json([di.service(30, 1)]).decode()
    broken = text.replace('"nom":', '"nom"', 1).encode()
    batch = run_import(
        coordinator,
        world.territory,
        structures=di.as_json([di.structure(1)]),
        services_file=broken,
        capture=django_capture_on_commit_callbacks,
    )
    assert batch.state == ImportBatch.State.INVALID
    error = batch.errors[0]
    assert error["message"].startswith("JSON invalide")
    assert '"nom"' in text.splitlines()[error["line"] - 1]


def test_unknown_structure_and_repeated_ids(world, coordinator, django_capture_on_commit_callbacks):
    records = [di.service(40, 9), di.service(41, 1), di.service(41, 1)]
    batch = run_import(
        coordinator,
        world.territory,
        structures=di.as_json([di.structure(1)]),
        services_file=di.as_json(records),
        capture=django_capture_on_commit_callbacks,
    )
    messages = [e["message"] for e in batch.errors]
    assert any("Structure inconnue « cd93--structure-9 »" in m for m in messages)
    assert any("déjà utilisé ligne" in m for m in messages)


# About 110 s on 2 cores: run once per `make test`, in the slow leg, not on both databases
# (it checks the importer's memory, which does not depend on the database).
@pytest.mark.slow
def test_fifty_thousand_services_with_one_bad_line_in_bounded_memory(
    world, coordinator, django_capture_on_commit_callbacks
):
    structure_id = f"maillage--structure-{world.org_member.pk}"
    base = di.service(1, 1, structure_id=structure_id)
    bad_index = 31_415
    buffer = io.BytesIO()
    buffer.write(b"[\n")
    for index in range(50_000):
        record = dict(base, id=f"cd93--service-{index}", nom=f"Service numéro {index}")
        if index == bad_index:
            record["thematiques"] = ["pas-une-thematique"]
        buffer.write(
            (",\n" if index else "").encode() + json.dumps(record, ensure_ascii=False).encode()
        )
    buffer.write(b"\n]\n")
    payload = buffer.getvalue()
    del buffer
    batch = ImportBatch.objects.create(
        territory=world.territory, created_by=coordinator, services_name="gros.json"
    )
    batch.services_file.save("gros.json", ContentFile(payload), save=True)
    del payload
    tracemalloc.start()
    try:
        report = importer.check(batch)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.error_count == 1
    assert report.errors[0]["line"] == bad_index + 2  # "[" is line 1, one object per line
    assert report.errors[0]["message"] == "Thématique inconnue : « pas-une-thematique »."
    assert report.counts["lines"] == 50_000
    # The file weighs about 45 Mo; checking it holds a few batches of records at a time.
    assert peak < 25 * 1024 * 1024, f"peak {peak / 1e6:.1f} Mo"
    assert Service.objects.count() == 0


def test_duplicates_are_detected_and_the_merge_choice_is_applied(
    world, coordinator, django_capture_on_commit_callbacks
):
    same_siret = OrganisationFactory(
        name="Centre social des Tilleuls", siret=di.siret(5), partner_of=[world.territory]
    )
    same_name = OrganisationFactory(
        name="Épicerie solidaire", address="3 rue Haute", partner_of=[world.territory]
    )
    existing = make_service(
        world.territory, same_name, name="Colis alimentaires", adresse="3 rue Haute"
    )
    structures = [
        di.structure(5, nom="CS des Tilleuls"),
        di.structure(6, nom="Epicerie Solidaire", adresse="3, rue haute", siret=None),
        di.structure(7),
    ]
    records = [
        di.service(50, 6, nom="Colis Alimentaires", adresse="3 rue Haute"),
        di.service(51, 5),
        di.service(52, 7),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.start_import(
            actor=coordinator,
            territory=world.territory,
            structures_file=ContentFile(di.as_json(structures), name="s.json"),
            services_file=ContentFile(di.as_json(records), name="v.json"),
        )
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PREVIEWED
    found = {(d["kind"], d["key"]): d for d in batch.duplicates}
    assert found[("structure", "cd93--structure-5")]["match_id"] == same_siret.pk
    assert found[("structure", "cd93--structure-5")]["reason"] == "siret"
    assert found[("structure", "cd93--structure-6")]["match_id"] == same_name.pk
    assert found[("service", "cd93--service-50")]["match_id"] == existing.pk
    # Two organisations cannot share a SIRET.
    with pytest.raises(Exception, match="même SIRET"):
        services.confirm_import(
            actor=coordinator, batch=batch, decisions={"structure:cd93--structure-5": "create"}
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_import(
            actor=coordinator,
            batch=batch,
            decisions={
                "structure:cd93--structure-5": "merge",
                "structure:cd93--structure-6": "merge",
                "service:cd93--service-50": "merge",
            },
        )
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.DONE, batch.failure
    same_siret.refresh_from_db()
    assert same_siret.name == "Centre social des Tilleuls"  # a merge keeps what members wrote
    assert same_siret.structure_profile.di_id == "cd93--structure-5"
    existing.refresh_from_db()
    assert existing.di_id == "cd93--service-50"
    assert Service.objects.filter(organisation=same_name).count() == 1
    assert Organisation.objects.filter(structure_profile__di_id="cd93--structure-7").exists()
    assert batch.summary["applied"]["structures_merged"] == 2


def test_skipping_a_duplicate_structure_skips_its_services(
    world, coordinator, django_capture_on_commit_callbacks
):
    OrganisationFactory(
        name="Épicerie solidaire", address="3 rue Haute", partner_of=[world.territory]
    )
    structures = [di.structure(6, nom="Epicerie Solidaire", adresse="3 rue Haute", siret=None)]
    batch = run_import(
        coordinator,
        world.territory,
        structures=di.as_json(structures),
        services_file=di.as_json([di.service(60, 6)]),
        decisions={"structure:cd93--structure-6": "skip"},
        capture=django_capture_on_commit_callbacks,
    )
    assert batch.state == ImportBatch.State.DONE
    assert not Service.objects.exists()
    assert batch.summary["applied"]["services_skipped"] == 1


def test_reimport_updates_instead_of_duplicating(
    world, coordinator, django_capture_on_commit_callbacks
):
    run_import(
        coordinator,
        world.territory,
        structures=di.as_json(STRUCTURES),
        services_file=di.as_json(SERVICES),
        capture=django_capture_on_commit_callbacks,
    )
    changed = [dict(SERVICES[0], nom="Permanence logement renommée")]
    batch = run_import(
        coordinator,
        world.territory,
        services_file=di.as_json(changed),
        capture=django_capture_on_commit_callbacks,
    )
    assert batch.state == ImportBatch.State.DONE
    assert (
        Service.objects.filter(di_id=SERVICES[0]["id"]).get().name == "Permanence logement renommée"
    )
    assert Service.objects.count() == len(SERVICES)


def test_import_pages(world, coordinator, client_for, django_capture_on_commit_callbacks):
    client = client_for(coordinator)
    url = reverse("network:exchange", args=[world.territory.slug])
    response = client.post(url, {"visibility": "public"})
    assert response.status_code == 400
    assert "Joignez un fichier" in response.content.decode()
    upload = io.BytesIO(di.as_json([di.service(70, 9)]))
    upload.name = "services.json"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"services_file": upload, "visibility": "public"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Structure inconnue" in page
    assert "rien n’a été enregistré" in page


def test_feeds_publish_public_records_of_the_chosen_territory(world, client_for):
    public = make_service(world.territory, world.org_member, name="Service public du territoire")
    make_service(
        world.territory, world.org_member, name="Service réservé", visibility=Visibility.PARTNERS
    )
    make_service(world.foreign, world.org_foreign, name="Service d’ailleurs")
    client = client_for(world.users["coordinator"])
    for key in (world.territory.slug, world.territory.insee_code):
        response = client.get("/api/v1/data-inclusion/services", {"territory": key})
        assert response.status_code == 200
        body = response.json()
        assert [r["nom"] for r in body["items"]] == ["Service public du territoire"]
        assert body["count"] == 1
        DiService.model_validate(body["items"][0])
        assert body["items"][0]["id"] == f"maillage--service-{public.pk}"
    structures = client.get(
        "/api/v1/data-inclusion/structures", {"territory": world.territory.slug}
    ).json()
    ids = {r["id"] for r in structures["items"]}
    assert f"maillage--structure-{world.org_member.pk}" in ids
    assert f"maillage--structure-{world.org_foreign.pk}" not in ids
    for record in structures["items"]:
        DiStructure.model_validate(record)
    assert (
        client.get("/api/v1/data-inclusion/services", {"territory": "inconnu"}).status_code == 404
    )
    assert client.get("/api/v1/data-inclusion/services").status_code == 422


def test_feed_query_count_does_not_grow(world, client):  # type: ignore[no-untyped-def]
    from tests.queries import assert_constant_queries

    make_service(world.territory, world.org_member)

    def grow(n: int) -> None:
        for i in range(n):
            org = OrganisationFactory(partner_of=[world.territory])
            StructureProfile.objects.create(organisation=org, di_id=f"x--{org.pk}")
            make_service(world.territory, org, name=f"Service {i}")

    assert_constant_queries(
        client, f"/api/v1/data-inclusion/services?territory={world.territory.slug}", grow
    )
    assert_constant_queries(
        client, f"/api/v1/data-inclusion/structures?territory={world.territory.slug}", grow
    )


def test_import_status_polls_while_pending(world, coordinator, client_for):
    batch = ImportBatch.objects.create(
        territory=world.territory, services_name="services.json", summary={"checked": 5000}
    )
    response = client_for(coordinator).get(batch.get_absolute_url(), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in body and "5000 lignes vérifiées" in body
    assert "<html" not in body

"""A worker killed in the middle of an observatory import or report (core/workers.py):
the import is failed with its user told and no half-written dataset remains; the report
is failed; a published dataset is never touched."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from maillage.core import workers
from maillage.core.models import WorkerHeartbeat
from maillage.observatory import services
from maillage.observatory.models import Dataset, ImportJob, ReportEdition, Value
from tests.observatory import builders

IMPORT_PATH = "maillage.observatory.tasks.import_dataset"
REPORT_PATH = "maillage.observatory.tasks.generate_report"


def _heartbeat(worker_id: str, seconds_ago: float) -> None:
    WorkerHeartbeat.objects.create(
        worker_id=worker_id, beat_at=timezone.now() - timedelta(seconds=seconds_ago)
    )


def _running(path: str, worker_ids: list[str], **kwargs) -> DBTaskResult:  # type: ignore[no-untyped-def]
    return DBTaskResult.objects.create(
        status="RUNNING",
        task_path=path,
        args_kwargs={"args": [], "kwargs": kwargs},
        backend_name="default",
        run_after=timezone.now(),
        started_at=timezone.now(),
        worker_ids=worker_ids,
    )


def _half_written_import(scene) -> ImportJob:  # type: ignore[no-untyped-def]
    """What a worker killed in the middle of run_import leaves: the job running, its
    unpublished dataset holding the rows written so far."""
    job = builders.upload(
        scene.territory, scene.ville, builders.INSEE_COMMUNES, actor=scene.ville_user
    )
    job.state = ImportJob.State.RUNNING
    job.save(update_fields=["state"])
    dataset = services._new_dataset(job)
    job.dataset = dataset
    job.save(update_fields=["dataset"])
    Value.objects.create(
        dataset=dataset, level="commune", geo_code="93014", variable="POP", period=2021, value=29000
    )
    return job


def test_an_import_whose_worker_died_is_failed_and_leaves_nothing(scene):  # type: ignore[no-untyped-def]
    job = _half_written_import(scene)
    _heartbeat("killed", seconds_ago=120)
    task = _running(IMPORT_PATH, ["killed"], job_id=job.pk)

    outcome = workers.sweep(lease_seconds=60)

    assert outcome.failed == [str(task.pk)] and outcome.requeued == []
    task.refresh_from_db()
    assert task.status == "FAILED"
    assert task.exception_class_path == workers.ABANDONED_CLASS_PATH
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert any("interrompu" in error for error in job.errors)
    assert job.dataset is None
    assert not Dataset.objects.exists() and not Value.objects.exists()
    # The dead worker's row is gone once nothing names it.
    assert not WorkerHeartbeat.objects.exists()


def test_the_import_page_tells_its_user(scene, client_for):  # type: ignore[no-untyped-def]
    job = _half_written_import(scene)
    _heartbeat("killed", seconds_ago=120)
    _running(IMPORT_PATH, ["killed"], job_id=job.pk)
    workers.sweep(lease_seconds=60)
    page = client_for(scene.ville_user).get(
        reverse("observatory:import_status", args=[scene.territory.slug, job.pk])
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "En échec" in text
    assert "L’import a été interrompu" in text


def test_a_published_dataset_is_never_touched(scene):  # type: ignore[no-untyped-def]
    dataset = builders.dataset(scene.territory, scene.ville, builders.INSEE_COMMUNES)
    job = dataset.imports.get()
    services.abandon_import(job_id=job.pk)
    dataset.refresh_from_db()
    assert dataset.published and Value.objects.filter(dataset=dataset).exists()
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE


def test_a_report_whose_worker_died_is_failed(scene):  # type: ignore[no-untyped-def]
    edition = ReportEdition.objects.create(
        territory=scene.territory, year=2024, state=ReportEdition.State.PENDING
    )
    _heartbeat("killed", seconds_ago=120)
    task = _running(REPORT_PATH, ["killed"], edition_id=edition.pk)
    workers.sweep(lease_seconds=60)
    edition.refresh_from_db()
    assert edition.state == ReportEdition.State.FAILED
    assert "interrompue" in edition.error
    task.refresh_from_db()
    assert task.status == "FAILED"

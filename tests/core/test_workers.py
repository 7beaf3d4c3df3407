"""core.workers: a task whose worker stopped beating is abandoned: run once more, then
failed; live workers and plain db_workers are left alone; the command sweeps at start-up
(the observatory's own handlers: tests/observatory/test_abandoned_tasks.py)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from maillage.core import queue, workers
from maillage.core.models import WorkerHeartbeat

MAIL_PATH = "maillage.accounts.tasks.send_templated_email"


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


@pytest.mark.django_db
def test_other_tasks_run_once_more_then_fail():
    _heartbeat("killed", seconds_ago=120)
    first = _running(MAIL_PATH, ["killed"], to="someone@example.org")
    second = _running(MAIL_PATH, ["earlier", "killed"], to="someone@example.org")
    outcome = workers.sweep(lease_seconds=60)
    assert outcome.requeued == [str(first.pk)] and outcome.failed == [str(second.pk)]
    first.refresh_from_db()
    assert first.status == "READY" and first.started_at is None
    second.refresh_from_db()
    assert second.status == "FAILED"


@pytest.mark.django_db
def test_live_workers_and_plain_db_workers_are_left_alone():
    _heartbeat("alive", seconds_ago=5)
    alive = _running(MAIL_PATH, ["alive"])
    unknown = _running(MAIL_PATH, ["plain-db-worker"])
    assert workers.sweep(lease_seconds=60) == workers.SweepResult()
    for task in (alive, unknown):
        task.refresh_from_db()
        assert task.status == "RUNNING"
    assert WorkerHeartbeat.objects.filter(worker_id="alive").exists()


@pytest.mark.django_db(transaction=True)
def test_a_second_worker_sweeps_at_start_and_runs_the_queue(settings):  # type: ignore[no-untyped-def]
    """The command: at start-up it fails the dead worker's task, then takes the queue."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _heartbeat("killed", seconds_ago=120)
    dead = _running(MAIL_PATH, ["a", "killed"])
    queued = queue.task_named("watch.sweep_retention").enqueue()
    call_command(
        "task_worker",
        "--batch",
        "--no-startup-delay",
        "--worker-id",
        "second",
        "--heartbeat",
        "1",
        "--lease",
        "60",
        verbosity=0,
    )
    dead.refresh_from_db()
    assert dead.status == "FAILED"
    queued = DBTaskResult.objects.get(pk=queued.id)
    assert queued.status == "SUCCESSFUL"
    assert queued.worker_ids == ["second"]
    assert not WorkerHeartbeat.objects.filter(worker_id="second").exists()

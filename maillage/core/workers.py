"""Task workers that notice when one of them died in the middle of a task.

django-tasks-db marks a task RUNNING when a worker claims it and SUCCESSFUL or FAILED
when it ends; a worker killed with SIGKILL (or by the out-of-memory killer, or with its
host) leaves it RUNNING for ever, and the object it was working on (an import, a report)
"en cours" for its user. ``manage.py task_worker`` (the product's worker) therefore:

- **beats**: a thread writes ``WorkerHeartbeat.beat_at`` every ``heartbeat`` seconds
  (10 by default), and the row is deleted on a clean exit;
- **sweeps**: at start-up and every ``heartbeat`` seconds, every worker looks for RUNNING
  tasks whose worker's beat is older than the lease (60 s by default). Such a task is
  **abandoned**: if its app registered ``on_abandoned`` (``queue.register``), that is
  called (the import or report is marked failed, its user reads why, half-written rows
  are removed) and the task is marked FAILED; otherwise it is put back in the queue once
  (``MAX_ATTEMPTS``), then marked FAILED.

Tasks run by a plain ``db_worker`` (no heartbeat row) are never touched."""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from maillage.core import queue
from maillage.core.models import WorkerHeartbeat

logger = logging.getLogger("maillage.workers")

HEARTBEAT_SECONDS = 10.0
LEASE_SECONDS = 60.0
# An abandoned task without an ``on_abandoned`` handler runs at most this many times.
MAX_ATTEMPTS = 2
ABANDONED_CLASS_PATH = "maillage.core.workers.TaskAbandoned"


class TaskAbandoned(Exception):
    """Recorded as the failure of a task whose worker died while running it."""


@dataclass
class SweepResult:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def beat(worker_id: str) -> None:
    values = {"beat_at": timezone.now(), "host": socket.gethostname()[:255], "pid": os.getpid()}
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults=values)


def forget(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def sweep(*, lease_seconds: float = LEASE_SECONDS) -> SweepResult:
    """Handle every task whose worker stopped beating more than ``lease_seconds`` ago."""
    result = SweepResult()
    stale = set(
        WorkerHeartbeat.objects.filter(
            beat_at__lt=timezone.now() - timedelta(seconds=lease_seconds)
        ).values_list("worker_id", flat=True)
    )
    if not stale:
        return result
    with transaction.atomic():
        # Locked rows are being handled by another worker's sweep right now.
        running = DBTaskResult.objects.running().select_for_update(skip_locked=True)
        for task in running:
            if not task.worker_ids or task.worker_ids[-1] not in stale:
                continue
            _abandon(task, result)
        still_running = {
            ids[-1] for ids in DBTaskResult.objects.running().values_list("worker_ids", flat=True)
        }
        WorkerHeartbeat.objects.filter(worker_id__in=stale - still_running).delete()
    return result


def _abandon(task: DBTaskResult, result: SweepResult) -> None:
    worker = task.worker_ids[-1]
    handler = queue.abandoned_handler(task.task_path)
    kwargs = task.args_kwargs.get("kwargs", {})
    if handler is None and len(task.worker_ids) < MAX_ATTEMPTS:
        logger.warning(
            "Task %s (%s) abandoned by worker %s: queued again", task.pk, task.task_path, worker
        )
        task.status = "READY"
        task.started_at = None
        task.save(update_fields=["status", "started_at"])
        result.requeued.append(str(task.pk))
        return
    logger.error(
        "Task %s (%s) abandoned by worker %s: marked failed", task.pk, task.task_path, worker
    )
    if handler is not None:
        try:
            with transaction.atomic():
                handler(**kwargs)
        except Exception:
            logger.exception("The abandoned-task handler of %s failed", task.task_path)
    task.status = "FAILED"
    task.finished_at = timezone.now()
    task.exception_class_path = ABANDONED_CLASS_PATH
    task.traceback = (
        f"The worker {worker} stopped beating while running this task "
        f"(attempt {len(task.worker_ids)}); it was killed or lost its host."
    )
    task.return_value = None
    task.save(
        update_fields=["status", "finished_at", "exception_class_path", "traceback", "return_value"]
    )
    result.failed.append(str(task.pk))


class Heart:
    """The thread that beats for one worker and sweeps for all of them, with its own
    database connection (the task the worker runs keeps the main one busy)."""

    def __init__(
        self, worker_id: str, every: float = HEARTBEAT_SECONDS, lease: float = LEASE_SECONDS
    ) -> None:
        self.worker_id = worker_id
        self.every = every
        self.lease = lease
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def start(self) -> None:
        beat(self.worker_id)
        self._sweep()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.every + 5)
        try:
            forget(self.worker_id)
        except Exception:
            logger.warning("Could not remove the heartbeat of %s", self.worker_id)

    def _sweep(self) -> None:
        outcome = sweep(lease_seconds=self.lease)
        if outcome.requeued or outcome.failed:
            logger.warning(
                "Abandoned tasks: %d queued again, %d marked failed",
                len(outcome.requeued),
                len(outcome.failed),
            )

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.every):
                close_old_connections()
                try:
                    beat(self.worker_id)
                    self._sweep()
                except Exception:  # the database restarting: beat again next time
                    logger.warning("Worker %s could not beat", self.worker_id, exc_info=True)
                    connection.close()
        finally:
            connection.close()

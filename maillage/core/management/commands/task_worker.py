"""``manage.py task_worker``: django-tasks-db's ``db_worker`` with a heartbeat and a sweep
of the tasks a dead worker left running (core/workers.py). Same options as ``db_worker``,
plus ``--heartbeat`` and ``--lease`` (seconds)."""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from maillage.core import workers


class Worker(db_worker.Worker):
    def __init__(self, *, heartbeat: float, lease: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.heart = workers.Heart(self.worker_id, every=heartbeat, lease=lease)

    def run(self) -> None:
        self.heart.start()
        try:
            super().run()
        finally:
            self.heart.stop()


class Command(db_worker.Command):
    help = "Run a task worker that beats, and fails or re-runs the tasks of dead workers"

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--heartbeat",
            type=float,
            default=workers.HEARTBEAT_SECONDS,
            help="Seconds between two beats (and two sweeps) (default: %(default)r)",
        )
        parser.add_argument(
            "--lease",
            type=float,
            default=workers.LEASE_SECONDS,
            help="Seconds without a beat after which a worker is dead (default: %(default)r)",
        )

    def handle(  # type: ignore[override]
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        heartbeat: float,
        lease: float,
        **options: Any,
    ) -> None:
        self.configure_logging(verbosity)
        if lease <= heartbeat:
            raise CommandError("--lease must be longer than --heartbeat")
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            heartbeat=heartbeat,
            lease=lease,
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()

"""Drill: a task worker killed with SIGKILL in the middle of a large observatory import
and of a report generation (scripts/drills.sh, docs/operations.md).

On the drill's database, with the production settings and ``manage.py task_worker``
(heartbeat DRILL_HEARTBEAT s, lease DRILL_LEASE s):

1. a national IRIS file (DRILL_ROWS rows × 100 columns, as bench_observatory builds it)
   is uploaded and confirmed, which queues its import; worker A takes it and is killed
   (SIGKILL) once it has written some rows;
2. the ABS report of the chef-lieu is requested; worker A2 takes it and is killed as soon
   as the task runs;
3. a daily sweep (``watch.sweep_retention``) is queued behind them; worker B starts.

Promises (exit 1 if one breaks):
- while the import is cut short, nothing of it is published (its dataset is unpublished,
  invisible to every reader);
- worker B detects both tasks as abandoned within lease + 2 heartbeats: the import is
  failed with a French message on its page and its rows are deleted, the report edition
  is failed; both tasks are FAILED (TaskAbandoned);
- worker B runs the rest of the queue (the sweep), and the report asked again is
  generated."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from drill_common import PYTHON, ROOT, WORK, Verdict, django_setup, environment, handles, log

ROWS = int(os.environ.get("DRILL_ROWS", "20000"))
HEARTBEAT = float(os.environ.get("DRILL_HEARTBEAT", "2"))
LEASE = float(os.environ.get("DRILL_LEASE", "8"))


def worker(worker_id: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [PYTHON, "manage.py", "task_worker", "--queue-name", "*", "--worker-id", worker_id,
         "--heartbeat", str(HEARTBEAT), "--lease", str(LEASE), "--no-startup-delay",
         "--no-reload", "--interval", "0.2"],
        cwd=ROOT, env=env, stdout=(WORK / f"{worker_id}.log").open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def wait_for(what: str, test, seconds: float) -> float | None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if test():
            return time.monotonic() - started
        time.sleep(0.1)
    log(f"gave up waiting for {what} after {seconds:.0f} s")
    return None


def main() -> None:
    env = environment()
    django_setup(env)
    from django.db import close_old_connections
    from django_tasks_db.models import DBTaskResult

    from bench import bench_observatory
    from maillage.core import queue
    from maillage.core.roles import Visibility
    from maillage.observatory import services
    from maillage.observatory.catalogue import install_catalogue
    from maillage.observatory.models import Dataset, ImportJob, Indicator, ReportEdition, Value
    from maillage.territories.models import Organisation, Territory

    verdict = Verdict()
    data = handles()
    focus = Territory.objects.get(slug=data["territory"])
    departement = Territory.objects.get(slug=data["departement"])
    producer = Organisation.objects.get(pk=data["organisations"][2])
    install_catalogue()

    # 1. The import, killed in the middle.
    bench_observatory.ROWS = ROWS
    communes = list(Territory.objects.filter(parent=departement))
    ctx = SimpleNamespace(department=SimpleNamespace(communes=communes))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "base-ic-iris-2021.csv"
        bench_observatory._write_file(path, bench_observatory._iris_codes(ctx), random.Random(7))  # noqa: S311
        size = path.stat().st_size
        with path.open("rb") as handle:
            job = services.upload(
                actor=None, territory=departement, producer=producer, kind=ImportJob.Kind.INSEE,
                file=handle, filename=path.name, size=size,
                metadata={"title": "Base IRIS 2021 (exercice)", "source": "INSEE (généré)",
                          "vintage": "2021", "licence": "Licence Ouverte 2.0",
                          "visibility": Visibility.PUBLIC, "restricted_to": [], "min_count": 5,
                          "round_to_5": False, "period": None},
            )  # fmt: skip
    services.confirm(actor=None, job=job, total_rows=ROWS)
    log(f"import #{job.pk} queued: {ROWS} rows × 100 columns, {size / 1e6:.1f} MB")
    a = worker("drill-a", env)

    def import_progress() -> bool:
        close_old_connections()
        job.refresh_from_db()
        return job.state == ImportJob.State.RUNNING and job.processed_rows >= min(2000, ROWS // 4)

    wait_for("the import to write rows", import_progress, 180)
    a.send_signal(signal.SIGKILL)
    a.wait()
    job.refresh_from_db()
    dataset_id = job.dataset_id
    values_left = Value.objects.filter(dataset_id=dataset_id).count() if dataset_id else 0
    log(
        f"worker drill-a killed (SIGKILL) at {job.processed_rows} of {ROWS} rows; "
        f"{values_left} values written under dataset #{dataset_id}"
    )
    import_task = DBTaskResult.objects.get(
        task_path="maillage.observatory.tasks.import_dataset", args_kwargs__kwargs__job_id=job.pk
    )
    verdict.check(
        job.state == ImportJob.State.RUNNING and import_task.status == "RUNNING",
        f"the import was cut in the middle (job {job.state}, task {import_task.status})",
    )
    verdict.check(
        dataset_id is not None
        and not Dataset.objects.published().filter(pk=dataset_id).exists()
        and not Dataset.objects.filter(pk=dataset_id, published=True).exists(),
        "nothing of it is published: its dataset is unpublished, no reader sees it",
    )

    # 2. The report, killed while it renders.
    key = list(Indicator.objects.filter(key_figure=True)[:6])
    services.configure_report(
        actor=None, territory=focus, title="Analyse des besoins sociaux", indicators=key
    )
    edition = services.request_report(actor=None, territory=focus, year=2025)
    a2 = worker("drill-a2", env)

    def report_running() -> bool:
        return DBTaskResult.objects.filter(
            task_path="maillage.observatory.tasks.generate_report", status="RUNNING"
        ).exists()

    wait_for("the report's task to run", report_running, 120)
    a2.send_signal(signal.SIGKILL)
    a2.wait()
    report_task = DBTaskResult.objects.filter(
        task_path="maillage.observatory.tasks.generate_report"
    ).latest("enqueued_at")
    edition.refresh_from_db()
    log(
        f"worker drill-a2 killed (SIGKILL) while rendering: edition {edition.state}, task {report_task.status}"
    )
    verdict.check(
        edition.state == ReportEdition.State.PENDING and report_task.status == "RUNNING",
        "the report generation was cut in the middle (edition pending, task running)",
    )

    # 3. The rest of the queue, and worker B.
    sweep = queue.task_named("watch.sweep_retention").enqueue()
    b_started = time.monotonic()
    b = worker("drill-b", env)

    def swept() -> bool:
        close_old_connections()
        job.refresh_from_db()
        edition.refresh_from_db()
        return job.state == ImportJob.State.FAILED and edition.state == ReportEdition.State.FAILED

    waited = wait_for("worker B to sweep", swept, LEASE + 6 * HEARTBEAT + 30)
    import_task.refresh_from_db()
    report_task.refresh_from_db()
    log(
        f"worker drill-b: import {job.state}, report {edition.state} after "
        f"{(time.monotonic() - b_started):.1f} s"
    )
    print(f"  import's errors shown to its user: {job.errors}")
    print(f"  report edition's error: {edition.error}")
    verdict.check(
        waited is not None and waited <= LEASE + 2 * HEARTBEAT + 5,
        f"both abandoned tasks detected within lease + 2 heartbeats + 5 s for worker B to "
        f"start ({LEASE:.0f} + {2 * HEARTBEAT:.0f} + 5 s): "
        f"{waited if waited is None else round(waited, 1)} s after worker B was launched",
    )
    verdict.check(
        any("interrompu" in e for e in job.errors)
        and dataset_id is not None
        and not Dataset.objects.filter(pk=dataset_id).exists()
        and not Value.objects.filter(dataset_id=dataset_id).exists(),
        "the import is failed with a French message, its written rows deleted",
    )
    verdict.check(
        import_task.status == "FAILED"
        and report_task.status == "FAILED"
        and import_task.exception_class_path.endswith("TaskAbandoned"),
        f"both tasks marked FAILED ({import_task.exception_class_path})",
    )

    def swept_task_done() -> bool:
        return DBTaskResult.objects.filter(pk=sweep.id, status="SUCCESSFUL").exists()

    verdict.check(
        wait_for("the queued sweep", swept_task_done, 60) is not None
        and DBTaskResult.objects.get(pk=sweep.id).worker_ids == ["drill-b"],
        "worker B ran the rest of the queue",
    )
    services.request_report(actor=None, territory=focus, year=2025)

    def report_ready() -> bool:
        edition.refresh_from_db()
        return edition.state == ReportEdition.State.READY

    verdict.check(
        wait_for("the report asked again", report_ready, 180) is not None,
        "the report asked again is generated by worker B",
    )
    b.send_signal(signal.SIGTERM)
    b.wait(timeout=60)
    verdict.exit("drill_worker_kill")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()

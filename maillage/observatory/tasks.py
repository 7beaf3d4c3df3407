"""Background work: large imports run here, with their progress saved as they go."""

from __future__ import annotations

from django_tasks import task

from maillage.core import queue
from maillage.observatory.services import abandon_import, abandon_report, render_report, run_import


@queue.register("observatory.import_dataset", on_abandoned=abandon_import)
@task()
def import_dataset(*, job_id: int) -> str:
    return str(run_import(job_id=job_id).state)


@queue.register("observatory.generate_report", on_abandoned=abandon_report)
@task()
def generate_report(*, edition_id: int) -> str:
    return str(render_report(edition_id=edition_id).state)

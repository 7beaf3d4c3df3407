"""Background work: large imports run here, with their progress saved as they go."""

from __future__ import annotations

from django_tasks import task


@task()
def import_dataset(*, job_id: int) -> str:
    from maillage.observatory.services import run_import

    return str(run_import(job_id=job_id).state)


@task()
def generate_report(*, edition_id: int) -> str:
    from maillage.observatory.services import render_report

    return str(render_report(edition_id=edition_id).state)

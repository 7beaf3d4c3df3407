"""Background work of the evaluation."""

from __future__ import annotations

from django_tasks import task

from maillage.core import queue
from maillage.evaluation import services


@queue.register("evaluation.send_deadline_reminders")
@task()
def send_deadline_reminders() -> int:
    """Once a day (queued by ``manage.py governance_reminders``): the e-mails before each
    deadline of the open campaigns, once per deadline and per person."""
    return services.send_deadline_reminders()


@queue.register("evaluation.generate_report", on_abandoned=services.abandon_report)
@task()
def generate_report(*, edition_id: int) -> str:
    """The « Bilan annuel » of a frozen year, rendered and stored (services/reports.py)."""
    return str(services.render_report(edition_id=edition_id).state)

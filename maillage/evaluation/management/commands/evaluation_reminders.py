from typing import Any

from django.core.management.base import BaseCommand

from maillage.evaluation.tasks import send_deadline_reminders


class Command(BaseCommand):
    help = (
        "Queue the reminders before the deadlines of the open evaluation campaigns (run "
        "once a day, e.g. from cron, beside governance_reminders; the task worker sends them)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_deadline_reminders.enqueue()
        self.stdout.write(f"Rappels de l’évaluation mis en file : {result.id}")

from typing import Any

from django.core.management.base import BaseCommand

from maillage.governance.tasks import send_task_reminders


class Command(BaseCommand):
    help = (
        "Queue the reminders of follow-up tasks due within a week (run once a day, e.g. "
        "from cron; the reminders are sent by the task worker)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_task_reminders.enqueue()
        self.stdout.write(f"Rappels mis en file : {result.id}")

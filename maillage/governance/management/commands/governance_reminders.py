from typing import Any

from django.core.management.base import BaseCommand

from maillage.governance.tasks import send_task_reminders
from maillage.programme.tasks import send_late_reminders


class Command(BaseCommand):
    help = (
        "Queue the reminders of follow-up tasks due within a week or late, and of the "
        "fiches actions and milestones that became late (run once a day, e.g. from cron; "
        "the reminders are sent by the task worker)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_task_reminders.enqueue()
        self.stdout.write(f"Rappels mis en file : {result.id}")
        late = send_late_reminders.enqueue()
        self.stdout.write(f"Rappels des retards du programme mis en file : {late.id}")

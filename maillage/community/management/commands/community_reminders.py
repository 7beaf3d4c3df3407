from typing import Any

from django.core.management.base import BaseCommand

from maillage.community.tasks import send_event_reminders


class Command(BaseCommand):
    help = (
        "Queue the reminders of public events starting within two days (run once a day, "
        "e.g. from cron; the e-mails are sent by the task worker, once per registration)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_event_reminders.enqueue()
        self.stdout.write(f"Rappels d’événements mis en file : {result.id}")

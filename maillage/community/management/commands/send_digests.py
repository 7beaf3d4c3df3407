"""``manage.py send_digests daily|weekly``: the platform's scheduler runs it once a day
and once a week (docs/operations.md). It enqueues the run for the task worker, or sends
at once with ``--now``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from maillage.community import digests
from maillage.community.models import Frequency
from maillage.core import queue


class Command(BaseCommand):
    help = "Send the daily or weekly notification digests (through the task worker)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("frequency", choices=[Frequency.DAILY, Frequency.WEEKLY])
        parser.add_argument(
            "--now", action="store_true", help="Send in this process instead of the worker."
        )

    def handle(self, *args: Any, frequency: str, now: bool, **options: Any) -> None:
        if now:
            run = digests.send_digests(frequency)
            self.stdout.write(f"{run.people} people, {run.emails} e-mails sent.")
            return
        queue.task_named("community.send_digests").enqueue(frequency=frequency)
        self.stdout.write(f"{frequency} digests enqueued for the task worker.")

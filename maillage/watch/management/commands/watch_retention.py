from typing import Any

from django.core.management.base import BaseCommand

from maillage.watch.tasks import sweep_retention


class Command(BaseCommand):
    help = (
        "Queue the veille's retention sweep: the free text of closed signals past their "
        "territory's retention is replaced by « [texte effacé] » (run once a day)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = sweep_retention.enqueue()
        self.stdout.write(f"Purge de la veille mise en file : {result.id}")

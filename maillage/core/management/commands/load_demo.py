from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from maillage.core.demo import DEMO_NOTICE, load_all


class Command(BaseCommand):
    help = (
        "Charge le territoire de démonstration (Seine-Saint-Denis, Clichy-sous-Bois). Idempotent."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--quiet-accounts",
            action="store_true",
            help="Ne pas afficher les comptes de démonstration.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            ctx = load_all(log=lambda line: self.stdout.write(line))
        self.stdout.write(self.style.SUCCESS("Territoire de démonstration chargé."))
        self.stdout.write(DEMO_NOTICE)
        if options["quiet_accounts"]:
            return
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Comptes de démonstration"))
        for account in ctx.accounts:
            self.stdout.write(
                f"  {account['role']:<28} {account['email']:<36} {account['password']}"
            )
            if account.get("extra"):
                self.stdout.write(f"  {'':<28} {account['extra']}")
        for note in ctx.notes:
            self.stdout.write(note)

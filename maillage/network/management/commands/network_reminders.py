"""Daily: remind organisations of their services to update (run from cron or a timer)."""

from django.core.management.base import BaseCommand

from maillage.network.tasks import send_freshness_reminders


class Command(BaseCommand):
    help = "Relance les organisations dont des services doivent être mis à jour."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Envoyer sans passer par la file.")

    def handle(self, *args, **options):
        if options["now"]:
            count = send_freshness_reminders.call()
            self.stdout.write(f"{count} relance(s) envoyée(s).")
        else:
            send_freshness_reminders.enqueue()
            self.stdout.write("Relances mises en file.")

"""Import a data file from the command line (admins, scheduled jobs), through the same
service as the pages:

    manage.py import_dataset clichy base-cc-2021.csv --producer 12 --title "RP 2021" \
        --source "INSEE, recensement" --vintage 2021
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.core.roles import Visibility
from maillage.observatory import services
from maillage.observatory.models import ImportJob
from maillage.observatory.reading import FileRefused
from maillage.territories.models import Organisation, Territory


class Command(BaseCommand):
    help = (
        "Importe un fichier de données (INSEE ou partenaire) dans l’observatoire d’un territoire."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("territory", help="Identifiant d’adresse du territoire (slug).")
        parser.add_argument("path", help="Fichier CSV ou XLSX.")
        parser.add_argument(
            "--producer", type=int, required=True, help="Id de l’organisation productrice."
        )
        parser.add_argument("--title", required=True)
        parser.add_argument("--source", required=True)
        parser.add_argument("--vintage", required=True)
        parser.add_argument("--licence", default="Licence Ouverte 2.0")
        parser.add_argument("--period", type=int, default=None)
        parser.add_argument(
            "--visibility",
            default=Visibility.PUBLIC,
            choices=[Visibility.PUBLIC, Visibility.PARTNERS, Visibility.RESTRICTED],
        )
        parser.add_argument("--restricted-to", type=int, nargs="*", default=[])
        parser.add_argument("--min-count", type=int, default=5)
        parser.add_argument("--round-to-5", action="store_true")
        parser.add_argument(
            "--mapping",
            default=None,
            help="Correspondance des colonnes d’un fichier partenaire (JSON).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        territory = Territory.objects.filter(slug=options["territory"]).first()
        if territory is None:
            raise CommandError(f"Territoire inconnu : {options['territory']}")
        producer = Organisation.objects.filter(pk=options["producer"]).first()
        if producer is None:
            raise CommandError(f"Organisation inconnue : {options['producer']}")
        mapping = json.loads(options["mapping"]) if options["mapping"] else None
        metadata = {
            "title": options["title"],
            "source": options["source"],
            "vintage": options["vintage"],
            "licence": options["licence"],
            "visibility": options["visibility"],
            "restricted_to": options["restricted_to"],
            "min_count": options["min_count"],
            "round_to_5": options["round_to_5"],
            "period": options["period"],
        }
        try:
            job = services.import_file(
                actor=None,
                territory=territory,
                producer=producer,
                path=options["path"],
                kind=ImportJob.Kind.PARTNER if mapping else ImportJob.Kind.INSEE,
                metadata=metadata,
                mapping=mapping,
            )
        except (FileRefused, ValidationError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if job.state != ImportJob.State.DONE:
            raise CommandError("\n".join(job.errors))
        self.stdout.write(" ".join(job.log))

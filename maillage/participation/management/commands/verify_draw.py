"""Re-run a Conseil citoyen's draw by lot from the source list one holds
(docs/participation.md, « Tirage au sort »)::

    manage.py verify_draw liste.csv --public-value "…" --seats 12 [--balance-by quartier]
    manage.py verify_draw liste.csv --draw 3      # the stored draw's value, seats, balance

It prints the list's SHA-256, the seed and the drawn lines; with ``--draw`` it also says
whether they match the published draw. Nothing is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.participation import draw as lot
from maillage.participation.models import Draw


class Command(BaseCommand):
    help = "Re-run a Conseil citoyen draw by lot from its source list (writes nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="CSV file of the source list (UTF-8)")
        parser.add_argument("--public-value", default="")
        parser.add_argument("--seats", type=int, default=0)
        parser.add_argument("--balance-by", default="", choices=["", *lot.BALANCE_COLUMNS])
        parser.add_argument("--draw", type=int, help="compare with this published draw")

    def handle(self, *args: Any, **options: Any) -> None:
        stored = None
        public_value, seats, balance_by = (
            options["public_value"],
            options["seats"],
            options["balance_by"],
        )
        if options["draw"]:
            stored = Draw.objects.filter(pk=options["draw"]).first()
            if stored is None:
                raise CommandError(f"Aucun tirage n° {options['draw']}.")
            public_value, seats, balance_by = stored.public_value, stored.seats, stored.balance_by
        try:
            text = Path(options["source"]).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Lecture impossible : {error}") from error
        try:
            outcome = lot.run(text, public_value=public_value, seats=seats, balance_by=balance_by)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"algorithme : {lot.ALGORITHM}")
        self.stdout.write(f"empreinte de la liste (SHA-256) : {outcome.list_hash}")
        self.stdout.write(f"graine : {outcome.seed}")
        for line in outcome.drawn:
            self.stdout.write(f"{line['rank']}\t{line['id']}\t{line['nom']}\t{line['quartier']}")
        if stored is not None:
            same = outcome.list_hash == stored.list_hash and outcome.drawn == stored.result
            if same:
                self.stdout.write(
                    self.style.SUCCESS("Tirage confirmé : même liste, même résultat.")
                )
            else:
                raise CommandError(
                    "Différent du tirage publié : "
                    + (
                        "la liste n’est pas la même."
                        if outcome.list_hash != stored.list_hash
                        else "le résultat diffère."
                    )
                )

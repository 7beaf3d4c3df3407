"""Move files still at their former public place to the private storage.

The data migrations do it once; run it again after restoring a backup made before
private storage existed (scripts/restore.sh does): it moves what it finds, leaves what is
already private, and lists what is missing."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import models, transaction

from maillage.core import files
from maillage.core.files import project_file_fields


class Command(BaseCommand):
    help = "Déplace les fichiers encore publics vers le stockage privé, sous un nom aléatoire."

    def handle(self, *args: Any, **options: Any) -> None:
        total: dict[str, int] = {"moved": 0, "already": 0, "missing": 0}
        by_model: dict[type[models.Model], list[str]] = {}
        for field in project_file_fields():
            if not files.is_public(field.storage):
                by_model.setdefault(field.model, []).append(field.name)
        for model, names in by_model.items():
            # The original name, when the model keeps it in a "filename" field of its own.
            original = (
                {names[0]: "filename"}
                if len(names) == 1 and any(f.name == "filename" for f in model._meta.fields)
                else None
            )
            with transaction.atomic():
                counts = files.move_to_private(
                    model, names, original_names=original, log=self.stderr.write
                )
            for key, value in counts.items():
                total[key] = total.get(key, 0) + value
        self.stdout.write(
            f"{total['moved']} moved, {total['already']} already private, "
            f"{total['missing']} missing"
        )

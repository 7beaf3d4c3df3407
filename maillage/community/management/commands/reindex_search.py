"""``manage.py reindex_search [slug …]``: rebuild the one search's rows of every
territory (or of the named ones), e.g. after restoring a backup."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from maillage.community import indexing
from maillage.territories.models import Territory


class Command(BaseCommand):
    help = "Rebuild the territory search index."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("slugs", nargs="*")

    def handle(self, *args: Any, slugs: list[str], **options: Any) -> None:
        territories = Territory.objects.all().order_by("pk")
        if slugs:
            territories = territories.filter(slug__in=slugs)
        for territory in territories:
            count = indexing.reindex_territory(territory)
            self.stdout.write(f"{territory.slug}: {count} rows")

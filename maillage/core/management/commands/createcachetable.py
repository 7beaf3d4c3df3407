"""Django's ``createcachetable``, each table then made UNLOGGED on PostgreSQL
(core/db_cache.py: nothing in it needs to survive a crash, and its writes then wait for no
disk). Idempotent, as Django's: a deployment runs it at each release, which also turns an
existing table unlogged."""

from __future__ import annotations

from django.core.management.commands.createcachetable import Command as DjangoCommand
from django.db import connections


class Command(DjangoCommand):
    def create_table(self, database: str, tablename: str, dry_run: bool) -> None:
        super().create_table(database, tablename, dry_run)
        connection = connections[database]
        if dry_run or connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relpersistence FROM pg_class WHERE oid = to_regclass(%s)",
                [connection.ops.quote_name(tablename)],
            )
            row = cursor.fetchone()
            if row and row[0] == "p":  # permanent, i.e. logged
                cursor.execute(f"ALTER TABLE {connection.ops.quote_name(tablename)} SET UNLOGGED")
                if self.verbosity >= 1:
                    self.stdout.write(f"Cache table '{tablename}' made unlogged.")

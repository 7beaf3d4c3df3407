"""Full-text search on signals (maillage/core/search.py): FTS5 on SQLite; the French
configuration, a generated tsvector column and a trigram index (pg_trgm, for the
similar-signal proposals) on PostgreSQL."""

from django.db import migrations

TABLES = ("watch_signal",)


def create(apps, schema_editor):
    from maillage.core import search

    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = search.postgres_schema_sql(TABLES) + search.postgres_trigram_sql(TABLES)
    elif vendor == "sqlite":
        statements = search.sqlite_schema_sql(TABLES)
    else:
        return
    for statement in statements:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    from maillage.core import search

    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = search.postgres_trigram_drop_sql(TABLES) + search.postgres_drop_sql(TABLES)
    elif vendor == "sqlite":
        statements = search.sqlite_drop_sql(TABLES)
    else:
        return
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("watch", "0001_initial"), ("network", "0002_search")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

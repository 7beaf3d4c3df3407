"""Full-text search: FTS5 tables and triggers on SQLite; the unaccent extension, a French
text search configuration and generated tsvector columns on PostgreSQL (see
maillage/core/search.py)."""

from django.db import migrations

TABLES = ("network_service", "network_contactpoint", "network_procedure")


def create(apps, schema_editor):
    from maillage.core import search

    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = search.postgres_schema_sql(TABLES)
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
        statements = search.postgres_drop_sql(TABLES)
    elif vendor == "sqlite":
        statements = search.sqlite_drop_sql(TABLES)
    else:
        return
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

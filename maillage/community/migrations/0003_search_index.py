"""Full-text index of the territory's one search (community_searchentry): FTS5 table and
triggers on SQLite, a generated tsvector column with a GIN index on PostgreSQL
(maillage/core/search.py)."""

from django.db import migrations

TABLES = ["community_searchentry"]


def create(apps, schema_editor):
    from maillage.core import search

    search.create_schema(schema_editor, TABLES)


def drop(apps, schema_editor):
    from maillage.core import search

    search.drop_schema(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("community", "0002_library_search_notifications")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

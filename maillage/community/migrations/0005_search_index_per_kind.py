"""One full-text (GIN) index per kind of the one search on PostgreSQL, partial on
``kind``: the search reads each kind's matching rows through its own index, so a word
common in one kind does not cost the others (community/selectors/search.py). The
whole-table index of 0003 is then unused and dropped. SQLite keeps its FTS5 table.

A new kind in ``indexing.SOURCES`` needs its index here (a later migration)."""

from django.db import migrations

KINDS = [
    "action",
    "body",
    "meeting",
    "service",
    "contact_point",
    "procedure",
    "document",
    "post",
    "event",
]
TABLE = "community_searchentry"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for kind in KINDS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TABLE}_{kind}_fts ON {TABLE} "
            f"USING GIN (search_vector) WHERE kind = '{kind}'"
        )
    schema_editor.execute(f"DROP INDEX IF EXISTS {TABLE}_search_idx")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX {TABLE}_search_idx ON {TABLE} USING GIN (search_vector)")
    for kind in KINDS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {TABLE}_{kind}_fts")


class Migration(migrations.Migration):
    dependencies = [("community", "0004_event_post_thematiques")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

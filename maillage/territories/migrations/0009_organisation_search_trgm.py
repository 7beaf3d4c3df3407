"""A trigram index on the organisations' folded names (PostgreSQL's pg_trgm, as the
search's own indexes): the partners page's word search (``search_text LIKE '%word%'``)
reads the matching organisations instead of every partner of the territory. SQLite has no
such index and scans, as before."""

from django.db import migrations

INDEX = "organisation_search_trgm_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON territories_organisation "
        "USING GIN (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("territories", "0008_organisation_order_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

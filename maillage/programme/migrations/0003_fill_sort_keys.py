"""Rows written before 0002 get the sort keys and search text that save() now keeps."""

from django.db import migrations


def fill_computed_columns(apps, schema_editor):
    """Rows written before 0002 get the sort keys and search text that save() now keeps."""
    import re
    import unicodedata

    def fold(text):
        decomposed = unicodedata.normalize("NFKD", text or "")
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
        cleaned = "".join(c if c.isalnum() else " " for c in stripped.casefold())
        return " ".join(cleaned.split())

    def natural_key(code):
        return re.sub(r"\d+", lambda m: m.group(0).zfill(6), fold(code))[:60]

    Objective = apps.get_model("programme", "Objective")
    Action = apps.get_model("programme", "Action")
    for objective in Objective.objects.all():
        objective.sort_key = natural_key(objective.code)
        objective.save(update_fields=["sort_key"])
    for action in Action.objects.all():
        action.sort_key = natural_key(action.code)
        action.search_text = fold(" ".join(filter(None, [action.code, action.title, action.summary])))
        action.save(update_fields=["sort_key", "search_text"])



class Migration(migrations.Migration):

    dependencies = [
        ("programme", "0002_fiche_followup_indicators_history"),
    ]

    operations = [
        migrations.RunPython(fill_computed_columns, migrations.RunPython.noop),
    ]

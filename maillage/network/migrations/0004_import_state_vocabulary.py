"""ImportBatch.status becomes ``state``, with the import-job vocabulary shared with
programme.ImportBatch and observatory.ImportJob: "ready" is now "previewed" and
"applying" is now "running"."""

from django.db import migrations, models

RENAMED = {"ready": "previewed", "applying": "running"}


def forwards(apps, schema_editor):
    ImportBatch = apps.get_model("network", "ImportBatch")
    for old, new in RENAMED.items():
        ImportBatch.objects.filter(state=old).update(state=new)


def backwards(apps, schema_editor):
    ImportBatch = apps.get_model("network", "ImportBatch")
    for old, new in RENAMED.items():
        ImportBatch.objects.filter(state=new).update(state=old)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0003_private_files"),
    ]

    operations = [
        migrations.RenameField(model_name="importbatch", old_name="status", new_name="state"),
        migrations.AlterField(
            model_name="importbatch",
            name="state",
            field=models.CharField(
                choices=[
                    ("validating", "Vérification en cours"),
                    ("invalid", "Erreurs à corriger"),
                    ("previewed", "Prêt à importer"),
                    ("running", "Import en cours"),
                    ("done", "Importé"),
                    ("failed", "Échec"),
                ],
                default="validating",
                max_length=16,
                verbose_name="état",
            ),
        ),
        migrations.RunPython(forwards, backwards, elidable=True),
    ]

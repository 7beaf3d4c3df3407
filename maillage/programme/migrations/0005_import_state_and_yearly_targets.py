"""The import-job vocabulary shared with network.ImportBatch and observatory.ImportJob:
"applied" is now "done". Indicator.targets (the yearly goals) is now
Indicator.yearly_targets, apart from the observatory's action links."""

import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    ImportBatch = apps.get_model("programme", "ImportBatch")
    ImportBatch.objects.filter(state="applied").update(state="done")


def backwards(apps, schema_editor):
    ImportBatch = apps.get_model("programme", "ImportBatch")
    ImportBatch.objects.filter(state="done").update(state="applied")


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0004_private_files"),
    ]

    operations = [
        migrations.AlterField(
            model_name="importbatch",
            name="state",
            field=models.CharField(
                choices=[("previewed", "Aperçu"), ("done", "Appliqué")],
                default="previewed",
                max_length=16,
                verbose_name="état",
            ),
        ),
        migrations.AlterField(
            model_name="indicatortarget",
            name="indicator",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="yearly_targets",
                to="programme.indicator",
            ),
        ),
        migrations.RunPython(forwards, backwards, elidable=True),
    ]

"""Distinct names for the links between actions and the observatory's indicators
(Indicator.action_links, Action.observatory_links), apart from the programme's yearly
targets."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("observatory", "0005_private_files"),
        ("programme", "0005_import_state_and_yearly_targets"),
    ]

    operations = [
        migrations.AlterField(
            model_name="actiontarget",
            name="action",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="observatory_links",
                to="programme.action",
            ),
        ),
        migrations.AlterField(
            model_name="actiontarget",
            name="indicator",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="action_links",
                to="observatory.indicator",
            ),
        ),
    ]

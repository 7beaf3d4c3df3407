"""After 0002 filled them: every token has an expiry, and new tokens read only unless
asked. A migration of its own, since PostgreSQL refuses to alter a table whose rows the
same transaction just updated."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_token_scope_expiry_mfa"),
    ]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expire le"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Lecture seule"), ("write", "Lecture et écriture")],
                default="read",
                max_length=5,
                verbose_name="droits",
            ),
        ),
    ]

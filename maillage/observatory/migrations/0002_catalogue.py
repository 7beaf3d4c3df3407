from django.db import migrations


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    from maillage.observatory.catalogue import install_catalogue

    install_catalogue(apps.get_model("observatory", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("observatory", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]

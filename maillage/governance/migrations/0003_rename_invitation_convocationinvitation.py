# governance.Invitation and accounts.Invitation were two models of the same name: this one
# is the e-mail sent to one person about a meeting (convocation, update, cancellation).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0002_private_files"),
    ]

    operations = [
        migrations.RenameModel(old_name="Invitation", new_name="ConvocationInvitation"),
    ]

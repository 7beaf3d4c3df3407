"""Tokens get a scope, a required expiry and the second-factor rule.

Existing tokens keep writing (they could before) and get an expiry of one year after their
creation at most. Nobody knows whether they were created after a second factor: those of
people who must use one now (coordinators, platform admins, anyone with a confirmed
device) are suspended; their owners create new ones, after verification."""

from datetime import timedelta

from django.db import migrations, models
from django.db.models import Q
from django.utils import timezone


def forwards(apps, schema_editor):
    ApiToken = apps.get_model("api", "ApiToken")
    Membership = apps.get_model("territories", "Membership")
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    now = timezone.now()
    for token in ApiToken.objects.filter(expires_at__isnull=True):
        token.expires_at = token.created_at + timedelta(days=365)
        token.save(update_fields=["expires_at"])
    today = timezone.localdate()
    coordinators = Membership.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=today), role="coordinator"
    ).values("user_id")
    with_device = TOTPDevice.objects.filter(confirmed=True).values("user_id")
    ApiToken.objects.filter(
        Q(user__is_staff=True)
        | Q(user__is_superuser=True)
        | Q(user_id__in=coordinators)
        | Q(user_id__in=with_device),
        suspended_at__isnull=True,
    ).update(suspended_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("territories", "0002_constraint_messages"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Lecture seule"), ("write", "Lecture et écriture")],
                default="write",
                max_length=5,
                verbose_name="droits",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="apitoken",
            name="created_with_mfa",
            field=models.BooleanField(
                default=False, verbose_name="créé après la double authentification"
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="suspended_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="suspendu le"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]

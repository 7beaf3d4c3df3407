import time
from typing import Any

from django.core.management.base import BaseCommand
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Affiche le code de double authentification du moment des comptes de démonstration."

    def handle(self, *args: Any, **options: Any) -> None:
        devices = TOTPDevice.objects.filter(name="démo", user__email__endswith="@demo.maillage.fr")
        if not devices:
            self.stdout.write("Aucun compte de démonstration avec double authentification.")
        for device in devices.select_related("user"):
            code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
            remaining = device.step - int(time.time() - device.t0) % device.step
            self.stdout.write(
                f"{device.user.email:<36} {code:0{device.digits}d}  (encore {remaining} s)"
            )

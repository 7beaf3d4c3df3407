"""Helpers the account tests share: links read from e-mails, TOTP codes, real sign-in."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django.core import mail
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "mot-de-passe-de-test-1"
NEW_PASSWORD = "un-nouveau-mot-de-passe-solide"


def link_in_last_email(to: str | None = None) -> str:
    """The path of the only link in the last e-mail (to ``to`` when given)."""
    messages = [m for m in mail.outbox if to is None or to in m.to]
    assert messages, f"no e-mail to {to or 'anyone'}: {[m.to for m in mail.outbox]}"
    links = re.findall(r"https?://\S+", messages[-1].body)
    assert len(links) == 1, links
    return urlsplit(links[0]).path


def totp_code(device: TOTPDevice, offset: int = 0) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{code:0{device.digits}d}"


def sign_in(client: Client, email: str, password: str = PASSWORD, **extra: Any) -> Any:
    """Through the real sign-in page (django-axes and all)."""
    return client.post("/connexion/", {"username": email, "password": password, **extra})

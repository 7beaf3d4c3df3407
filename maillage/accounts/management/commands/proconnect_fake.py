"""``manage.py proconnect_fake``: a local stand-in for ProConnect, for the demo.

It answers as ProConnect does (discovery, JWKS, RS256 ID token, userinfo as a signed JWT,
session/end) and signs in at once the agent its options describe: no account to create
anywhere. Never for production: it vouches for anyone (README, docs/identity.md)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Runs a local ProConnect stand-in on 127.0.0.1 (demo only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=9400)
        parser.add_argument("--email", default="agent.demo@seinesaintdenis.test")
        parser.add_argument("--given-name", default="Dominique")
        parser.add_argument("--usual-name", default="Agent")
        parser.add_argument("--siret", default="22930008200018")
        parser.add_argument("--acr", default="eidas1")

    def handle(self, *args: Any, **options: Any) -> None:
        from maillage.accounts.proconnect_fake import FakeProConnect

        provider = FakeProConnect(port=options["port"])
        provider.sign_in_as(
            sub=f"demo-{options['email']}",
            idp_id="demo-idp",
            email=options["email"],
            given_name=options["given_name"],
            usual_name=options["usual_name"],
            siret=options["siret"],
            acr=options["acr"],
        )
        provider.start()
        self.stdout.write(f"ProConnect de démonstration : {provider.base_url}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            provider.stop()

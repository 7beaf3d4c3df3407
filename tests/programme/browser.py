"""What the programme's browser tests share: a small territory with a pilot, a coordinator
(signed in with their second factor) and an action to follow."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.core.roles import Role, Visibility
from maillage.programme.models import Action
from tests.factories import OrganisationFactory, TerritoryFactory, member
from tests.programme import factories

PASSWORD = "mot-de-passe-de-test-1"


@dataclass
class Scene:
    territory: Any
    pilot_org: Any
    pilot: Any
    coordinator: Any
    action: Action


def build_scene() -> Scene:
    territory = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014"
    )
    pilot_org = OrganisationFactory(
        name="Centre social du Haut-Clichy", kind="centre-social", partner_of=[territory]
    )
    coordination = OrganisationFactory(
        name="Direction des Solidarités", kind="direction-municipale", partner_of=[territory]
    )
    pilot = member(territory, Role.PARTNER, pilot_org, email="pilote@essai.test")
    coordinator = member(territory, Role.COORDINATOR, coordination, email="coordination@essai.test")
    action = factories.action(
        territory,
        "2.2.1",
        title="Garderie éphémère",
        status=Action.Status.CONSTRUCTION,
        visibility=Visibility.PUBLIC,
        pilots=[pilot_org],
    )
    factories.indicator(
        action,
        "Enfants accueillis",
        baseline=Decimal(0),
        targets={2025: Decimal(140)},
        measurements=[
            (datetime.date(2023, 12, 31), Decimal(71)),
            (datetime.date(2024, 12, 31), Decimal(102)),
        ],
    )
    return Scene(territory, pilot_org, pilot, coordinator, action)


def sign_in(page: Any, email: str, password: str = PASSWORD) -> None:
    """Sign in through the form (the shared helper's exact label misses the DSFR required
    marker in "Mot de passe *")."""
    page.goto("/connexion/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url(lambda url: "/connexion/" not in url)


def sign_in_with_second_factor(page: Any, user: Any) -> None:
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    sign_in(page, user.email, PASSWORD)
    page.goto("/compte/verification/")
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label("Code à 6 chiffres, ou code de secours").fill(f"{code:06d}")
    page.get_by_role("button", name="Valider").click()
    page.wait_for_url(lambda url: "verification" not in url)

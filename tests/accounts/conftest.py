"""Fixtures of the ProConnect tests: the fake provider and a Département whose
organisation has a SIRET."""

from __future__ import annotations

import pytest

from maillage.accounts.proconnect_fake import CLIENT_ID, CLIENT_SECRET, FakeProConnect
from tests.factories import OrganisationFactory, TerritoryFactory


def luhn_siret(first13: str) -> str:
    for last in "0123456789":
        digits = [int(c) for c in first13 + last]
        total = sum(
            d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2)
            for i, d in enumerate(reversed(digits))
        )
        if total % 10 == 0:
            return first13 + last
    raise AssertionError


DEPARTEMENT_SIRET = luhn_siret("2293000820001")


@pytest.fixture
def provider(settings):  # type: ignore[no-untyped-def]
    fake = FakeProConnect().start()
    settings.PROCONNECT_DOMAIN = fake.base_url
    settings.PROCONNECT_CLIENT_ID = CLIENT_ID
    settings.PROCONNECT_CLIENT_SECRET = CLIENT_SECRET
    fake.sign_in_as()
    yield fake
    fake.stop()


@pytest.fixture
def departement(db):  # type: ignore[no-untyped-def]
    territory = TerritoryFactory(
        departement=True, name="Seine-Saint-Denis", slug="seine-saint-denis", insee_code="93"
    )
    organisation = OrganisationFactory(
        name="Département de la Seine-Saint-Denis",
        siret=luhn_siret("2293000820000"),
        partner_of=[territory],
    )
    return territory, organisation

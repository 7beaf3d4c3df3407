"""In Chromium, against the fake ProConnect on 127.0.0.1: a Département agent signs in, is
matched to the Département's organisation by SIRET and lands on the territory; a
coordinator whose acr attests a second factor is not asked for TOTP; then signs out
through ProConnect's session/end."""

import copy

from maillage.core.roles import Role
from tests.accounts.conftest import DEPARTEMENT_SIRET
from tests.browser.support import assert_accessible
from tests.factories import member


def test_departement_agent_signs_in_with_proconnect(page, provider, departement, transactional_db):
    territory, organisation = departement
    provider.sign_in_as(siret=DEPARTEMENT_SIRET)
    page.goto("/connexion/")
    assert_accessible(page)
    page.get_by_role("link", name="S’identifier avec ProConnect").click()
    page.wait_for_url(f"**{territory.get_absolute_url()}")
    assert page.get_by_text(f"Votre rattachement à {organisation.name}").is_visible()
    assert_accessible(page)


def test_coordinator_with_second_factor_acr_is_not_asked_for_totp(
    page, provider, departement, settings, transactional_db
):
    territory, organisation = departement
    member(territory, Role.COORDINATOR, organisation, email="agent@departement.test")
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(provider.base_url.split("/api/")[0])
    settings.CONTENT_SECURITY_POLICY = policy
    provider.sign_in_as(acr="eidas2")
    page.goto(f"/connexion/?next={territory.get_absolute_url()}")
    page.get_by_role("link", name="S’identifier avec ProConnect").click()
    page.wait_for_url(f"**{territory.get_absolute_url()}")
    assert "/compte/" not in page.url
    assert page.get_by_role("heading", level=1).first.is_visible()
    assert_accessible(page)
    # Sign-out goes through ProConnect's session/end and back, with the state checked.
    page.get_by_role("button", name="Se déconnecter").first.click()
    page.wait_for_url("**/")
    assert provider.logouts and provider.logouts[-1]["id_token_hint"]
    assert page.get_by_text("Vous êtes déconnecté de Maillage et de ProConnect").is_visible()

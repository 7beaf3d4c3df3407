"""Migration api/0002 on tokens that existed before scopes, expiry and the second-factor
rule: they keep writing, get an expiry, and are suspended when their owner needs a second
factor (nobody knows whether they were created after one)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from maillage.core.roles import Role
from tests.factories import OrganisationFactory, TerritoryFactory, UserFactory, member

BEFORE = [("api", "0001_initial")]
AFTER = [("api", "0003_token_expiry_required")]


@pytest.mark.django_db(transaction=True)
def test_existing_tokens_are_carried_over_safely():
    territory = TerritoryFactory()
    organisation = OrganisationFactory(partner_of=[territory])
    partner = member(territory, Role.PARTNER, organisation)
    coordinator = member(territory, Role.COORDINATOR, organisation)
    admin = UserFactory(is_staff=True)

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("api", "ApiToken")
    for index, user in enumerate((partner, coordinator, admin)):
        old.objects.create(
            user_id=user.pk, name=f"t{index}", prefix=f"mlg_{index}", key_hash=f"{index:064d}"
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    from maillage.api.models import ApiToken

    tokens = {t.user_id: t for t in ApiToken.objects.all()}
    assert {t.scope for t in tokens.values()} == {"write"}
    assert not any(t.created_with_mfa for t in tokens.values())
    for token in tokens.values():
        assert token.expires_at - token.created_at == datetime.timedelta(days=365)
        assert token.expires_at > timezone.now()
    assert tokens[partner.pk].suspended_at is None
    assert tokens[coordinator.pk].suspended_at is not None
    assert tokens[admin.pk].suspended_at is not None

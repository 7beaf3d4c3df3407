"""Tests of the test: the truth table's harness notices a broken rule, a permitted actor
bounced to sign in, and a row whose view is never reached.

Each test breaks something on purpose, runs the harness in-process and asserts that it
returns failures naming the right actors: a table that reports nothing here could pass by
accident."""

import dataclasses

import pytest

from maillage.core.roles import Role
from maillage.network.access import ServicePolicy
from tests.access import harness
from tests.access.table import Tables, Url, discover
from tests.conftest import login_verified

TABLES = discover()


@pytest.fixture
def partners_may_edit_services(monkeypatch):  # type: ignore[no-untyped-def]
    """The broken rule: every partner of a territory may edit any service they can see."""
    original = ServicePolicy.can_change

    def can_change(self, actor, obj):  # type: ignore[no-untyped-def]
        if self.can_view(actor, obj) and Role.PARTNER in actor.roles_in(obj.territory_id):
            return True
        return original(self, actor, obj)

    monkeypatch.setattr(ServicePolicy, "can_change", can_change)


def test_the_table_catches_a_policy_that_lets_partners_edit(world, partners_may_edit_services):
    cell = harness.check_cell(world, TABLES, "service[partners]", "change")
    assert {"partner", "departement"} <= set(cell.failures), cell.failures
    assert "member" not in cell.failures  # still allowed, as the table says

    page = harness.check_url(world, TABLES, "network:service_update", login=login_verified)
    assert "partner" in page.failures and "got 200, expected [403]" in page.failures["partner"]

    # The API write: the partner's PATCH now succeeds and writes, where it must be refused.
    api = harness.check_url(world, TABLES, "api-v1:network_update_service", login=login_verified)
    assert "refused PATCH wrote" in api.failures["partner"]


def test_the_table_passes_the_same_rows_on_the_real_rule(world):
    """The control: without the broken rule, the same calls report nothing."""
    for name in ("network:service_update", "api-v1:network_update_service"):
        assert not harness.check_url(world, TABLES, name, login=login_verified).failures
    assert not harness.check_cell(world, TABLES, "service[partners]", "change").failures


def _signed_in_without_second_factor(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")


def test_a_permitted_actor_bounced_to_the_second_factor_fails_even_if_the_status_matches(world):
    """A row that (wrongly) expects a redirect: coordinators and admins who did not pass
    their second factor get one, from the middleware, without reaching the page. The
    status matches; the harness still reports them."""
    row = dataclasses.replace(TABLES.urls["network:rules"], ok=frozenset({302}))
    assert isinstance(row, Url)
    tables = Tables(
        subjects=TABLES.subjects, table=TABLES.table, urls={**TABLES.urls, "network:rules": row}
    )
    report = harness.check_url(
        world, tables, "network:rules", login=_signed_in_without_second_factor
    )
    for actor in ("coordinator", "admin"):
        assert "never reached the view of network:rules" in report.failures[actor]
        assert "bounced to '/compte/" in report.failures[actor]
    assert not {"coordinator", "admin"} & report.reached


def test_only_the_rows_own_view_counts_as_reached(world):
    """The harness records the calls of a row's own view: a page answered by another view
    (the home page here) does not count for it."""
    calls: list[str] = []
    with harness.recording("core:legal", calls):
        harness.client_for(None, login_verified).get("/")
        assert calls == []
        harness.client_for(None, login_verified).get("/mentions-legales/")
    assert calls == ["core:legal"]


def test_a_refused_write_that_writes_is_reported(world, monkeypatch):
    """A view that writes before it checks: the refused actors' POSTs leave audit entries,
    and the harness reports every one of them."""
    from maillage.core import audit
    from maillage.network.views import records as views

    original = views.require

    def require_after_writing(request, verb, obj):  # type: ignore[no-untyped-def]
        audit.record(actor=None, action="essai.ecriture", obj=obj)
        return original(request, verb, obj)

    monkeypatch.setattr(views, "require", require_after_writing)
    report = harness.check_url(world, TABLES, "network:service_mark_fresh", login=login_verified)
    for actor in ("partner", "elected", "departement"):
        assert "refused POST wrote 1 audit entries" in report.failures[actor]

"""Kept values under the tables they were made from (core/table_generations.py,
docs/decisions/0027-kept-values-under-the-tables-they-read.md): a write forgets what read
its table, and only that; what the request read before a value (the reader's access)
counts as read by it; a reader's part passes nothing to the parts after it; what a
thread keeps from its own uncommitted writes is its own."""

from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from maillage.core import table_generations, write_generation
from maillage.core.kept_parts import kept_for_reader
from maillage.territories.models import Organisation, Territory
from tests.factories import OrganisationFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


class _Counted:
    """A value made by reading one model's rows; how many times it was made."""

    def __init__(self, model: Any) -> None:
        self.model, self.made = model, 0

    def __call__(self) -> list[int]:
        self.made += 1
        return sorted(self.model.objects.values_list("pk", flat=True))


def _in_request() -> Any:
    class _Request:
        def __enter__(self) -> None:
            # What Django's request_started and request_finished signals call (sending
            # those would also close the test's connection).
            write_generation._request_started()

        def __exit__(self, *exc: Any) -> None:
            write_generation._request_finished()

    return _Request()


def test_a_write_forgets_only_what_read_its_table() -> None:
    TerritoryFactory()
    OrganisationFactory()
    territories, organisations = _Counted(Territory), _Counted(Organisation)
    # Each in a request of its own: outside one, what a thread read before counts too.
    with _in_request():
        write_generation.kept_until_written("t:territories", territories)
    with _in_request():
        write_generation.kept_until_written("t:organisations", organisations)
    OrganisationFactory()
    with _in_request(), CaptureQueriesContext(connection) as kept:
        write_generation.kept_until_written("t:territories", territories)
    assert territories.made == 1 and not kept.captured_queries
    with _in_request():
        assert len(write_generation.kept_until_written("t:organisations", organisations)) == 2
    assert organisations.made == 2


def test_a_committed_write_replaces_its_tables_token_for_every_process() -> None:
    before = table_generations.tokens(write_generation.current())
    assert before is not None
    with transaction.atomic():
        OrganisationFactory()
        publish = [
            c for _s, c, _r in connection.run_on_commit if isinstance(c, write_generation._Publish)
        ]
    assert len(publish) == 1 and Organisation._meta.db_table in publish[0].tables
    publish[0]()
    after = table_generations.tokens(write_generation.current())
    assert after is not None
    assert after[Organisation._meta.db_table] != before[Organisation._meta.db_table]
    assert after[Territory._meta.db_table] == before[Territory._meta.db_table]
    # Published: the thread's own mark is gone, its values are everyone's again.
    assert Organisation._meta.db_table not in table_generations._state.written


def test_what_a_thread_keeps_from_its_uncommitted_write_is_its_own() -> None:
    read = table_generations.tokens(write_generation.current())
    assert read is not None
    table = Organisation._meta.db_table
    shared = table_generations.signature({table}, read)
    OrganisationFactory()  # inside the test's transaction: not committed
    own = table_generations.signature({table}, read)
    assert own != shared  # another process, reading the shared tokens, never finds it


def test_what_the_request_read_before_a_value_counts_as_read_by_it() -> None:
    TerritoryFactory()
    OrganisationFactory()
    territories = _Counted(Territory)
    with _in_request():
        list(Organisation.objects.all())  # the reader's access, worked out first
        write_generation.kept_until_written("t:after-access", territories)
    OrganisationFactory()
    with _in_request():
        list(Organisation.objects.all())
        write_generation.kept_until_written("t:after-access", territories)
    assert territories.made == 2


def test_a_value_made_from_another_passes_its_tables_on() -> None:
    TerritoryFactory()
    OrganisationFactory()
    inner = _Counted(Territory)
    made_outer: list[int] = []

    def outer() -> int:
        made_outer.append(1)
        return (
            len(write_generation.kept_until_written("t:inner", inner))
            + Organisation.objects.count()
        )

    def outer_after_inner_kept() -> int:
        made_outer.append(1)
        return len(write_generation.kept_until_written("t:inner", inner))

    with _in_request():
        write_generation.kept_until_written("t:outer", outer)
    with _in_request():  # nothing read before it: what it depends on comes from inner
        write_generation.kept_until_written("t:outer-2", outer_after_inner_kept)
    assert inner.made == 1 and len(made_outer) == 2
    TerritoryFactory()
    with _in_request():
        write_generation.kept_until_written("t:outer-2", outer_after_inner_kept)
    assert inner.made == 2 and len(made_outer) == 3


def test_a_readers_part_passes_nothing_to_the_parts_after_it(rf) -> None:  # type: ignore[no-untyped-def]
    TerritoryFactory()
    OrganisationFactory()
    request = rf.get("/")
    request.user = UserFactory()
    request.session = None
    first, second = _Counted(Organisation), _Counted(Territory)

    def page() -> None:
        # Inside a part around them, as a first screen's blocks are.
        kept_for_reader(
            request,
            "page",
            lambda: (
                kept_for_reader(request, "first", lambda: str(first()))
                + kept_for_reader(request, "second", lambda: str(second()))
            ),
        )

    with _in_request():
        page()
    OrganisationFactory()
    with _in_request():
        page()
    assert first.made == 2  # its table written
    assert second.made == 1  # made after the first, from another table


def test_a_savepoint_rolled_back_forgets_what_was_kept_from_it() -> None:
    organisations = _Counted(Organisation)
    with transaction.atomic():
        OrganisationFactory()
        assert len(write_generation.kept_until_written("t:undone", organisations)) == 1
        transaction.set_rollback(True)
    assert write_generation.kept_until_written("t:undone", organisations) == []
    assert organisations.made == 2


def test_a_write_to_a_table_no_model_declares_forgets_everything() -> None:
    territories = _Counted(Territory)
    write_generation.kept_until_written("t:undeclared", territories)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE scratch_rows (n integer)")
        cursor.execute("INSERT INTO scratch_rows (n) VALUES (1)")
    write_generation.kept_until_written("t:undeclared", territories)
    assert territories.made == 2


def test_reads_are_found_after_from_and_join_and_only_for_declared_tables() -> None:
    found = table_generations.tables_read(
        'SELECT "a"."id" FROM "territories_territory" a '
        'INNER JOIN "territories_organisation" b ON (a."id" = b."id") '
        "WHERE a.id IN (SELECT U0.id FROM territories_membership U0) "
        'AND EXISTS (SELECT 1 FROM "not_a_table")'
    )
    assert found == {"territories_territory", "territories_organisation", "territories_membership"}


def test_what_the_actor_remembers_counts_as_read_by_each_block_using_it(rf) -> None:  # type: ignore[no-untyped-def]
    """``Actor.remember`` reads once per request what several blocks show (a partner's own
    fiches): the second block reads nothing, yet depends on what the first read."""
    from maillage.core import access

    OrganisationFactory()
    person = UserFactory()
    made = {"first": 0, "second": 0}

    def page() -> list[str]:
        request = rf.get("/")
        request.user = type(person).objects.get(pk=person.pk)  # a request's own user
        request.session = None
        actor = access.actor_for(request.user)

        def block(name: str) -> str:
            def make() -> str:
                made[name] += 1
                pks = actor.remember("organisations", lambda: list(Organisation.objects.all()))
                return str(len(pks))

            return str(kept_for_reader(request, name, make))

        with _in_request():
            return [block("first"), block("second")]

    assert page() == ["1", "1"]
    OrganisationFactory()
    assert page() == ["2", "2"]
    assert made == {"first": 2, "second": 2}


def test_a_sign_in_changes_nothing_kept(client) -> None:  # type: ignore[no-untyped-def]
    """Each request reads its reader's account first, so every part depends on the
    accounts table; a sign-in only records its time there, which no kept page shows."""
    person = UserFactory()
    accounts = _Counted(type(person))
    with _in_request():
        write_generation.kept_until_written("t:accounts", accounts)
    client.force_login(person)  # Django's update_last_login writes the account
    with _in_request():
        write_generation.kept_until_written("t:accounts", accounts)
    assert accounts.made == 1
    assert write_generation.is_write(
        'UPDATE "accounts_user" SET "last_login" = %s, "full_name" = %s WHERE "id" = %s'
    )
    person.full_name = "Personne Renommée"
    person.save(update_fields=["full_name"])
    with _in_request():
        write_generation.kept_until_written("t:accounts", accounts)
    assert accounts.made == 2

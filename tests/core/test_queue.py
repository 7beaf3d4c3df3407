"""core.queue: services enqueue tasks by name, after their transaction commits."""

import pytest
from django.db import transaction

from maillage.core import queue


class FakeTask:
    def __init__(self):
        self.calls = []

    def enqueue(self, **kwargs):
        self.calls.append(kwargs)


def test_every_app_task_is_registered_by_name():
    from maillage.network.tasks import apply_import

    assert queue.task_named("network.apply_import") is apply_import
    for name in (
        "accounts.send_templated_email",
        "governance.send_invitations",
        "network.validate_import",
        "observatory.import_dataset",
        "observatory.generate_report",
    ):
        assert queue.task_named(name) is not None


def test_an_unknown_name_fails_in_the_service_not_in_the_worker():
    with pytest.raises(LookupError, match=r"AppConfig\.ready"):
        queue.enqueue_on_commit("network.no_such_task", batch_id=1)


@pytest.fixture
def registry(monkeypatch):
    """The tests' own names do not stay registered."""
    monkeypatch.setattr(queue, "_TASKS", dict(queue._TASKS))


def test_two_tasks_cannot_share_a_name(registry):
    queue.register("tests.shared")(FakeTask())
    with pytest.raises(ValueError, match=r"tests\.shared"):
        queue.register("tests.shared")(FakeTask())


@pytest.mark.django_db(transaction=True)
def test_the_task_is_enqueued_on_commit_and_not_after_a_rollback(registry):
    task = queue.register("tests.on_commit")(FakeTask())
    with transaction.atomic():
        queue.enqueue_on_commit("tests.on_commit", n=1)
        assert task.calls == []
    assert task.calls == [{"n": 1}]

    with pytest.raises(RuntimeError), transaction.atomic():
        queue.enqueue_on_commit("tests.on_commit", n=2)
        raise RuntimeError
    assert task.calls == [{"n": 1}]

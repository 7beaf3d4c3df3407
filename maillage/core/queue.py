"""Background work enqueued by name, so that services never import tasks.

A task module sits above the services it calls (a task applies an import through the
network's services; a service must not import that task back, or the two import each
other). So a task registers itself under a name, and a service asks for it by that name
once its transaction commits::

    # maillage/network/tasks.py
    @queue.register("network.apply_import")
    @task()
    def apply_import(*, batch_id: int) -> None: ...

    # maillage/network/services.py
    queue.enqueue_on_commit("network.apply_import", batch_id=batch.pk)

Each app imports its ``tasks`` module in ``AppConfig.ready()``, so every name is known
before any request or worker runs. The import-linter contract "Services do not import
tasks" (pyproject.toml) keeps it that way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import transaction

T = TypeVar("T")

_TASKS: dict[str, Any] = {}


def register(name: str) -> Callable[[T], T]:
    """Put a ``django_tasks`` task under ``name`` (``"<app>.<what it does>"``)."""

    def decorator(task: T) -> T:
        known = _TASKS.get(name)
        if known is not None and known is not task:
            raise ValueError(f"Two tasks are registered as {name!r}.")
        _TASKS[name] = task
        return task

    return decorator


def task_named(name: str) -> Any:
    try:
        return _TASKS[name]
    except KeyError:
        raise LookupError(
            f"No task is registered as {name!r}: is the app's tasks module imported in "
            "its AppConfig.ready()?"
        ) from None


def enqueue_on_commit(name: str, **kwargs: Any) -> None:
    """Enqueue the task once the current transaction commits (at once outside one), so
    that a worker never reads rows that are not there yet, nor runs for a write that was
    rolled back. The name is checked now, so that a typo fails in the service."""
    task = task_named(name)
    transaction.on_commit(lambda: task.enqueue(**kwargs))

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
# Task module path → what to do when a worker died while running it (core/workers.py).
_ON_ABANDONED: dict[str, Callable[..., None]] = {}


def register(name: str, *, on_abandoned: Callable[..., None] | None = None) -> Callable[[T], T]:
    """Put a ``django_tasks`` task under ``name`` (``"<app>.<what it does>"``).

    ``on_abandoned`` is called with the task's keyword arguments when the worker running
    it died (SIGKILL, out of memory, host lost): it marks the app's object failed and tells
    its user, and the task is not run again. Without it, an abandoned task is run once
    more (core/workers.py)."""

    def decorator(task: T) -> T:
        known = _TASKS.get(name)
        if known is not None and known is not task:
            raise ValueError(f"Two tasks are registered as {name!r}.")
        _TASKS[name] = task
        if on_abandoned is not None:
            _ON_ABANDONED[task.module_path] = on_abandoned  # type: ignore[attr-defined]
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


def abandoned_handler(task_path: str) -> Callable[..., None] | None:
    """What ``register(on_abandoned=…)`` named for the task at ``task_path``, if anything."""
    return _ON_ABANDONED.get(task_path)


def enqueue_on_commit(name: str, **kwargs: Any) -> None:
    """Enqueue the task once the current transaction commits (at once outside one), so
    that a worker never reads rows that are not there yet, nor runs for a write that was
    rolled back. The name is checked now, so that a typo fails in the service."""
    task = task_named(name)
    transaction.on_commit(lambda: task.enqueue(**kwargs))

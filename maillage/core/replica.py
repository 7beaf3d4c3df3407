"""Heavy read-only selectors on a PostgreSQL replica (docs/scaling.md).

When ``DATABASE_REPLICA_URL`` is set (``settings.REPLICA_READS``), the selectors that read
much and write nothing (the observatory's figures, the searches, the exports) read from
the ``replica`` alias; everything else reads and writes the primary (``default``).

A replica lags a little behind its primary, so a read that follows a write must not go
there: the person would not see what they just saved. Hence:

- only code inside ``use_replica()`` (or a function decorated with ``@reads``) may read
  from the replica, and only inside a request (``ReplicaMiddleware`` opens the scope;
  tasks, commands and the shell read the primary);
- a request that is not GET/HEAD/OPTIONS, or that already wrote through the ORM
  (``ReplicaRouter.db_for_write`` notes every write), reads the primary from then on;
- a response to a request that wrote sets a short cookie (``STICKY_COOKIE``, a few
  seconds) so that the page it redirects to reads the primary too.

Writes made with raw SQL are not seen by the router: code that writes so must not run
inside ``use_replica()``."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import QuerySet

from maillage.core.db_cache import is_cache_model

REPLICA = "replica"
PRIMARY = "default"
STICKY_COOKIE = "mlg_primary"
STICKY_SECONDS = 10
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

F = TypeVar("F", bound=Callable[..., Any])
Q = TypeVar("Q", bound=QuerySet)


@dataclass
class _Scope:
    wrote: bool = False
    depth: int = 0


_scope: ContextVar[_Scope | None] = ContextVar("maillage_replica_scope", default=None)


def enabled() -> bool:
    return bool(getattr(settings, "REPLICA_READS", False)) and REPLICA in settings.DATABASES


def note_write() -> None:
    scope = _scope.get()
    if scope is not None:
        scope.wrote = True


def alias() -> str:
    """Where a read made now, inside ``use_replica()``, goes."""
    scope = _scope.get()
    if scope is None or scope.wrote or not scope.depth or not enabled():
        return PRIMARY
    return REPLICA


@contextmanager
def use_replica() -> Iterator[None]:
    """Reads made inside go to the replica, unless this request wrote already."""
    scope = _scope.get()
    if scope is None:
        yield
        return
    scope.depth += 1
    try:
        yield
    finally:
        scope.depth -= 1


def reads(func: F) -> F:
    """A selector whose queries all run before it returns (lists, dicts, figures)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with use_replica():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def pinned(queryset: Q) -> Q:
    """A queryset evaluated later (a streamed export), fixed now to the replica when a
    read made here would go there."""
    with use_replica():
        where = alias()
    return queryset.using(where) if where == REPLICA else queryset


@contextmanager
def request_scope(*, wrote: bool = False) -> Iterator[_Scope]:
    token = _scope.set(_Scope(wrote=wrote))
    try:
        scope = _scope.get()
        assert scope is not None
        yield scope
    finally:
        _scope.reset(token)


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if is_cache_model(model):
            # The shared cache is the primary's table (unlogged: a replica has no copy of
            # it, core/db_cache.py), and holds the write generation a replica would lag on.
            return PRIMARY
        return REPLICA if alias() == REPLICA else None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        if not is_cache_model(model):
            # Keeping a value in the cache writes no data a later read could miss.
            note_write()
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None


class ReplicaMiddleware:
    """Opens the request's scope: a request that is not a read, or that follows a write
    by a few seconds (the cookie), reads the primary throughout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        wrote = request.method not in SAFE_METHODS or STICKY_COOKIE in request.COOKIES
        with request_scope(wrote=wrote):
            response = self.get_response(request)
            if enabled() and request.method not in SAFE_METHODS:
                response.set_cookie(
                    STICKY_COOKIE,
                    "1",
                    max_age=STICKY_SECONDS,
                    httponly=True,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
        return response

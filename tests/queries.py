"""Query counts per page must not grow with the amount of data."""

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from maillage.core import write_generation


def count_queries(client: Client, path: str, *, status: int = 200, **headers: Any) -> int:
    """How many queries answering ``path`` (with request ``headers``, as ``client.get``
    takes them) ran."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    assert response.status_code == status, (path, response.status_code)
    return len(captured.captured_queries)


def assert_constant_queries(
    client: Client,
    path: str | Callable[[], str],
    grow: Callable[[int], Any],
    *,
    factor: int = 10,
) -> int:
    """Count the page's queries, multiply the data by ``factor`` with ``grow(factor - 1)``,
    count again: the second must not be larger. Returns the count."""
    resolve = path if callable(path) else (lambda: path)
    client.get(resolve())  # warm caches (content types, sessions) so both counts compare
    before = count_queries(client, resolve())
    grow(factor - 1)
    # Warm again: caches that the growth invalidated (a territory's counts) refill once.
    client.get(resolve())
    after = count_queries(client, resolve())
    # The bar is "does not grow": a first screen may skip a query once its lists are full
    # (one fewer at 10×), never add one.
    assert after <= before, f"{resolve()}: {before} queries at 1×, {after} at {factor}×"
    return after


def made_again(path: str) -> Callable[[], str]:
    """``path``, each time after the write generation is replaced: a page whose parts are
    kept for their reader until the next write (core/kept_parts.py) is counted as it is
    made, not as it is served kept."""

    def resolve() -> str:
        write_generation.replace()
        return path

    return resolve

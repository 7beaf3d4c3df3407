"""What the standalone benchmark modules share (bench_community.py, bench_network.py):
their own database dropped and created, Django set up and migrated on it, a URLconf of
the project's URLs plus a trivial view to compare with, and the timing of requests.

Importing this module loads no Django model: a standalone module points
``DATABASE_URL`` at its database first, then calls ``django_setup``."""

from __future__ import annotations

import time
from typing import Any


def setup_database(db_url: str) -> None:
    """Drop and create the database named at the end of ``db_url``."""
    import psycopg

    admin_url = db_url.rsplit("/", 1)[0] + "/postgres"
    name = db_url.rsplit("/", 1)[1]
    with psycopg.connect(
        admin_url.replace("postgres://", "postgresql://"), autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def django_setup() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def trivial(request: Any) -> Any:
    """No query, no template (as bench/urls.py's): the floor every request pays."""
    from django.http import HttpResponse

    return HttpResponse("ok")


def urlpatterns_with_trivial() -> list[Any]:
    """The project's URLs and ``/bench/trivial/``."""
    from django.urls import path

    from maillage.urls import urlpatterns as project

    return [path("bench/trivial/", trivial), *project]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def time_requests(client: Any, paths: list[str], runs: int) -> list[float]:
    """Milliseconds per request, ``runs`` times each path after three warm-up requests
    (every answer must be 200)."""
    samples = []
    for path in paths:
        for _ in range(3):
            assert client.get(path).status_code == 200, path
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(path)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, path
    return samples

"""What the standalone benchmark modules share (bench_community.py, bench_network.py,
bench_programme.py, bench_evaluation.py): their own database (dropped and created, or
kept between runs), Django set up and migrated on it with production's database cache, a URLconf of the project's URLs
plus a trivial view to compare with, a signed-in client, the timing of requests and
pages, and the programme's frame (partners, a coordinator, axes and objectives).

Importing this module loads no Django model: a standalone module points
``DATABASE_URL`` at its database first, then calls ``django_setup``."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
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


def ensure_database(url: str) -> None:
    """Create the database named at the end of ``url`` when it is missing: a module that
    keeps its data between runs (and builds it once) starts from it. PostgreSQL only."""
    import psycopg

    base, _, name = url.rpartition("/")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("This benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…")
    admin = psycopg.connect(
        f"{base}/postgres".replace("postgres://", "postgresql://", 1), autocommit=True
    )
    exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if not exists:
        admin.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def django_setup() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    production_cache()


def production_cache() -> None:
    """The shared cache production has (the database's by default), in place of the
    test settings' in-process one (the standalone modules run on those): a page kept for
    its reader is then read from it, and one made after a write writes to it, as in
    production. Called once the database is migrated."""
    from django.core.management import call_command
    from django.test.utils import override_settings

    # As base.py sets it, before the test settings put theirs in its place.
    from maillage.settings.base import CACHES

    override_settings(CACHES=CACHES).enable()
    call_command("createcachetable", verbosity=0)


def trivial(request: Any) -> Any:
    """No query, no template (as bench/urls.py's): the floor every request pays."""
    from django.http import HttpResponse

    return HttpResponse("ok")


def urlpatterns_with_trivial() -> list[Any]:
    """The project's URLs and ``/bench/trivial/``."""
    from django.urls import path

    from maillage.urls import urlpatterns as project

    return [path("bench/trivial/", trivial), *project]


def serve(urlconf: str, urlpatterns: list[Any]) -> None:
    """Django set up, the site and the trivial view served by the module ``urlconf``
    (its ``urlpatterns`` list, filled here) for any host, then the database migrated."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ROOT_URLCONF = urlconf
    settings.ALLOWED_HOSTS = ["*"]
    urlpatterns[:] = urlpatterns_with_trivial()
    call_command("migrate", verbosity=0)
    production_cache()


def signed_in_client(user: Any) -> Any:
    """A test client signed in as ``user``, its second factor already verified."""
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or (
        TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    )
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


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


# A page's label ending so is measured as made after a write: its reader's kept copy
# (core/kept_parts.py) forgotten before each call, outside the timing. Reported, held to
# no 10× bar (docs/decisions/0025).
AFTER_WRITE = ", after a write"


def made_again(label: str) -> None:
    """Before a call of a page labelled ``…, after a write``: its kept copy forgotten."""
    if label.endswith(AFTER_WRITE):
        from maillage.core import write_generation

        write_generation.replace()


def time_pages(
    client: Any, paths: dict[str, str], runs: int, warmup: int = 5, seed: int = 17
) -> dict[str, dict[str, Any]]:
    """Pages timed ``runs`` rounds after ``warmup`` requests each (every answer must be
    200): p50/p95 in milliseconds, SQL query count and size, keyed like ``paths``. Each
    round calls every page once in a shuffled order, so that a slow minute of a shared
    machine hits a page and the trivial view it is divided by alike (as
    ``bench_governance.py`` and the department's harness do)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    figures: dict[str, dict[str, Any]] = {}
    for label, path in paths.items():
        for _ in range(warmup):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        reset_queries()
        made_again(label)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        figures[label] = {
            "path": path,
            "queries": len(captured.captured_queries),
            "bytes": len(response.content),
        }
    durations: dict[str, list[float]] = {label: [] for label in paths}
    shuffle = random.Random(seed).shuffle
    # The pages made after a write are timed apart (with the trivial view): their write
    # would make every page of the round after it again.
    made = [(label, path) for label, path in paths.items() if label.endswith(AFTER_WRITE)]
    kept = [(label, path) for label, path in paths.items() if (label, path) not in made]
    trivial = [(label, path) for label, path in kept if path == "/bench/trivial/"]
    for order in [kept, trivial + made] if made else [kept]:
        for _ in range(runs):
            shuffle(order)
            for label, path in order:
                made_again(label)
                started = time.perf_counter()
                response = client.get(path)
                durations[label].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, path
    for label, samples in durations.items():
        figures[label]["p50_ms"] = round(statistics.median(samples), 2)
        figures[label]["p95_ms"] = round(percentile(samples, 95), 2)
    return figures


# --------------------------------------------------------------------------- programme frame


def partner_organisations(territory: Any, name: Callable[[int], str], count: int = 40) -> list:
    """``count`` associations (named ``name(n)``), partners of ``territory``, in bulk."""
    from maillage.core.text import fold
    from maillage.territories.models import Organisation, Partnership

    organisations = Organisation.objects.bulk_create(
        [
            Organisation(name=name(n), kind="association", search_text=fold(name(n)))
            for n in range(count)
        ]
    )
    Partnership.objects.bulk_create(
        [Partnership(territory=territory, organisation=o) for o in organisations]
    )
    return organisations


def coordinate(user: Any, territory: Any, organisation: Any) -> None:
    """``user`` coordinates ``territory`` for ``organisation``."""
    from maillage.core.roles import Role
    from maillage.territories.models import Membership

    Membership.objects.create(
        user=user, territory=territory, organisation=organisation, role=Role.COORDINATOR
    )


def objectives(territory: Any) -> list:
    """Four axes of five objectives each (``1.1`` … ``4.5``), through the services."""
    from maillage.programme import services

    made = []
    for number in range(1, 5):
        axis = services.create_axis(
            actor=None,
            territory=territory,
            number=number,
            short_name=f"Axe {number}",
            title=f"Axe {number}",
        )
        for k in range(1, 6):
            made.append(
                services.create_objective(
                    actor=None, axis=axis, code=f"{number}.{k}", title=f"Objectif {k}"
                )
            )
    return made


def action_row(territory: Any, objective: Any, n: int, title: str, **fields: Any) -> Any:
    """The ``n``-th fiche of ``territory`` under ``objective`` (code ``<objective>.<n>``),
    unsaved, for ``bulk_create``: with the computed columns the model's ``save`` keeps."""
    from maillage.core.text import fold
    from maillage.programme.models import Action, natural_key

    code = f"{objective.code}.{n}"
    return Action(
        territory=territory,
        objective=objective,
        code=code,
        title=title,
        search_text=fold(f"{code} {title}"),
        sort_key=natural_key(code),
        **fields,
    )

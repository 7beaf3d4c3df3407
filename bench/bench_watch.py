"""Benchmark of the veille on PostgreSQL: 20,000 signals and 100,000 corroborations in a
territory (a tenth of both first, to prove the query counts do not grow).

Standalone: it creates and migrates its own database ``bench_watch`` (the name of
``BENCH_DATABASE_URL``), fills one commune with 200 partner organisations, a cellule de
veille, 12 quartiers and 40 IRIS, then the signals (two years of them, every status,
both audiences, on a quartier, an IRIS or the whole territory) and their corroborations
with ``bulk_create``. It times whole requests through Django's test client, interleaved
with a trivial view of the same actor (same middleware, session, user):

- the cellule's triage inbox (as the coordinator, a cellule member);
- the list with filters (thématique, status, place, organisation) as a cellule member
  and as a partner outside the cellule (who sees the signals open to all partners and
  their own organisation's);
- the map of open signals by quartier (both actors) and the note de veille (cellule).

For each: p50 / p95 in ms, the ratio to the trivial view, and the query count at 1/10
and at full size (they must be equal: the run fails otherwise).

Run: ``.venv/bin/python bench/bench_watch.py`` (``BENCH_DATABASE_URL`` to point
elsewhere, ``--runs`` for the timed runs per page, ``--json`` to write the figures)."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

# Run as a script by `make bench` (bench/runner.py): it builds its own data on its own database.
STANDALONE = True
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_watch")
os.environ["DATABASE_URL"] = DB_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings.test")

SIGNALS = 20_000
CORROBORATIONS = 100_000
THEMATIQUES = [
    "famille--garde-denfants",
    "sante--acces-aux-soins",
    "logement-hebergement--reduire-les-impayes-de-loyer",
    "logement-hebergement--se-maintenir-dans-le-logement",
    "sante--acces-aux-soins",
    "numerique--acceder-a-des-services-en-ligne",
    "trouver-un-emploi--repondre-a-des-offres-demploi",
    "remobilisation--lien-social",
]
PHENOMENA = [
    ("Retards de développement psychomoteur", "observés chez les enfants de 2 à 4 ans"),
    ("Parents sans mode de garde en horaires atypiques", "entre 5 h et 7 h du matin"),
    ("Accidents domestiques récurrents", "chez les moins de 6 ans, surtout en cuisine"),
    ("Impayés de loyer en hausse", "chez des ménages jusqu'ici sans difficulté"),
    ("Renoncement aux soins", "faute de médecin traitant dans le quartier"),
    ("Démarches en ligne impossibles", "pour des personnes âgées sans équipement"),
]


def setup_database() -> None:
    import psycopg

    admin_url = DB_URL.rsplit("/", 1)[0] + "/postgres"
    name = DB_URL.rsplit("/", 1)[1]
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
    from django.http import HttpResponse

    # Like the harness's trivial view: the user is read, as every page does.
    return HttpResponse("ok" if request.user.is_authenticated else "anonymous")


def _urlpatterns() -> list[Any]:
    from django.urls import path

    from maillage.urls import urlpatterns as project

    return [path("bench/trivial/", trivial), *project]


def _square(n: int, size: float) -> dict[str, Any]:
    x = 2.50 + (n % 8) * size
    y = 48.90 + (n // 8) * size
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def build_world() -> dict[str, Any]:
    from maillage.core.roles import Role
    from maillage.governance.models import Body
    from maillage.territories import services as territory_services
    from maillage.territories.models import GeoUnit, Territory
    from tests.factories import member
    from tests.governance import builders as governance

    territory = territory_services.create_territory(
        actor=None,
        name="Commune de mesure",
        slug="mesure",
        insee_code="93014",
        kind=Territory.Kind.COMMUNE,
    )
    organisations = [
        territory_services.create_organisation(
            actor=None, territory=territory, name=f"Organisation {i}", kind="association"
        )
        for i in range(200)
    ]
    governance.body(
        territory, name="Cellule de veille", kind=Body.Kind.WATCH, members=organisations[:10]
    )
    places = GeoUnit.objects.bulk_create(
        [
            GeoUnit(
                territory=territory,
                kind=GeoUnit.Kind.QUARTIER,
                code=f"Q{n:02d}",
                name=f"Quartier {n}",
                geometry=_square(n, 0.01),
            )
            for n in range(12)
        ]
        + [
            GeoUnit(
                territory=territory,
                kind=GeoUnit.Kind.IRIS,
                code=f"93014{n:04d}",
                name=f"IRIS {n}",
                geometry=_square(n, 0.004),
            )
            for n in range(40)
        ]
    )
    actors = {
        "cell": member(territory, Role.PARTNER, organisations[0], email="cellule@mesure.test"),
        "partner": member(
            territory, Role.PARTNER, organisations[150], email="partenaire@mesure.test"
        ),
    }
    return {
        "territory": territory,
        "organisations": organisations,
        "places": places,
        "actors": actors,
    }


def add_signals(world: dict[str, Any], count: int, corroborations: int, seed: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from maillage.core.text import fold
    from maillage.watch.models import Corroboration, Signal

    rng = random.Random(seed)
    territory = world["territory"]
    organisations = world["organisations"]
    places = world["places"]
    now = timezone.now()
    statuses = [
        (Signal.Status.NEW, 0.2),
        (Signal.Status.QUALIFYING, 0.15),
        (Signal.Status.ORIENTED, 0.15),
        (Signal.Status.CLOSED, 0.5),
    ]
    per_signal = corroborations / count
    signals: list[Signal] = []
    planned: list[list[Any]] = []
    for number in range(count):
        title, detail = PHENOMENA[rng.randrange(len(PHENOMENA))]
        status = rng.choices([s for s, _w in statuses], [w for _s, w in statuses])[0]
        created = now - datetime.timedelta(days=rng.randrange(730), minutes=rng.randrange(1440))
        place = None if rng.random() < 0.1 else places[rng.randrange(len(places))]
        corroborating = [
            organisations[rng.randrange(len(organisations))]
            for _n in range(rng.randint(0, round(2 * per_signal)))
        ]
        title = f"{title} n° {number}"
        description = f"{title} {detail}."
        signals.append(
            Signal(
                territory=territory,
                title=title,
                description=description,
                thematique=THEMATIQUES[rng.randrange(len(THEMATIQUES))],
                place=place,
                observed_since=created.date(),
                trend=rng.choice(list(Signal.Trend.values)),
                situations_count=rng.randint(1, 40),
                organisation=organisations[rng.randrange(len(organisations))],
                audience=rng.choice(list(Signal.Audience.values)),
                status=status,
                status_changed_at=created,
                closed_at=created + datetime.timedelta(days=30)
                if status == Signal.Status.CLOSED
                else None,
                corroboration_count=len(corroborating),
                corroborating_orgs=len({o.pk for o in corroborating}),
                search_title=fold(title),
                search_body=fold(description),
            )
        )
        planned.append(corroborating)
    with transaction.atomic():
        created_signals = Signal.objects.bulk_create(signals, batch_size=2000)
        # created_at is set on insert: spread it over two years as the data would be.
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE watch_signal SET created_at = %s WHERE id = %s",
                [(s.status_changed_at, s.pk) for s in created_signals],
            )
        rows = [
            Corroboration(signal=s, organisation=o, situations_count=2, note="")
            for s, orgs in zip(created_signals, planned, strict=True)
            for o in orgs
        ]
        # Exactly the number asked for: trim or top up on random signals.
        while len(rows) < corroborations:
            rows.append(
                Corroboration(
                    signal=created_signals[rng.randrange(len(created_signals))],
                    organisation=organisations[rng.randrange(len(organisations))],
                    situations_count=1,
                    note="",
                )
            )
        Corroboration.objects.bulk_create(rows[:corroborations], batch_size=5000)
    # What autovacuum would have done after such a load: statistics for the planner, and
    # the visibility map that lets counts read the indexes alone.
    with connection.cursor() as cursor:
        for table in (
            "watch_signal",
            "watch_corroboration",
            "territories_organisation",
            "territories_partnership",
            "territories_geounit",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def pages(world: dict[str, Any]) -> list[tuple[str, str, str]]:
    from urllib.parse import urlencode

    slug = world["territory"].slug
    base = f"/territoires/{slug}/veille/"
    place = world["places"][3].pk
    organisation = world["organisations"][7].pk
    filters = urlencode({"thematique": "famille", "status": "new", "place": place})
    # A partner outside the cellule sees fewer signals: filters that still find some at
    # both sizes (an empty page skips the page's fetch, one query less).
    partner_filters = urlencode({"thematique": "famille", "status": "new"})
    return [
        ("triage inbox", base + "tri/", "cell"),
        ("triage inbox, waiting longest", base + "tri/?etat=new", "cell"),
        ("list", base, "cell"),
        ("list, filtered", f"{base}?{filters}", "cell"),
        ("list, by thématique", f"{base}?thematique=logement-hebergement", "partner"),
        ("list, filtered", f"{base}?{partner_filters}", "partner"),
        ("list, by organisation", f"{base}?organisation={organisation}", "cell"),
        ("map by quartier", base + "syntheses/carte/", "cell"),
        ("map by quartier", base + "syntheses/carte/", "partner"),
        ("map by IRIS", base + "syntheses/carte/?niveau=iris", "cell"),
        ("note de veille", base + "syntheses/note-de-veille/", "cell"),
    ]


def count_queries(client: Any, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured.captured_queries)


def measure(clients: dict[str, Any], world: dict[str, Any], runs: int) -> dict[str, dict]:
    """Each round calls every page and each actor's trivial view once, shuffled, so that a
    slow moment of the shared machine hits a page and its baseline alike."""
    listed = pages(world)
    calls = [(f"{label} [{actor}]", path, actor) for label, path, actor in listed] + [
        (f"trivial view [{actor}]", "/bench/trivial/", actor) for actor in clients
    ]
    samples: dict[str, list[float]] = {key: [] for key, _p, _a in calls}
    rng = random.Random(0)
    for _key, path, actor in calls:
        for _ in range(3):
            assert clients[actor].get(path).status_code == 200, path
    for _round in range(runs):
        rng.shuffle(calls)
        for key, path, actor in calls:
            started = time.perf_counter()
            response = clients[actor].get(path)
            samples[key].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
    results = {}
    for label, path, actor in listed:
        key = f"{label} [{actor}]"
        floor = samples[f"trivial view [{actor}]"]
        results[key] = {
            "queries": count_queries(clients[actor], path),
            "p50_ms": round(statistics.median(samples[key]), 1),
            "p95_ms": round(percentile(samples[key], 95), 1),
            "p50_ratio": round(statistics.median(samples[key]) / statistics.median(floor), 1),
            "p95_ratio": round(percentile(samples[key], 95) / percentile(floor, 95), 1),
        }
    for actor in clients:
        floor = samples[f"trivial view [{actor}]"]
        results[f"trivial view [{actor}]"] = {
            "queries": count_queries(clients[actor], "/bench/trivial/"),
            "p50_ms": round(statistics.median(floor), 1),
            "p95_ms": round(percentile(floor, 95), 1),
            "p50_ratio": 1.0,
            "p95_ratio": 1.0,
        }
    return results


def print_table(title: str, results: dict[str, dict]) -> None:
    print(f"\n{title}")
    print(
        f"{'page [actor]':<42} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'p50 ÷':>7} {'p95 ÷':>7}"
    )
    for key, row in results.items():
        print(
            f"{key:<42} {row['queries']:>7} {row['p50_ms']:>8} {row['p95_ms']:>8} "
            f"{row['p50_ratio']:>6}× {row['p95_ratio']:>6}×"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--json", type=Path, help="write the figures to this file too")
    args = parser.parse_args()
    setup_database()
    django_setup()
    global urlpatterns
    urlpatterns = _urlpatterns()
    from django.test import Client
    from django.test.utils import override_settings

    from tests.conftest import login_verified

    world = build_world()
    clients = {}
    for name, user in world["actors"].items():
        clients[name] = Client()
        login_verified(clients[name], user)
    results: dict[str, dict[str, dict]] = {}
    failures = []
    with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
        loaded = (0, 0)
        for signals, corroborations in (
            (SIGNALS // 10, CORROBORATIONS // 10),
            (SIGNALS, CORROBORATIONS),
        ):
            started = time.perf_counter()
            add_signals(world, signals - loaded[0], corroborations - loaded[1], seed=signals)
            loaded = (signals, corroborations)
            print(
                f"{signals} signals, {corroborations} corroborations "
                f"({time.perf_counter() - started:.0f} s to load)",
                flush=True,
            )
            results[str(signals)] = measure(clients, world, args.runs)
            print_table(
                f"{signals} signals / {corroborations} corroborations", results[str(signals)]
            )
    small, large = results[str(SIGNALS // 10)], results[str(SIGNALS)]
    for key, row in large.items():
        if small[key]["queries"] != row["queries"]:
            failures.append(f"QUERY COUNT GROWS: {key}: {small[key]['queries']} → {row['queries']}")
    summary = {"results": results, "failures": failures}
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    if failures:
        print("BENCH FAILED:\n  - " + "\n  - ".join(failures), file=sys.stderr)
        raise SystemExit(1)
    print("\nQuery counts are the same at both sizes.")


urlpatterns: list = []

if __name__ == "__main__":
    main()

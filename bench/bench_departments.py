"""Benchmark of the departmental views on PostgreSQL: a Département's home and its
engagements across its communes (docs/departments.md, "Engagements").

Standalone, like ``bench_governance.py``: its own database, data, timing and a trivial view.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_departments \
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/bench_departments.py [--runs 40] [--json results.json] \
        [--fiches 300 --decisions 5000] [--check]

The data: a Département whose organisation has three services (PMI, service social, ASE),
and 40 communes, each with 300 fiches actions and 5,000 decisions (a quarter with a
follow-up task) and a few conventions, engaging the Département's services and local
partners. The communes share at each level: three in five in detail, one in five as
aggregates, one in five nothing (core/sharing.py).

What it measures, as the Département's agent (a partner-level role on the département):
the departmental home ``/territoires/<département>/``, the engagements page (all, then
the PMI's overdue tasks, then its last page), its CSV-free API list; p50 and p95 over
``--runs`` rounds, the ratio to the same actor's trivial view, and the query count with
10 communes, then with 40: the two must be equal. The database is
``<BENCH_DATABASE_URL's name>_departments`` (created, then dropped).
"""

from __future__ import annotations

import argparse
import datetime
import itertools
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
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
os.environ["TEST_DATABASE_NAME"] = (
    os.environ.get("BENCH_DATABASE_URL", "").rsplit("/", 1)[-1] or "bench"
) + "_departments"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.utils import timezone  # noqa: E402


def trivial(request: Any) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("bench/trivial/", trivial), path("", include("maillage.urls"))]

TRIVIAL = "trivial view"
MAX_RATIO_P95 = 10.0
COMMUNES_SMALL = 10
COMMUNES = 40
RNG = random.Random(2026)
COUNTER = itertools.count(1)


# --------------------------------------------------------------------------- data


def build_world() -> dict[str, Any]:
    from maillage.accounts.models import User
    from maillage.core.roles import Role
    from maillage.territories.models import Membership, Organisation, Partnership, Territory

    department = Territory.objects.create(
        name="Département de banc d’essai",
        slug="departement-banc",
        insee_code="93",
        kind="departement",
    )
    council = Organisation.objects.create(name="Conseil départemental", kind="departements")
    Partnership.objects.create(territory=department, organisation=council)
    services = {
        name: Organisation.objects.create(name=name, kind="departements", parent=council)
        for name in ("PMI", "Service social", "ASE")
    }
    agent = User.objects.create_user(
        email="agent@departement.bench", password="x" * 12, full_name="Agent du Département"
    )
    Membership.objects.create(
        user=agent, territory=department, organisation=council, role=Role.PARTNER
    )
    return {
        "department": department,
        "council": council,
        "services": services,
        "agent": agent,
        "communes": [],
    }


def add_communes(world: dict[str, Any], count: int, fiches: int, decisions: int) -> None:
    """``count`` more communes with their programme and register. Inserted in bulk:
    benchmark data, not demo data — the services' validation is what the tests cover."""
    from maillage.core import sharing
    from maillage.core.roles import Visibility
    from maillage.core.text import fold
    from maillage.governance.models import (
        Agreement,
        AgreementSignatory,
        Body,
        Decision,
        FollowUpTask,
    )
    from maillage.programme.models import Action, ActionPartner
    from maillage.territories.models import Organisation, Partnership, Territory

    today = timezone.localdate()
    department = world["department"]
    engaged = [world["council"], *world["services"].values()]
    levels = [
        sharing.Level.DETAILS,
        sharing.Level.DETAILS,
        sharing.Level.DETAILS,
        sharing.Level.AGGREGATES,
        sharing.Level.NONE,
    ]
    statuses = ["idea", "construction", "ongoing", "ongoing", "done", "suspended"]
    for _ in range(count):
        n = len(world["communes"])
        commune = Territory.objects.create(
            name=f"Commune {n:02d}",
            slug=f"commune-banc-{n:02d}",
            insee_code=f"93{n:03d}",
            kind="commune",
            parent=department,
            department_sharing=sharing.everything(levels[n % len(levels)]),
        )
        world["communes"].append(commune)
        local = [
            Organisation.objects.create(name=f"Association {n}-{k}", kind="association")
            for k in range(4)
        ]
        Partnership.objects.bulk_create(
            [Partnership(territory=commune, organisation=o) for o in [*engaged, *local]]
        )
        actions = []
        for k in range(fiches):
            title = f"Fiche {k} de la commune {n}"
            actions.append(
                Action(
                    territory=commune,
                    code=f"{k // 100 + 1}.{k % 100 // 10 + 1}.{k % 10 + 1}",
                    title=title,
                    status=RNG.choice(statuses),
                    visibility=RNG.choice([Visibility.PUBLIC, Visibility.PARTNERS]),
                    starts_on=today - datetime.timedelta(days=RNG.randint(200, 900)),
                    ends_on=today + datetime.timedelta(days=RNG.randint(-300, 600)),
                    search_text=fold(title),
                    sort_key=f"{k:06d}",
                )
            )
        Action.objects.bulk_create(actions, batch_size=2000)
        Through = Action.pilots.through
        Through.objects.bulk_create(
            [
                Through(action_id=a.pk, organisation_id=RNG.choice([*engaged, *local]).pk)
                for a in actions
            ],
            batch_size=5000,
        )
        ActionPartner.objects.bulk_create(
            [
                ActionPartner(action=a, organisation=RNG.choice(engaged), role="Partenaire")
                for a in actions[::3]
            ],
            batch_size=5000,
        )
        body = Body.objects.create(
            territory=commune,
            kind="technical",
            name=f"Comité technique {n}",
            short_name=f"CT {n}",
            visibility=Visibility.PARTNERS,
            documents_visibility=Visibility.PARTNERS,
        )
        rows = []
        for k in range(decisions):
            decided = today - datetime.timedelta(days=RNG.randint(1, 1500))
            text = f"Décision {k} de la commune {n}"
            rows.append(
                Decision(
                    territory=commune,
                    body=body,
                    number=k + 1,
                    decided_on=decided,
                    text=text,
                    search_text=fold(text),
                    owner=RNG.choice([*engaged, *local, *local]),
                    due_date=decided + datetime.timedelta(days=RNG.randint(10, 400)),
                    status=RNG.choice(["open", "open", "done"]),
                )
            )
        Decision.objects.bulk_create(rows, batch_size=5000)
        FollowUpTask.objects.bulk_create(
            [
                FollowUpTask(
                    territory=commune,
                    body=body,
                    decision=d,
                    title=f"Tâche de la décision {d.number} ({n})",
                    owner=RNG.choice([*engaged, *local]),
                    due_date=d.due_date,
                    status=RNG.choice(["pending", "in_progress", "done"]),
                )
                for d in rows[::4]
            ],
            batch_size=5000,
        )
        agreements = Agreement.objects.bulk_create(
            [
                Agreement(
                    territory=commune,
                    kind="convention",
                    title=f"Convention {k} de la commune {n}",
                    signed_on=today - datetime.timedelta(days=400),
                    review_on=today + datetime.timedelta(days=RNG.randint(-100, 300)),
                    visibility=Visibility.PARTNERS,
                )
                for k in range(5)
            ]
        )
        AgreementSignatory.objects.bulk_create(
            [AgreementSignatory(agreement=a, organisation=RNG.choice(engaged)) for a in agreements]
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --------------------------------------------------------------------------- timing


def count_queries(client: Client, url: str) -> int:
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    executed: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    return len(executed)


def measure_all(
    clients: dict[str, Client], targets: dict[str, tuple[str, str]], runs: int
) -> dict[str, dict[str, Any]]:
    """Every page and the trivial view called once per round, in a shuffled order."""
    order = [(name, who, url) for name, (who, url) in targets.items()]
    order += [(f"{TRIVIAL} ({who})", who, "/bench/trivial/") for who in clients]
    samples: dict[str, list[float]] = {name: [] for name, _who, _url in order}
    queries = {name: count_queries(clients[who], url) for name, who, url in order}
    shuffle = random.Random(2026)
    for round_ in range(runs + 3):
        shuffle.shuffle(order)
        for name, who, url in order:
            started = time.perf_counter()
            response = clients[who].get(url)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (url, response.status_code)
            if round_ >= 3:
                samples[name].append(elapsed)
    results = {}
    for name, timings in samples.items():
        cuts = statistics.quantiles(timings, n=20)
        results[name] = {
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(cuts[18], 1),
            "queries": queries[name],
        }
    for name, (who, _url) in targets.items():
        base = results[f"{TRIVIAL} ({who})"]
        result = results[name]
        result["ratio_p50"] = round(result["p50_ms"] / base["p50_ms"], 1)
        result["ratio_p95"] = round(result["p95_ms"] / base["p95_ms"], 1)
    return results


def pages(world: dict[str, Any]) -> dict[str, tuple[str, str]]:
    slug = world["department"].slug
    pmi = world["services"]["PMI"].pk
    base = f"/territoires/{slug}/engagements/"
    return {
        "departmental home": ("agent", f"/territoires/{slug}/"),
        "engagements": ("agent", base),
        "engagements, PMI late tasks": ("agent", f"{base}?service={pmi}&kind=task&overdue=on"),
        "engagements, overdue only": ("agent", f"{base}?overdue=on"),
        "engagements, page 20": ("agent", f"{base}?page=20"),
        "API engagements": ("agent", f"/api/v1/departments/{slug}/engagements"),
    }


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(runs: int, fiches: int, decisions: int, keep: bool = False) -> dict[str, Any]:
    from django.db import connections
    from django.test.utils import get_runner

    if connection.vendor != "postgresql":
        raise SystemExit("This benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…")
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        with override_settings(ROOT_URLCONF="bench_departments", DEBUG=False):
            world = build_world()
            client = Client()
            client.force_login(world["agent"], backend="django.contrib.auth.backends.ModelBackend")
            clients = {"agent": client}
            targets = pages(world)
            started = time.perf_counter()
            add_communes(world, COMMUNES_SMALL, fiches, decisions)
            built = time.perf_counter() - started
            log(f"{COMMUNES_SMALL} communes built in {built:.0f} s; measuring…")
            small = measure_all(clients, targets, max(10, runs // 2))
            started = time.perf_counter()
            add_communes(world, COMMUNES - COMMUNES_SMALL, fiches, decisions)
            built += time.perf_counter() - started
            log(f"{COMMUNES} communes built ({built:.0f} s in all); measuring…")
            from maillage.governance.models import Decision, FollowUpTask
            from maillage.programme.models import Action

            sizes = {
                "communes": len(world["communes"]),
                "fiches": Action.objects.count(),
                "decisions": Decision.objects.count(),
                "tasks": FollowUpTask.objects.count(),
            }
            results = measure_all(clients, targets, runs)
            trivial_ = {who: results.pop(f"{TRIVIAL} ({who})") for who in clients}
            for name, result in results.items():
                before = small[name]
                result["at_small"] = {k: before[k] for k in ("p50_ms", "p95_ms", "queries")}
                result["queries_at_small"] = before["queries"]
                result["constant_queries"] = before["queries"] == result["queries"]
    finally:
        connections.close_all()
        if keep:
            log(f"Kept the database {settings.DATABASES['default']['NAME']} (--keep).")
        else:
            runner.teardown_databases(old)
    return {
        "sizes": sizes,
        "data_built_in_s": round(built, 1),
        "trivial": trivial_,
        "pages": results,
    }


def failures(report: dict[str, Any]) -> list[str]:
    """A query count that grows with the communes, or a p95 over 10× the trivial view."""
    out = []
    for name, r in report["pages"].items():
        if not r["constant_queries"]:
            out.append(
                f"{name}: {r['queries_at_small']} queries at {COMMUNES_SMALL} communes, "
                f"{r['queries']} at {COMMUNES}"
            )
        if r["ratio_p95"] > MAX_RATIO_P95:
            out.append(f"{name}: p95 {r['ratio_p95']}× the trivial view (bar {MAX_RATIO_P95}×)")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--fiches", type=int, default=300, help="fiches actions per commune")
    parser.add_argument("--decisions", type=int, default=5000, help="decisions per commune")
    parser.add_argument("--json", help="write the results to this file")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when a page is over 10× the trivial view at p95",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database afterwards (for bench.explain)"
    )
    args = parser.parse_args()
    report = run(args.runs, args.fiches, args.decisions, keep=args.keep)
    print(f"Data: {report['sizes']} (built in {report['data_built_in_s']} s)")
    small, large = f"q {COMMUNES_SMALL}", f"q {COMMUNES}"
    print(
        f"{'page':30} {'p50 ms':>8} {'p95 ms':>8} {'p50 ÷ triv':>10} {'p95 ÷ triv':>10} "
        f"{'p95 @10':>8} {small:>6} {large:>6}"
    )
    for who, t in report["trivial"].items():
        label = f"{TRIVIAL} ({who})"
        print(
            f"{label:30} {t['p50_ms']:>8} {t['p95_ms']:>8} {1.0:>10} {1.0:>10} "
            f"{'':>8} {'':>6} {t['queries']:>6}"
        )
    for name, r in report["pages"].items():
        flag = "" if r["constant_queries"] else "  ← grows"
        print(
            f"{name:30} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['ratio_p50']:>10} "
            f"{r['ratio_p95']:>10} {r['at_small']['p95_ms']:>8} {r['queries_at_small']:>6} "
            f"{r['queries']:>6}{flag}"
        )
    report["failures"] = failures(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False))
    if not all(r["constant_queries"] for r in report["pages"].values()):
        raise SystemExit("Query counts grew with the number of communes.")
    if args.check and report["failures"]:
        print("BENCH CHECK FAILED:", file=sys.stderr)
        for failure in report["failures"]:
            print(f"  - {failure}", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()

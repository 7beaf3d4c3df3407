"""Benchmark of the programme on PostgreSQL (issue 3, "Must show").

Measures, through the whole Django stack (middleware, sessions, access engine, templates):

- the actions list of a territory with 3,000 actions, unfiltered and filtered;
- the page of an action with 5 years of weekly measurements on several indicators;
- a trivial view behind the same middleware, to give each page a ratio;
- the time to preview and to import a file of 5,000 measurements.

It prints p50/p95 (milliseconds), the ratio of each p50 to the trivial view's, and the
number of SQL queries of each page.

Run it on its own database (it creates it and migrates it when missing):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_programme \\
        .venv/bin/python bench/bench_programme.py [--runs 60] [--rebuild] [--json out.json]

It does not depend on a shared harness: its database, the trivial view and its URLconf,
the signed-in client and the timing come from bench/standalone.py (as for
bench_evaluation.py), so the module runs standalone (a shared ``bench/harness.py`` can
wrap ``run()``, which returns the figures as a dict).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

# Run as a script by `make bench` (bench/runner.py): it builds its own data on its own database.
STANDALONE = True
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings.test")

from bench import standalone  # noqa: E402

SLUG = "bench-programme"
ACTIONS = 3_000
IMPORT_ROWS = 5_000

# --------------------------------------------------------------------------- URLconf

# The bench's own URLconf: the whole site, plus a trivial view behind the same middleware
# (filled by standalone.serve).
urlpatterns: list[Any] = []


# --------------------------------------------------------------------------- data

WORDS = [
    "garderie",
    "insertion",
    "logement",
    "parentalité",
    "prévention",
    "réseau",
    "accompagnement",
    "santé",
    "seniors",
    "jeunes",
    "familles",
    "mobilité",
    "numérique",
    "emploi",
    "quartier",
]


def _build(log: Callable[[str], None]) -> dict[str, Any]:
    """A territory with 3,000 actions (rows written in bulk, with the computed columns the
    models keep), and one action with 5 years of weekly measurements (through the
    services)."""
    from django.db import transaction

    from maillage.core.roles import Visibility
    from maillage.programme import services
    from maillage.programme.models import (
        Action,
        ActionPartner,
        ActionPublic,
        Indicator,
    )
    from maillage.territories.models import GeoUnit, Territory

    rng = random.Random(3)
    with transaction.atomic():
        territory = Territory.objects.create(
            name="Commune de mesure", slug=SLUG, insee_code="99999", kind="commune"
        )
        organisations = standalone.partner_organisations(territory, lambda n: f"Organisation {n}")
        places = GeoUnit.objects.bulk_create(
            [
                GeoUnit(territory=territory, kind="quartier", code=f"Q{n}", name=f"Quartier {n}")
                for n in range(12)
            ]
        )
        from maillage.accounts.models import User

        coordinator = User.objects.create_user(
            email="coordination@bench.test", password="bench-programme-1", full_name="Coordination"
        )
        standalone.coordinate(coordinator, territory, organisations[0])
        objectives = standalone.objectives(territory)
        statuses = list(Action.Status.values)
        visibilities = [Visibility.PUBLIC, Visibility.PARTNERS, Visibility.PARTNERS, "members"]
        rows = []
        for n in range(ACTIONS):
            objective = objectives[n % len(objectives)]
            title = f"Action {n} : {rng.choice(WORDS)} et {rng.choice(WORDS)}"
            rows.append(
                standalone.action_row(
                    territory,
                    objective,
                    n,
                    title,
                    summary=f"Résumé de l’action {n}, {rng.choice(WORDS)}.",
                    status=rng.choice(statuses),
                    visibility=rng.choice(visibilities),
                    starts_on=datetime.date(2015 + n % 10, 1 + n % 12, 1),
                    progress=Decimal(rng.randint(0, 1000)) / 10 if n % 3 else None,
                )
            )
        actions = Action.objects.bulk_create(rows, batch_size=1000)
        Through = Action.pilots.through
        Through.objects.bulk_create(
            [
                Through(action_id=a.pk, organisation_id=o.pk)
                for a in actions
                for o in rng.sample(organisations, rng.randint(1, 2))
            ],
            batch_size=2000,
        )
        ActionPartner.objects.bulk_create(
            [
                ActionPartner(action=a, organisation=o, role="Partenaire")
                for a in actions
                for o in rng.sample(organisations[20:], rng.randint(0, 3))
            ],
            batch_size=2000,
        )
        ActionPublic.objects.bulk_create(
            [
                ActionPublic(action=a, public=p)
                for a in actions
                for p in rng.sample(["familles", "jeunes", "seniors", "demandeurs-emploi"], 2)
            ],
            batch_size=2000,
        )
        PlaceThrough = Action.places.through
        PlaceThrough.objects.bulk_create(
            [PlaceThrough(action_id=a.pk, geounit_id=rng.choice(places).pk) for a in actions],
            batch_size=2000,
        )
        log(f"  {len(actions)} actions written")

        # The action page: 5 years of weekly measurements on four indicators, through the
        # services, with partners, milestones and a journal.
        big = services.create_action(
            actor=None,
            territory=territory,
            code="0.0.1",
            title="Action suivie depuis cinq ans",
            objective=objectives[0],
            pilots=organisations[:2],
            visibility=Visibility.PARTNERS,
            publics=["familles"],
            places=places[:2],
        )
        for organisation in organisations[2:12]:
            services.add_partner(actor=None, action=big, organisation=organisation, role="Appui")
        start = datetime.date(2020, 1, 6)
        for k in range(4):
            indicator = services.create_indicator(
                actor=None,
                action=big,
                name=f"Indicateur {k + 1}",
                unit="personnes",
                baseline_value=Decimal(100),
                baseline_on=datetime.date(2019, 12, 31),
                targets={year: Decimal(100 + 40 * (year - 2019)) for year in range(2020, 2026)},
            )
            weekly = [
                services.MeasurementRow(
                    indicator,
                    start + datetime.timedelta(weeks=w),
                    Decimal(100 + w // 2 + rng.randint(-5, 5)),
                    "Tableau de bord",
                    "",
                )
                for w in range(5 * 52)
            ]
            services.import_measurements(actor=None, territory=territory, rows=weekly)
        for m in range(15):
            services.add_milestone(
                actor=None,
                action=big,
                title=f"Jalon {m}",
                planned_on=start + datetime.timedelta(days=120 * m),
                done_on=start + datetime.timedelta(days=120 * m + 7) if m < 12 else None,
            )
        for j in range(30):
            services.add_journal_entry(
                actor=None,
                action=big,
                text=f"Compte rendu {j}",
                happened_on=start + datetime.timedelta(days=60 * j),
            )

        # Indicators for the import: 100 indicators on 50 actions, 50 dates each.
        targets = actions[:50]
        Indicator.objects.bulk_create(
            [
                Indicator(action=a, name=f"Mesure {k}", unit="personnes")
                for a in targets
                for k in (1, 2)
            ]
        )
    log("  action page and import indicators ready")
    return {"territory": territory}


def _load_or_build(rebuild: bool, log: Callable[[str], None]) -> Any:
    from maillage.territories.models import Territory

    territory = Territory.objects.filter(slug=SLUG).first()
    if territory is not None and rebuild:
        from maillage.accounts.models import User

        territory.actions.all().delete()
        User.objects.filter(email="coordination@bench.test").delete()
        territory.delete()
        territory = None
    if territory is None:
        log("Building the benchmark data (once)…")
        territory = _build(log)["territory"]
    # The statistics autovacuum would have gathered after such inserts: without them the
    # planner counts one fiche where there are 3,000 and sorts them all for a page.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return territory


# --------------------------------------------------------------------------- timing


def _client() -> Any:
    from maillage.accounts.models import User

    return standalone.signed_in_client(User.objects.get(email="coordination@bench.test"))


def _import_file(territory: Any) -> bytes:
    from maillage.core import exports
    from maillage.programme.models import Indicator
    from maillage.programme.roundtrip import measurements as trip

    indicators = list(
        Indicator.objects.filter(action__territory=territory, name__startswith="Mesure ")
        .select_related("action")
        .order_by("pk")
    )
    rows = []
    start = datetime.date(2021, 1, 1)
    per_indicator = IMPORT_ROWS // len(indicators)
    for indicator in indicators:
        for d in range(per_indicator):
            rows.append(
                [
                    indicator.action.code,
                    indicator.action.title,
                    indicator.name,
                    indicator.unit,
                    start + datetime.timedelta(days=7 * d),
                    Decimal(f"{1000 + d}.5"),
                    "Fichier partenaire",
                    "",
                ]
            )
    return exports.write_csv(list(trip.COLUMNS.values()), rows)


def _time_import(territory: Any, repeats: int = 3) -> dict[str, Any]:
    from maillage.accounts.models import User
    from maillage.programme.models import Measurement
    from maillage.programme.roundtrip import measurements as trip

    user = User.objects.get(email="coordination@bench.test")
    data = _import_file(territory)
    previews, applies = [], []
    for _ in range(repeats):
        Measurement.objects.filter(
            indicator__action__territory=territory, indicator__name__startswith="Mesure "
        ).delete()
        started = time.perf_counter()
        report = trip.read(data, "mesures.csv", user=user, territory=territory).report
        previews.append(time.perf_counter() - started)
        assert report.ok and report.created == IMPORT_ROWS, report.summary()
        started = time.perf_counter()
        report = trip.apply(data, "mesures.csv", user=user, territory=territory)
        applies.append(time.perf_counter() - started)
        assert report.ok
    return {
        "rows": IMPORT_ROWS,
        "file_bytes": len(data),
        "preview_s": round(statistics.median(previews), 2),
        "apply_s": round(statistics.median(applies), 2),
    }


def run(runs: int = 60, rebuild: bool = False, log: Callable[[str], None] = print) -> dict:
    standalone.serve(__name__, urlpatterns)
    from django.conf import settings

    from maillage.programme.models import Action, Axis, Measurement

    territory = _load_or_build(rebuild, log)
    client = _client()
    base = f"/territoires/{SLUG}/actions/"
    axis = Axis.objects.get(territory=territory, number=2)
    big = Action.objects.get(territory=territory, code="0.0.1")
    pages = {
        "trivial view": "/bench/trivial/",
        "actions list, unfiltered": base,
        "actions list, filtered": f"{base}?status=ongoing&axis={axis.pk}&q=garderie&sort=-progress",
        "actions list, page 60": f"{base}?page=60",
        "action page (5 years of measurements)": big.get_absolute_url(),
        "action page (5 years of measurements)" + standalone.AFTER_WRITE: big.get_absolute_url(),
    }
    results: dict[str, Any] = {
        "database": settings.DATABASES["default"]["NAME"],
        "actions": Action.objects.filter(territory=territory).count(),
        "measurements_on_action_page": Measurement.objects.filter(indicator__action=big).count(),
        "runs": runs,
        "pages": {},
    }
    log(f"  timing {len(pages)} pages, {runs} interleaved rounds…")
    results["pages"] = standalone.time_pages(client, pages, runs)
    trivial = results["pages"]["trivial view"]["p50_ms"]
    trivial_p95 = results["pages"]["trivial view"]["p95_ms"]
    for figures in results["pages"].values():
        figures["ratio_to_trivial"] = round(figures["p50_ms"] / trivial, 1) if trivial else None
        figures["ratio_p95"] = round(figures["p95_ms"] / trivial_p95, 1) if trivial_p95 else None
    log("  timing the import of 5,000 measurements…")
    results["import"] = _time_import(territory)
    return results


def _print(results: dict[str, Any]) -> None:
    print()
    print(
        f"Programme benchmark — {results['actions']} actions, "
        f"{results['measurements_on_action_page']} measurements on the action page, "
        f"{results['runs']} runs per page, database {results['database']}"
    )
    print()
    print("| page | p50 (ms) | p95 (ms) | p50 × trivial | p95 × trivial | queries |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, f in results["pages"].items():
        print(
            f"| {label} | {f['p50_ms']} | {f['p95_ms']} | {f['ratio_to_trivial']} | "
            f"{f['ratio_p95']} | {f['queries']} |"
        )
    imp = results["import"]
    print()
    print(
        f"Import of {imp['rows']} measurements ({imp['file_bytes'] // 1024} kB CSV): "
        f"preview {imp['preview_s']} s, apply {imp['apply_s']} s (median of 3)"
    )


# Issue 17's bar, as bench_governance.py: a page's p95 within 10× the trivial view's.
MAX_RATIO_P95 = 10.0


def failures(results: dict[str, Any]) -> list[str]:
    """The pages over issue 17's bar."""
    return [
        f"{label}: p95 {f['ratio_p95']}× the trivial view (bar {MAX_RATIO_P95}×)"
        for label, f in results["pages"].items()
        if f.get("ratio_p95") is not None
        and f["ratio_p95"] > MAX_RATIO_P95
        and not label.endswith(standalone.AFTER_WRITE)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the data")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when a page's p95 is over 10× the trivial view's",
    )
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    standalone.ensure_database(url)
    results = run(runs=args.runs, rebuild=args.rebuild)
    _print(results)
    results["failures"] = failures(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    if args.check and results["failures"]:
        print("BENCH CHECK FAILED:", file=sys.stderr)
        for failure in results["failures"]:
            print(f"  - {failure}", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()

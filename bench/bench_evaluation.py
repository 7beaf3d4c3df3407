"""Benchmark of the evaluation on PostgreSQL (issue 15, "Must show").

Standalone, like bench_programme.py (its set-up, client and timing shared with it in
bench/standalone.py): its own database, data and trivial view. Two territories, one with a campaign over 300 fiches and one over
3,000 (each fiche with an indicator, its target and two measurements of the year, a
means line, a bilan in any state, some partner comments). It measures:

- the campaign's progress page (by axis and by pilot, aggregated in SQL) and the list of
  its bilans, as the coordinator: p50/p95, the ratio to the trivial view, and the query
  count at 300 and at 3,000 fiches, which must be equal;
- building the year's snapshot (content, canonical JSON, SHA-256), and closing the
  collection (in a transaction rolled back, so that the run can be repeated);
- generating the "Bilan annuel" from the snapshot of 3,000 fiches: PDF, DOCX and ODT.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_evaluation \\
        .venv/bin/python bench/bench_evaluation.py [--runs 40] [--rebuild] [--json out.json]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

STANDALONE = True
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings.test")

from bench import standalone  # noqa: E402

SIZES = (300, 3_000)
YEAR = 2025
PASSWORD = "bench-evaluation-1"  # noqa: S105 — a local benchmark account

# The bench's own URLconf (filled by standalone.serve).
urlpatterns: list[Any] = []


def _slug(size: int) -> str:
    return f"bench-evaluation-{size}"


def _build(size: int, coordinator: Any, log: Callable[[str], None]) -> None:
    """A territory with ``size`` fiches and an open campaign over all of them, written in
    bulk (the computed columns the models keep included)."""
    from django.db import transaction

    from maillage.core.roles import Visibility
    from maillage.evaluation import services
    from maillage.evaluation.models import Bilan, BilanComment
    from maillage.programme.models import (
        Action,
        ActionPartner,
        Indicator,
        IndicatorTarget,
        MeansLine,
        Measurement,
    )
    from maillage.territories.models import Territory

    rng = random.Random(size)
    with transaction.atomic():
        territory = Territory.objects.create(
            name=f"Commune évaluée ({size})", slug=_slug(size), insee_code=f"9{size:04d}"[:5]
        )
        organisations = standalone.partner_organisations(
            territory, lambda n: f"Partenaire {size}-{n}"
        )
        standalone.coordinate(coordinator, territory, organisations[0])
        objectives = standalone.objectives(territory)
        rows = []
        for n in range(size):
            objective = objectives[n % len(objectives)]
            rows.append(
                standalone.action_row(
                    territory,
                    objective,
                    n,
                    f"Action {n} pour les familles du quartier",
                    status=rng.choice([Action.Status.ONGOING, Action.Status.DONE]),
                    visibility=Visibility.PARTNERS,
                    starts_on=datetime.date(2022, 1, 1),
                )
            )
        actions = Action.objects.bulk_create(rows, batch_size=1000)
        Through = Action.pilots.through
        Through.objects.bulk_create(
            [
                Through(action_id=a.pk, organisation_id=rng.choice(organisations[:20]).pk)
                for a in actions
            ],
            batch_size=2000,
        )
        ActionPartner.objects.bulk_create(
            [
                ActionPartner(
                    action=a, organisation=rng.choice(organisations[20:]), role="Partenaire"
                )
                for a in actions
            ],
            batch_size=2000,
        )
        indicators = Indicator.objects.bulk_create(
            [
                Indicator(
                    action=a,
                    name="Familles accueillies",
                    unit="familles",
                    baseline_value=Decimal(10),
                )
                for a in actions
            ],
            batch_size=2000,
        )
        IndicatorTarget.objects.bulk_create(
            [IndicatorTarget(indicator=i, year=YEAR, value=Decimal(50)) for i in indicators],
            batch_size=2000,
        )
        Measurement.objects.bulk_create(
            [
                Measurement(
                    indicator=i,
                    measured_on=datetime.date(YEAR, month, 1),
                    value=Decimal(rng.randint(10, 60)),
                )
                for i in indicators
                for month in (3, 9)
            ],
            batch_size=2000,
        )
        MeansLine.objects.bulk_create(
            [
                MeansLine(
                    action=a,
                    kind=MeansLine.Kind.BUDGET,
                    organisation=organisations[1],
                    year=YEAR,
                    amount=Decimal(10000),
                )
                for a in actions
            ],
            batch_size=2000,
        )
        campaign = services.open_campaign(
            actor=None,
            territory=territory,
            year=YEAR,
            bilans_due_on=datetime.date(YEAR + 1, 1, 31),
            questionnaire_due_on=datetime.date(YEAR + 1, 2, 15),
            actions=actions,
        )
        states = [Bilan.State.TODO, Bilan.State.DRAFT, Bilan.State.SUBMITTED, Bilan.State.VALIDATED]
        bilans = list(Bilan.objects.filter(campaign=campaign))
        for n, bilan in enumerate(bilans):
            bilan.state = states[n % len(states)]
            if bilan.state != Bilan.State.TODO:
                bilan.version = 1
                bilan.achievements = (
                    f"Réalisations de l’action {n} : ateliers tenus, familles accompagnées."
                )
                bilan.publics_reached = "Familles du quartier."
                bilan.follow_up = rng.choice(Bilan.FollowUp.values)
                bilan.rating = rng.randint(1, 4)
                bilan.indicators = [
                    {
                        "name": "Familles accueillies",
                        "unit": "familles",
                        "baseline": "10",
                        "target": "50",
                        "value": "35",
                        "measured_on": f"{YEAR}-09-01",
                    }
                ]
                bilan.means = [
                    {"label": "Financement", "kind": "budget", "planned": "10000", "used": "9000"}
                ]
        Bilan.objects.bulk_update(
            bilans,
            [
                "state",
                "version",
                "achievements",
                "publics_reached",
                "follow_up",
                "rating",
                "indicators",
                "means",
            ],
            batch_size=1000,
        )
        BilanComment.objects.bulk_create(
            [
                BilanComment(
                    bilan=b,
                    organisation=organisations[25],
                    text="Nous partageons ce bilan.",
                    cosigned=True,
                )
                for b in bilans[2::8]
            ],
            batch_size=2000,
        )
    log(f"  {size} fiches and their bilans written")


def _prepare(rebuild: bool, log: Callable[[str], None]) -> Any:
    from maillage.accounts.models import User
    from maillage.territories.models import Territory

    coordinator = User.objects.filter(email="coordination@bench-evaluation.test").first()
    if (
        rebuild
        or coordinator is None
        or Territory.objects.filter(slug__startswith="bench-evaluation-").count() != len(SIZES)
    ):
        for territory in Territory.objects.filter(slug__startswith="bench-evaluation-"):
            from maillage.evaluation.models import Campaign

            Campaign.objects.filter(territory=territory).delete()
            territory.actions.all().delete()
            territory.delete()
        User.objects.filter(email="coordination@bench-evaluation.test").delete()
        coordinator = User.objects.create_user(
            email="coordination@bench-evaluation.test", password=PASSWORD, full_name="Coordination"
        )
        log("Building the benchmark data (once)…")
        for size in SIZES:
            _build(size, coordinator, log)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return coordinator


def _seconds(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return round(time.perf_counter() - started, 2), result


def run(runs: int = 40, rebuild: bool = False, log: Callable[[str], None] = print) -> dict:
    standalone.serve(__name__, urlpatterns)
    from django.conf import settings
    from django.db import transaction

    from maillage.evaluation import reports, selectors, services
    from maillage.evaluation.models import Campaign, canonical_json, sha256_of

    coordinator = _prepare(rebuild, log)
    client = standalone.signed_in_client(coordinator)
    results: dict[str, Any] = {
        "database": settings.DATABASES["default"]["NAME"],
        "runs": runs,
        "pages": {},
    }
    pages = {"trivial view": "/bench/trivial/"}
    for size in SIZES:
        base = f"/territoires/{_slug(size)}/evaluation/{YEAR}/"
        pages[f"progress page, {size} fiches"] = base
        pages[f"bilans list, {size} fiches"] = base + "bilans/"
    log(f"  timing {len(pages)} pages, {runs} interleaved rounds…")
    results["pages"] = standalone.time_pages(client, pages, runs)
    trivial = results["pages"]["trivial view"]["p50_ms"]
    for figures in results["pages"].values():
        figures["ratio_to_trivial"] = round(figures["p50_ms"] / trivial, 1) if trivial else None
    for page in ("progress page", "bilans list"):
        counts = {results["pages"][f"{page}, {size} fiches"]["queries"] for size in SIZES}
        if len(counts) != 1:
            raise SystemExit(f"{page}: the query count grows with the data: {sorted(counts)}")

    campaign = Campaign.objects.select_related("territory").get(
        territory__slug=_slug(SIZES[-1]), year=YEAR
    )
    log("  building the snapshot of 3,000 fiches…")
    build_s, data = _seconds(lambda: selectors.content(coordinator, campaign))
    hash_s, text = _seconds(lambda: canonical_json(data))
    digest = sha256_of(text)
    log("  closing the collection (rolled back)…")
    with transaction.atomic():
        close_s, _snapshot = _seconds(
            lambda: services.close_collection(actor=coordinator, campaign=campaign)
        )
        transaction.set_rollback(True)
    results["snapshot"] = {
        "fiches": len(data["programme"]),
        "bilans": len(data["bilans"]),
        "json_bytes": len(text.encode()),
        "build_s": build_s,
        "canonical_json_s": hash_s,
        "close_collection_s": close_s,
        "sha256": digest,
    }
    results["reports"] = {}
    for name, render in (
        ("docx", reports.report_docx),
        ("odt", reports.report_odt),
        ("pdf", reports.report_pdf),
    ):
        log(f"  generating the report ({name}) of 3,000 fiches…")
        seconds, content = _seconds(lambda render=render: render(data, digest))
        results["reports"][name] = {"seconds": seconds, "bytes": len(content)}
    return results


def _print(results: dict[str, Any]) -> None:
    print()
    print(f"Evaluation benchmark — {results['runs']} runs per page, database {results['database']}")
    print()
    print("| page | p50 (ms) | p95 (ms) | × trivial | queries |")
    print("|---|---:|---:|---:|---:|")
    for label, f in results["pages"].items():
        print(
            f"| {label} | {f['p50_ms']} | {f['p95_ms']} | {f['ratio_to_trivial']} | {f['queries']} |"
        )
    s = results["snapshot"]
    print()
    print(
        f"Snapshot of {s['fiches']} fiches and {s['bilans']} bilans ({s['json_bytes'] // 1024} kB): "
        f"content {s['build_s']} s, canonical JSON {s['canonical_json_s']} s, "
        f"closing the collection {s['close_collection_s']} s"
    )
    print(
        "Report of 3,000 fiches: "
        + ", ".join(
            f"{k.upper()} {v['seconds']} s ({v['bytes'] // 1024} kB)"
            for k, v in results["reports"].items()
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the data")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    standalone.ensure_database(os.environ.get("DATABASE_URL", ""))
    results = run(runs=args.runs, rebuild=args.rebuild)
    _print(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""Benchmark of the governance register and body page on PostgreSQL.

Standalone (the shared harness, ``bench/harness.py``, was not in this branch when it was
written): its own database, data, timing and a trivial view to compare against.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/bench_governance.py [--runs 40] [--json results.json]

What it measures, calling the WSGI handler in-process as gunicorn does and timing only
that call (``bench.measure.Server``, as every other module: the Django test client, which
this module used before, added 4 to 15 ms to a page and nothing to the trivial view):

- the register of decisions with 50,000 decisions (and 25,000 follow-up tasks) in the
  territory, read by a partner who sits in some bodies and by the coordinator; filtered by
  text and by "overdue"; the tasks view; the API list;
- a body's page with 10 years of monthly meetings (120), each with its agenda, attendance,
  minutes and decisions;
- a trivial view (one template-free HttpResponse, same middleware) as the yardstick.

For each page: p50 and p95 over ``--runs`` requests after warm-up, the ratio of p50 to the
trivial view's, and the query count at two data sizes (a tenth of the data, then all of
it), which must be equal. The database is ``bench_governance`` (created, then dropped).
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
# Its own database, named after BENCH_DATABASE_URL's so that checkouts sharing a server
# do not drop each other's (bench_<name> → bench_<name>_governance).
os.environ["TEST_DATABASE_NAME"] = (
    os.environ.get("BENCH_DATABASE_URL", "").rsplit("/", 1)[-1] or "bench"
) + "_governance"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import standalone  # noqa: E402
from bench.standalone import AFTER_WRITE, made_again  # noqa: E402


def trivial(request: Any) -> HttpResponse:
    return HttpResponse("ok")


# The bench's own URLconf: the project's URLs plus the trivial view.
urlpatterns = [path("bench/trivial/", trivial), path("", include("maillage.urls"))]

TRIVIAL = "trivial view"
# The bar of issue 17: within 10× the same actor's trivial view at p95, and a p95 that
# grows by at most 1.3× from a tenth of the data to all of it.
MAX_RATIO_P95 = 10.0
MAX_GROWTH_P95 = 1.3
DECISIONS = 50_000
BODIES = 30
YEARS = 10
RNG = random.Random(2026)
COUNTER = itertools.count(1)


# --------------------------------------------------------------------------- data


def build_world() -> dict[str, Any]:
    from maillage.core.roles import Role, Visibility
    from maillage.governance import services
    from maillage.territories.models import Membership, Organisation, Partnership, Territory

    territory = Territory.objects.create(
        name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014", kind="commune"
    )
    orgs = []
    for n in range(20):
        org = Organisation.objects.create(name=f"Organisation {n}", kind="association")
        Partnership.objects.create(territory=territory, organisation=org)
        orgs.append(org)
    from maillage.accounts.models import User

    def person(email: str, role: str, org: Any) -> Any:
        user = User.objects.create_user(email=email, password="x" * 12, full_name=email)
        Membership.objects.create(user=user, territory=territory, organisation=org, role=role)
        return user

    partner = person("partenaire@bench.test", Role.PARTNER, orgs[0])
    coordinator = person("coordination@bench.test", Role.COORDINATOR, orgs[1])
    staff = [person(f"pro{n}@bench.test", Role.PARTNER, orgs[n]) for n in range(2, 20)]
    visibilities = [Visibility.PUBLIC, Visibility.PARTNERS, Visibility.MEMBERS]
    bodies = []
    for n in range(BODIES):
        visibility = visibilities[n % 3]
        body = services.create_body(
            actor=None,
            territory=territory,
            kind="technical" if n % 2 else "working_group",
            name=f"Instance {n}",
            short_name=f"I{n}",
            secretary=coordinator,
            visibility=visibility,
            documents_visibility=Visibility.MEMBERS if n % 2 else visibility,
        )
        members = RNG.sample(orgs, 6)
        if n % 3 == 0 and orgs[0] not in members:
            members[0] = orgs[0]  # the partner sits in a third of the bodies
        for org in members:
            titular = partner if org == orgs[0] else staff[(org.pk - orgs[0].pk - 2) % len(staff)]
            services.add_member(
                actor=None,
                body=body,
                organisation=org,
                titular=titular if titular.memberships.filter(organisation=org).exists() else None,
                started_on=datetime.date(2010, 1, 1),
            )
        bodies.append(body)
    return {
        "territory": territory,
        "orgs": orgs,
        "partner": partner,
        "coordinator": coordinator,
        "bodies": bodies,
    }


def add_history(world: dict[str, Any], months: int, decisions: int) -> None:
    """``months`` more monthly meetings per body, with agenda, minutes and attendance, and
    ``decisions`` decisions spread over them (half with a follow-up task). Inserted in bulk:
    benchmark data, not demo data — the services' validation is what the tests cover."""
    from maillage.core.text import fold
    from maillage.governance.models import (
        AgendaItem,
        Attendance,
        Decision,
        FollowUpTask,
        Meeting,
        MinutesEntry,
        local_datetime,
    )

    bodies = world["bodies"]
    per_body = decisions // len(bodies)
    first = datetime.date(timezone.localdate().year - YEARS, 1, 15)
    words = ["logement", "garderie", "insertion", "santé", "parentalité", "expulsions", "IRIS"]
    for body in bodies:
        done = Meeting.objects.filter(body=body).count()
        meetings = []
        for month in range(done, done + months):
            day = first.replace(year=first.year + month // 12, month=1 + month % 12)
            meetings.append(
                Meeting(
                    body=body,
                    title=f"Séance {next(COUNTER)}",
                    status=Meeting.Status.APPROVED,
                    starts_at=local_datetime(day, datetime.time(9)),
                    ends_at=local_datetime(day, datetime.time(11)),
                    place="Mairie",
                )
            )
        Meeting.objects.bulk_create(meetings, batch_size=2000)
        items = [
            AgendaItem(body=body, meeting=m, position=p, title=f"Point {p} {RNG.choice(words)}")
            for m in meetings
            for p in range(1, 5)
        ]
        AgendaItem.objects.bulk_create(items, batch_size=5000)
        MinutesEntry.objects.bulk_create(
            [
                MinutesEntry(
                    meeting=i.meeting, item=i, text="Compte rendu", search_text="compte rendu"
                )
                for i in items
            ],
            batch_size=5000,
        )
        seats = list(
            body.memberships.exclude(titular=None).values_list("titular_id", "organisation_id")
        )
        Attendance.objects.bulk_create(
            [
                Attendance(meeting=m, user_id=uid, organisation_id=oid, status="present")
                for m in meetings
                for uid, oid in seats
            ],
            batch_size=5000,
            ignore_conflicts=True,
        )
        top = Decision.objects.filter(body=body).count()
        rows = []
        for n in range(per_body):
            meeting = meetings[n % len(meetings)]
            text = f"Décision {RNG.choice(words)} {top + n + 1}"
            decided = timezone.localtime(meeting.starts_at).date()
            rows.append(
                Decision(
                    territory=body.territory,
                    body=body,
                    meeting=meeting,
                    number=top + n + 1,
                    decided_on=decided,
                    text=text,
                    search_text=fold(text),
                    owner=RNG.choice(world["orgs"]),
                    due_date=decided + datetime.timedelta(days=RNG.randint(10, 400)),
                    status=RNG.choice(["open", "open", "done"]),
                )
            )
        Decision.objects.bulk_create(rows, batch_size=5000)
        FollowUpTask.objects.bulk_create(
            [
                FollowUpTask(
                    territory=body.territory,
                    body=body,
                    decision=d,
                    title=f"Tâche de {d.text}",
                    owner=d.owner,
                    due_date=d.due_date,
                    status=RNG.choice(["pending", "in_progress", "done"]),
                )
                for d in rows[::2]
            ],
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --------------------------------------------------------------------------- timing


def count_queries(client: Client, url: str, name: str = "") -> int:
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    made_again(name)
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
    """Every page and the trivial view (as each actor) called once per round, in a shuffled
    order, so that a slow minute of the shared machine hits a page and its yardstick alike."""
    order = [(name, who, url) for name, (who, url) in targets.items()]
    order += [(f"{TRIVIAL} ({who})", who, "/bench/trivial/") for who in clients]
    samples: dict[str, list[float]] = {name: [] for name, _who, _url in order}
    queries = {name: count_queries(clients[who], url, name) for name, who, url in order}
    from bench.measure import Server

    server = Server()
    cookie_name = settings.SESSION_COOKIE_NAME
    cookies = {who: f"{cookie_name}={c.cookies[cookie_name].value}" for who, c in clients.items()}
    shuffle = random.Random(2026)
    # The pages made after a write are timed apart, with the trivial views: their write
    # would make every page of the round after it again.
    made = [entry for entry in order if entry[0].endswith(AFTER_WRITE)]
    kept = [entry for entry in order if entry not in made]
    trivial = [entry for entry in kept if entry[0].startswith(TRIVIAL)]
    for phase in [kept, trivial + made] if made else [kept]:
        for round_ in range(runs + 5):
            shuffle.shuffle(phase)
            for name, who, url in phase:
                made_again(name)  # a page labelled after a write: its kept copy forgotten
                response = server.get(url, cookies[who])
                elapsed = response.seconds * 1000
                assert response.status == 200, (url, response.status)
                if round_ >= 5:
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
    slug = world["territory"].slug
    body = world["bodies"][1]
    return {
        "register (partner)" + AFTER_WRITE: ("partner", f"/territoires/{slug}/instances/registre/"),
        "mes tâches" + AFTER_WRITE: ("partner", f"/territoires/{slug}/instances/mes-taches/"),
        "body page, 10 years" + AFTER_WRITE: (
            "coordinator",
            f"/territoires/{slug}/instances/{body.pk}/",
        ),
        "register (partner)": ("partner", f"/territoires/{slug}/instances/registre/"),
        "register (coordinator)": ("coordinator", f"/territoires/{slug}/instances/registre/"),
        "register, text filter": ("partner", f"/territoires/{slug}/instances/registre/?q=garderie"),
        "register, overdue": ("coordinator", f"/territoires/{slug}/instances/registre/?overdue=on"),
        "register, tasks view": (
            "partner",
            f"/territoires/{slug}/instances/registre/?vue=taches&status=open",
        ),
        "register, last page": ("coordinator", f"/territoires/{slug}/instances/registre/?page=999"),
        "API decisions": ("partner", f"/api/v1/territories/{slug}/decisions"),
        "mes tâches": ("partner", f"/territoires/{slug}/instances/mes-taches/"),
        "body page, 10 years": ("coordinator", f"/territoires/{slug}/instances/{body.pk}/"),
        "body page (partner)": (
            "partner",
            f"/territoires/{slug}/instances/{world['bodies'][0].pk}/",
        ),
    }


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(runs: int, keep: bool = False) -> dict[str, Any]:
    from django.db import connections
    from django.test.utils import get_runner

    if connection.vendor != "postgresql":
        raise SystemExit("This benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…")
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    standalone.production_cache()
    try:
        with override_settings(ROOT_URLCONF="bench_governance", DEBUG=False):
            world = build_world()
            clients = {}
            for who in ("partner", "coordinator"):
                client = Client()
                client.force_login(world[who], backend="django.contrib.auth.backends.ModelBackend")
                if who == "coordinator":
                    from django_otp.plugins.otp_totp.models import TOTPDevice

                    device = TOTPDevice.objects.create(
                        user=world[who], name="bench", confirmed=True
                    )
                    session = client.session
                    session["otp_device_id"] = device.persistent_id
                    session.save()
                clients[who] = client
            targets = pages(world)
            started = time.perf_counter()
            add_history(world, 12, DECISIONS // 10)
            built = time.perf_counter() - started
            small = measure_all(clients, targets, max(20, runs // 2))
            started = time.perf_counter()
            add_history(world, 12 * YEARS - 12, DECISIONS - DECISIONS // 10)
            built += time.perf_counter() - started
            from maillage.governance.models import Decision, FollowUpTask, Meeting

            sizes = {
                "decisions": Decision.objects.count(),
                "tasks": FollowUpTask.objects.count(),
                "meetings": Meeting.objects.count(),
                "meetings of the body page": Meeting.objects.filter(
                    body=world["bodies"][1]
                ).count(),
            }
            results = measure_all(clients, targets, runs)
            trivial_ = {who: results.pop(f"{TRIVIAL} ({who})") for who in clients}
            for name, result in results.items():
                tenth = small[name]
                result["at_tenth"] = {k: tenth[k] for k in ("p50_ms", "p95_ms", "queries")}
                result["queries_at_tenth"] = tenth["queries"]
                result["constant_queries"] = tenth["queries"] == result["queries"]
                result["growth_p95"] = round(result["p95_ms"] / tenth["p95_ms"], 2)
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
    """What breaks issue 17's bar: a query count that grows, a p95 over 10× the actor's
    trivial view, a p95 that grows more than 1.3× from a tenth of the data to all of it."""
    out = []
    for name, r in report["pages"].items():
        if not r["constant_queries"]:
            out.append(f"{name}: {r['queries_at_tenth']} queries at 1/10, {r['queries']} at 1")
        if r["ratio_p95"] > MAX_RATIO_P95 and not name.endswith(AFTER_WRITE):
            out.append(f"{name}: p95 {r['ratio_p95']}× the trivial view (bar {MAX_RATIO_P95}×)")
        if r["growth_p95"] > MAX_GROWTH_P95:
            out.append(
                f"{name}: p95 grows {r['growth_p95']}× with the data (bar {MAX_GROWTH_P95}×)"
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--json", help="write the results to this file")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when a page is over 10× the trivial view at p95 or its p95 grows over 1.3×",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database afterwards (for bench.explain)"
    )
    args = parser.parse_args()
    report = run(args.runs, keep=args.keep)
    print(f"Data: {report['sizes']} (built in {report['data_built_in_s']} s)")
    print(
        f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'p50 ÷ triv':>10} {'p95 ÷ triv':>10} "
        f"{'p95 1/10':>8} {'growth':>7} {'queries':>8} {'at 1/10':>8}"
    )
    for who, t in report["trivial"].items():
        label = f"{TRIVIAL} ({who})"
        print(
            f"{label:28} {t['p50_ms']:>8} {t['p95_ms']:>8} {1.0:>10} {1.0:>10} "
            f"{'':>8} {'':>7} {t['queries']:>8} {'':>8}"
        )
    for name, r in report["pages"].items():
        flag = "" if r["constant_queries"] else "  ← grows"
        print(
            f"{name:28} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['ratio_p50']:>10} "
            f"{r['ratio_p95']:>10} {r['at_tenth']['p95_ms']:>8} {r['growth_p95']:>7} "
            f"{r['queries']:>8} {r['queries_at_tenth']:>8}{flag}"
        )
    report["failures"] = failures(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False))
    if not all(r["constant_queries"] for r in report["pages"].values()):
        raise SystemExit("Query counts grew with the data.")
    if args.check and report["failures"]:
        print("BENCH CHECK FAILED:", file=sys.stderr)
        for failure in report["failures"]:
            print(f"  - {failure}", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()

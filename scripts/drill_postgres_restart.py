"""Drill: PostgreSQL restarted during the load (scripts/drills.sh, docs/operations.md).

On the drill's OWN PostgreSQL cluster (never the shared server): gunicorn (production
settings) serves Locust's virtual users (bench/load/locustfile.py: readers, partners
and coordinators writing, residents, API clients) while two probes read a page and an API
list four times a second. After DRILL_DOWN_AT seconds the cluster is stopped (fast
shutdown: connections cut), and started again DRILL_DOWN_FOR seconds later.

Promises (exit 1 if one breaks):
- no answer is a 500 (or no answer at all) during the whole drill;
- during the outage the page answers the French 503 page, the API a JSON 503, both with
  Retry-After;
- both answer 200 again within 10 s of PostgreSQL's return, gunicorn not restarted;
- every write the virtual users saw acknowledged (a redirect after their POST) is in the
  database afterwards."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import time

from drill_common import (
    LOCUST,
    ROOT,
    WORK,
    Gunicorn,
    Probe,
    Verdict,
    environment,
    handles,
    log,
)

DOWN_AT = float(os.environ.get("DRILL_DOWN_AT", "15"))
DOWN_FOR = float(os.environ.get("DRILL_DOWN_FOR", "8"))
DURATION = int(os.environ.get("DRILL_DURATION", "50"))
USERS = int(os.environ.get("DRILL_USERS", "6"))
RECOVERY_SECONDS = 10.0


def pg_ctl(*args: str) -> None:
    command = shlex.split(os.environ["DRILL_PG_CTL"]) + list(args)
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603


def acknowledged_writes_present(acks: list[dict]) -> tuple[int, list[dict]]:
    import psycopg

    missing = []
    with psycopg.connect(os.environ["DATABASE_URL"]) as db:
        for ack in acks:
            marker = ack["marker"]
            query = {
                "service": "SELECT 1 FROM network_service WHERE id = %s AND description LIKE %s",
                "measurement": "SELECT 1 FROM programme_measurement WHERE indicator_id = %s AND comment = %s",
                "meeting": "SELECT 1 FROM governance_meeting WHERE %s::int IS NULL AND title LIKE %s",
                "contribution": "SELECT 1 FROM participation_contribution WHERE %s::int IS NULL AND title LIKE %s",
            }[ack["kind"]]
            key = ack.get("pk") or ack.get("indicator")
            pattern = marker if ack["kind"] == "measurement" else f"%{marker}%"
            if db.execute(query, (key, pattern)).fetchone() is None:
                missing.append(ack)
    return len(acks), missing


def main() -> None:
    verdict = Verdict()
    data = handles()
    acks_path, results_path = WORK / "pg-acks.jsonl", WORK / "pg-results.json"
    acks_path.unlink(missing_ok=True)
    env = environment(
        LOAD_ACKS=str(acks_path),
        LOAD_RESULTS=str(results_path),
        LOAD_STAGES=f"{USERS}:{DURATION}",
        LOAD_STOP_P95_MS="1e9",
    )
    web = Gunicorn(env, workers=3, log_path=WORK / "gunicorn-pg.log")
    web.start()
    master = web.process.pid if web.process else 0
    page = Probe("page", f"{web.base}/territoires/{data['territory']}/")
    api = Probe(
        "api",
        f"{web.base}/api/v1/territories",
        {"Authorization": f"Bearer {data['tokens'][0]}", "Accept": "application/json"},
    )
    locust = subprocess.Popen(  # noqa: S603
        [LOCUST, "-f", "bench/load/locustfile.py", "--headless", "--host", web.base,
         "--only-summary", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    log(f"locust: {USERS} virtual users for {DURATION} s; probes every 0.25 s")
    page.start()
    api.start()
    time.sleep(DOWN_AT)
    down = time.monotonic()
    pg_ctl("stop", "-m", "fast", "-w")
    log("PostgreSQL stopped (fast shutdown: every connection cut)")
    time.sleep(DOWN_FOR)
    pg_ctl("start", "-w")
    up = time.monotonic()
    log(f"PostgreSQL started again after {up - down:.1f} s")
    locust.wait(timeout=DURATION + 120)
    page.stop()
    api.stop()
    log("load finished")

    samples = json.loads(results_path.read_text())["samples"]
    by_status: dict[int, int] = {}
    for _at, _name, status, _ms, _kind in samples:
        by_status[status] = by_status.get(status, 0) + 1
    print(f"  virtual users' answers by status: {by_status}")
    for probe in (page, api):
        print(
            f"  probe {probe.label}: before {probe.statuses(until=down)}, during "
            f"{probe.statuses(down + 0.5, up)}, after {probe.statuses(since=up)}"
        )
    all_answers = page.answers + api.answers
    verdict.check(
        not any((s >= 500 and s != 503) or s == 0 for s in by_status)
        and not any((a.status >= 500 and a.status != 503) or a.status == 0 for a in all_answers),
        "no 500 and no unanswered request, for the virtual users and the probes",
    )
    during_page = [a for a in page.answers if down + 0.5 <= a.at < up]
    during_api = [a for a in api.answers if down + 0.5 <= a.at < up]
    verdict.check(
        bool(during_page)
        and all(
            a.status == 503 and a.retry_after and "Service momentanément indisponible" in a.body
            for a in during_page
        )
        and not any("Traceback" in a.body for a in all_answers),
        f"the page answered the French 503 page with Retry-After during the outage "
        f"({len(during_page)} answers, e.g. Retry-After: {during_page[0].retry_after if during_page else '-'})",
    )
    verdict.check(
        bool(during_api)
        and all(
            a.status == 503 and a.retry_after and a.content_type.startswith("application/json")
            and "indisponible" in json.loads(a.body)["detail"]
            for a in during_api
        ),
        f"the API answered a JSON 503 with Retry-After during the outage ({len(during_api)} answers"
        + (f": {during_api[0].body}" if during_api else "") + ")",
    )  # fmt: skip
    back = []
    for probe in (page, api):
        first = next((a for a in probe.answers if a.at >= up and a.status == 200), None)
        back.append(first.at - up if first else float("inf"))
    verdict.check(
        max(back) <= RECOVERY_SECONDS,
        f"both answered 200 again {back[0]:.1f} s (page) and {back[1]:.1f} s (API) after "
        f"PostgreSQL's return (≤ {RECOVERY_SECONDS:.0f} s)",
    )
    verdict.check(
        web.alive() and web.process is not None and web.process.pid == master,
        f"gunicorn never restarted (master pid {master} still serving)",
    )
    acks = (
        [json.loads(line) for line in acks_path.read_text().splitlines()]
        if acks_path.exists()
        else []
    )
    total, missing = acknowledged_writes_present(acks)
    kinds: dict[str, int] = {}
    for ack in acks:
        kinds[ack["kind"]] = kinds.get(ack["kind"], 0) + 1
    verdict.check(
        total > 0 and not missing,
        f"all {total} acknowledged writes are in the database ({kinds}); missing: {missing[:3]}",
    )
    web.stop()
    verdict.exit("drill_postgres_restart")


if __name__ == "__main__":
    main()

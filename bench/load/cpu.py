"""CPU time the load test's requests cost, measured from /proc: the gunicorn workers'
and the PostgreSQL backends' user + system time (Linux only).

Latencies measured on a machine shared with other work tell how busy the machine was;
CPU seconds spent per request do not depend much on it, so they are what sizing rests on
(docs/scaling.md).

    python -m bench.load.cpu GUNICORN_PID DATABASE_NAME OUT.json   # until SIGTERM

Every second it records, per process, the largest CPU time seen (a backend that closes its
connection keeps what it had used); on SIGTERM it writes the totals and the series."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int(entry.joinpath("stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def backends(database: str) -> list[int]:
    import psycopg

    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(url, autocommit=True) as db:
        rows = db.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        ).fetchall()
    return [row[0] for row in rows]


def main() -> None:
    master, database, out = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    web: dict[int, tuple[float, float]] = {}  # pid → (first seen, last seen) CPU seconds
    db: dict[int, tuple[float, float]] = {}
    series: list[tuple[float, float, float]] = []
    running = True

    def stop(*_args: object) -> None:
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, stop)
    while running:
        for pids, store in ((children(master), web), (backends(database), db)):
            for pid in pids:
                value = cpu_seconds(pid)
                if value is not None:
                    first, _last = store.get(pid, (value, value))
                    store[pid] = (first, value)
        series.append(
            (
                time.time(),
                sum(last - first for first, last in web.values()),
                sum(last - first for first, last in db.values()),
            )
        )
        time.sleep(1)
    out.write_text(
        json.dumps(
            {
                "web_cpu_seconds": round(sum(b - a for a, b in web.values()), 2),
                "db_cpu_seconds": round(sum(b - a for a, b in db.values()), 2),
                "series": series,
            }
        )
    )


if __name__ == "__main__":
    main()

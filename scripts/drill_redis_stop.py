"""Drill: Redis (the shared cache) stopped, then started again (scripts/drills.sh,
docs/operations.md).

A private ``redis-server`` on a free port (never the shared one), gunicorn with the
production settings and ``CACHE_URL=redis://127.0.0.1:<port>/1``; probes read a page and
call the API (whose throttling counts in the cache) four times a second: DRILL_PHASE
seconds with Redis, DRILL_PHASE without, DRILL_PHASE with it again.

Promises (exit 1 if one breaks):
- every answer is a 200 in all three phases (no 5xx, nothing unanswered);
- while Redis is away the failure is logged (a warning, not a traceback per request);
- when Redis is back the throttling counters are written there again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from drill_common import WORK, Gunicorn, Probe, Verdict, environment, free_port, handles, log

PHASE = float(os.environ.get("DRILL_PHASE", "10"))


def redis_keys(port: int) -> int:
    out = subprocess.run(  # noqa: S603
        ["redis-cli", "-p", str(port), "-n", "1", "dbsize"],  # noqa: S607
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return int(out.stdout.strip() or 0) if out.returncode == 0 else -1


def main() -> None:
    if shutil.which("redis-server") is None:
        raise SystemExit("drill_redis_stop needs redis-server (apt-get install redis-server)")
    verdict = Verdict()
    data = handles()
    port = free_port()
    folder = WORK / "redis"
    folder.mkdir(exist_ok=True)

    def start_redis() -> subprocess.Popen:
        process = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",  # noqa: S607
             "--appendonly", "no", "--dir", str(folder)],
            stdout=(folder / "redis.log").open("a"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        for _ in range(50):
            if redis_keys(port) >= 0:
                break
            time.sleep(0.1)
        return process

    redis = start_redis()
    log(f"private redis-server pid {redis.pid} on 127.0.0.1:{port}")
    env = environment(CACHE_URL=f"redis://127.0.0.1:{port}/1", LOG_LEVEL="WARNING")
    # Anonymous API calls are throttled per address: a limit the probes stay under, so
    # that every answer should be a 200 whatever the cache does.
    env["API_THROTTLE_ANON"] = "1000/min"
    web = Gunicorn(env, workers=2, log_path=WORK / "gunicorn-redis.log")
    web.start()
    page = Probe("page", f"{web.base}/territoires/{data['territory']}/")
    api = Probe("api", f"{web.base}/api/v1/territories", {"Accept": "application/json"})
    page.start()
    api.start()
    time.sleep(PHASE)
    keys_before = redis_keys(port)
    redis.terminate()
    redis.wait(timeout=10)
    down = time.monotonic()
    log(f"redis stopped ({keys_before} keys in db 1 before)")
    time.sleep(PHASE)
    redis = start_redis()
    up = time.monotonic()
    log("redis started again (empty)")
    time.sleep(PHASE)
    page.stop()
    api.stop()
    keys_after = redis_keys(port)
    web.stop()
    redis.terminate()
    redis.wait(timeout=10)

    for probe in (page, api):
        timings = sorted(a.ms for a in probe.answers if down <= a.at < up)
        p95 = timings[int(len(timings) * 0.95) - 1] if timings else 0
        print(
            f"  probe {probe.label}: with Redis {probe.statuses(until=down)}, without "
            f"{probe.statuses(down, up)} (p95 {p95:.0f} ms), again {probe.statuses(since=up)}"
        )
    answers = page.answers + api.answers
    verdict.check(
        bool(answers) and all(a.status == 200 for a in answers),
        f"every answer a 200 in the three phases ({len(answers)} answers)",
    )
    log_text = (WORK / "gunicorn-redis.log").read_text(errors="replace")
    warnings = log_text.count("Cache unavailable")
    verdict.check(
        warnings >= 1 and "Traceback" not in log_text,
        f"Redis's absence logged as a warning ({warnings} line(s), no traceback), e.g.: "
        + next((line for line in log_text.splitlines() if "Cache unavailable" in line), "")[:160],
    )
    verdict.check(
        keys_before > 0 and keys_after > 0,
        f"throttling counters in Redis before ({keys_before}) and again after its return "
        f"({keys_after})",
    )
    verdict.exit("drill_redis_stop")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()

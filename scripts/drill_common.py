"""What the fault drills share (scripts/drills.sh, docs/operations.md "Faults"): the
environment of the production settings on the drill's own PostgreSQL cluster, gunicorn on
a free loopback port, probes that record every answer, and the verdict.

Every drill prints what it did and what it saw, and exits 1 when a promise broke."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("DRILL_WORK", "/tmp/maillage-drills"))  # noqa: S108
PYTHON = os.environ.get("PYTHON", str(ROOT / ".venv" / "bin" / "python"))
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
LOCUST = str(ROOT / ".venv" / "bin" / "locust")
STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f} s] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def environment(**extra: str) -> dict[str, str]:
    """The production settings, on the drill's database (DATABASE_URL from drills.sh)."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "maillage.settings.production",
        "SECRET_KEY": (WORK / "secret").read_text().strip(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "NUM_PROXIES": "0",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(WORK / "static"),
        "MEDIA_ROOT": str(WORK / "media"),
        "PRIVATE_MEDIA_ROOT": str(WORK / "private"),
        "API_THROTTLE_ANON": "100000/min",
        "API_THROTTLE_AUTH": "100000/min",
        "LOAD_HANDLES": str(WORK / "load.json"),
    }
    env.update(extra)
    return env


def handles() -> dict[str, Any]:
    return json.loads((WORK / "load.json").read_text())


@dataclass
class Gunicorn:
    env: dict[str, str]
    workers: int = 3
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    log_path: Path = WORK / "gunicorn.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {
            **self.env,
            "WEB_CONCURRENCY": str(self.workers),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        handle = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603
            [GUNICORN, "-c", "deploy/gunicorn.conf.py", "maillage.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        for _ in range(120):
            if get(self.base + "/healthz").status == 200:
                log(f"gunicorn pid {self.process.pid}, {self.workers} workers on {self.base}")
                return
            time.sleep(0.5)
        raise SystemExit("gunicorn did not answer /healthz")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.alive():
            assert self.process is not None
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=40)


@dataclass
class Answer:
    at: float
    status: int
    retry_after: str
    content_type: str
    body: str
    ms: float


def get(url: str, headers: dict[str, str] | None = None, timeout: float = 15) -> Answer:
    request = urllib.request.Request(  # noqa: S310 — loopback only
        url, headers={"X-Forwarded-Proto": "https", **(headers or {})}
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read().decode("utf-8", "replace")
            return Answer(
                time.monotonic(),
                response.status,
                response.headers.get("Retry-After", ""),
                response.headers.get("Content-Type", ""),
                body,
                (time.monotonic() - started) * 1000,
            )
    except urllib.error.HTTPError as error:
        body = error.read().decode("utf-8", "replace")
        return Answer(
            time.monotonic(),
            error.code,
            error.headers.get("Retry-After", ""),
            error.headers.get("Content-Type", ""),
            body,
            (time.monotonic() - started) * 1000,
        )
    except (OSError, urllib.error.URLError) as error:
        return Answer(time.monotonic(), 0, "", "", str(error), (time.monotonic() - started) * 1000)


class Probe(threading.Thread):
    """GETs ``url`` every ``every`` seconds and keeps every answer."""

    def __init__(
        self, name: str, url: str, headers: dict[str, str] | None = None, every: float = 0.25
    ):
        super().__init__(daemon=True)
        self.label, self.url, self.headers, self.every = name, url, headers or {}, every
        self.answers: list[Answer] = []
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.answers.append(get(self.url, self.headers))
            self._stop_event.wait(self.every)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=20)

    def statuses(self, since: float = 0.0, until: float = float("inf")) -> dict[int, int]:
        counts: dict[int, int] = {}
        for a in self.answers:
            if since <= a.at < until:
                counts[a.status] = counts.get(a.status, 0) + 1
        return dict(sorted(counts.items()))


class Verdict:
    def __init__(self) -> None:
        self.failures: list[str] = []

    def check(self, ok: bool, promise: str) -> None:
        print(f"  {'✔' if ok else '✘'} {promise}", flush=True)
        if not ok:
            self.failures.append(promise)

    def exit(self, drill: str) -> None:
        if self.failures:
            print(f"{drill}: FAILED ({len(self.failures)} promise(s) broken)", flush=True)
            sys.exit(1)
        print(f"{drill}: every promise kept", flush=True)


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

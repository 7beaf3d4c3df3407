"""The load test's virtual users (Locust), run by ``scripts/loadtest.sh`` (``make loadtest``).

Five kinds of people, weighted as a territory's day might be:

- **anonymous readers**: the territory's home, the programme, the réseau's search, the
  news, the partners;
- **partners**: their home, a service of their association updated (the service form,
  read then sent back with a new description), a measurement recorded on a fiche action
  their association pilots;
- **coordinators**: a body's page, a séance prepared (the new-séance form sent), its page;
- **residents**: the participation pages, a contribution sent;
- **API clients**: ``/api/v1/`` with a personal token (lists, a territory, the réseau's
  search).

Each request goes to gunicorn on loopback as nginx would pass it on (``X-Forwarded-Proto:
https``, the session and CSRF cookies in the ``Cookie`` header since they are
``Secure``). Forms are read from the page and sent back whole, as a browser would.

The user count follows ``STAGES`` (``LoadShape``, ``LOAD_STAGES``); the first is a warm-up;
the run stops after the first other stage whose p95 passes ``STOP_P95_MS`` or after the
last one. Every request is recorded (time, name,
status, milliseconds) and written to ``LOAD_RESULTS`` (JSON) at the end; every write the
server acknowledged (a redirect after a POST) is appended to ``LOAD_ACKS`` (one JSON per
line), so that a drill can check they are all in the database afterwards."""

from __future__ import annotations

import json
import os
import random
import secrets
import string
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import lxml.html
from locust import HttpUser, LoadTestShape, between, events, task

# Set by scripts/loadtest.sh (and the drills): where the handles are read and results go.
HANDLES = json.loads(Path(os.environ["LOAD_HANDLES"]).read_text())
RESULTS = Path(os.environ["LOAD_RESULTS"])
ACKS = Path(os.environ["LOAD_ACKS"])
# (users, seconds) per stage; spawn rate is the step in users per second.
STAGES = [
    tuple(int(x) for x in stage.split(":"))
    for stage in os.environ.get("LOAD_STAGES", "2:20,2:30,4:30,8:30,16:30,24:30,32:30").split(",")
]
# The first stage warms the workers up (first requests compile templates, open
# connections): reported apart, never a reason to stop.
WARMUP_STAGES = int(os.environ.get("LOAD_WARMUP_STAGES", "1"))
STOP_P95_MS = float(os.environ.get("LOAD_STOP_P95_MS", "500"))
SLUG = HANDLES["territory"]

_samples: list[tuple[float, str, int, float, str]] = []
_samples_lock = threading.Lock()
_acks_lock = threading.Lock()


@events.request.add_listener
def _record(
    request_type, name, response_time, response_length, response=None, exception=None, **kw
):  # type: ignore[no-untyped-def]
    status = getattr(response, "status_code", 0) if response is not None else 0
    with _samples_lock:
        _samples.append((time.time(), name, int(status or 0), float(response_time), request_type))


def _ack(kind: str, **data: Any) -> None:
    with _acks_lock, ACKS.open("a") as handle:
        handle.write(json.dumps({"kind": kind, "at": time.time(), **data}) + "\n")


def _marker() -> str:
    return "charge-" + "".join(random.choices(string.ascii_lowercase + string.digits, k=10))


class Visitor(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)
    role = ""

    def on_start(self) -> None:
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        sessions = HANDLES["sessions"].get(self.role, [])
        self.session = random.choice(sessions) if sessions else ""

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        cookie = f"csrftoken={self.csrf}"
        if self.session:
            cookie += f"; sessionid={self.session}"
        headers = {
            "X-Forwarded-Proto": "https",
            "Cookie": cookie,
            "Accept-Language": "fr-FR,fr;q=0.9",
            "Accept": "text/html,application/xhtml+xml",
        }
        headers.update(extra or {})
        return headers

    def get(self, path: str, name: str, **params: Any) -> Any:
        with self.client.get(
            path,
            params=params or None,
            headers=self._headers(),
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            else:
                response.success()
            return response

    def submit(
        self, page_path: str, form_path_suffix: str, name: str, values: dict[str, Any]
    ) -> Any:
        """Reads the form (its action ends with ``form_path_suffix``) on ``page_path`` and
        sends it back with ``values`` changed; returns the response to the POST."""
        page = self.get(page_path, name=f"{name} (form)")
        if page.status_code != 200:
            return None
        tree = lxml.html.fromstring(page.text)
        forms = [
            f
            for f in tree.forms
            if (f.method or "").upper() == "POST"
            and (f.get("action") or page_path).split("?")[0].endswith(form_path_suffix)
        ]
        if not forms:
            return None
        form = forms[0]
        data: list[tuple[str, Any]] = [(k, v) for k, v in form.form_values() if k not in values]
        # A radio group nothing is checked in: the first choice, as a person would pick one.
        sent = {k for k, _v in data} | set(values)
        for radio in form.xpath(".//input[@type='radio']"):
            name = radio.get("name")
            if name and name not in sent:
                data.append((name, radio.get("value", "")))
                sent.add(name)
        data += list(values.items())
        action = form.get("action") or page_path
        origin = f"https://{self.host.split('://', 1)[1]}"
        with self.client.post(
            action,
            data=data,
            headers=self._headers({"Referer": origin + page_path, "Origin": origin}),
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code in (302, 303):
                response.success()
            else:
                response.failure(f"{response.status_code}")
            return response


class AnonymousReader(Visitor):
    weight = 6

    @task(3)
    def home(self) -> None:
        self.get(f"/territoires/{SLUG}/", "territory home")

    @task(2)
    def programme(self) -> None:
        self.get(f"/territoires/{SLUG}/programme/", "programme")

    @task(2)
    def search(self) -> None:
        self.get(
            f"/territoires/{SLUG}/reseau/",
            "réseau search",
            q=random.choice(HANDLES["search_words"]),
        )

    @task(1)
    def news(self) -> None:
        self.get(f"/territoires/{SLUG}/actualites/", "news")

    @task(1)
    def partners(self) -> None:
        self.get(f"/territoires/{SLUG}/partenaires/", "partners")


class Partner(Visitor):
    weight = 2
    role = "partner"

    @task(3)
    def home(self) -> None:
        self.get(f"/territoires/{SLUG}/", "territory home (partner)")

    @task(1)
    def update_service(self) -> None:
        pk = random.choice(HANDLES["services"])
        marker = _marker()
        response = self.submit(
            f"/territoires/{SLUG}/reseau/services/{pk}/modifier/",
            f"/services/{pk}/modifier/",
            "service update (POST)",
            {"description": f"Accueil sans rendez-vous le matin. {marker}"},
        )
        if response is not None and response.status_code in (302, 303):
            _ack("service", pk=pk, marker=marker)

    @task(1)
    def record_measurement(self) -> None:
        action, indicator = random.choice(HANDLES["indicators"])
        marker = _marker()
        response = self.submit(
            f"/territoires/{SLUG}/actions/{action}/",
            f"/indicateurs/{indicator}/mesures/",
            "measurement (POST)",
            {
                "measured_on": (date.today() - timedelta(days=random.randint(0, 300))).isoformat(),
                "value": str(random.randint(1, 500)),
                "comment": marker,
            },
        )
        if response is not None and response.status_code in (302, 303):
            _ack("measurement", indicator=indicator, marker=marker)


class Coordinator(Visitor):
    weight = 1
    role = "coordinator"

    @task(2)
    def body(self) -> None:
        self.get(f"/territoires/{SLUG}/instances/{random.choice(HANDLES['bodies'])}/", "body page")

    @task(1)
    def prepare_meeting(self) -> None:
        body = random.choice(HANDLES["bodies"])
        marker = _marker()
        day = (date.today() + timedelta(days=random.randint(7, 120))).isoformat()
        response = self.submit(
            f"/territoires/{SLUG}/instances/{body}/seances/nouvelle/",
            "/seances/nouvelle/",
            "séance create (POST)",
            {
                "title": f"Séance de travail {marker}",
                "day": day,
                "end_day": day,
                "start_time": "14:00",
                "end_time": "16:00",
                "place": "Salle du conseil",
            },
        )
        if response is not None and response.status_code in (302, 303):
            _ack("meeting", marker=marker, location=response.headers.get("Location", ""))
            location = response.headers.get("Location", "")
            if location.startswith("/"):
                self.get(location, "séance page")


class Resident(Visitor):
    weight = 2
    role = "resident"

    @task(3)
    def participation(self) -> None:
        self.get(f"/territoires/{SLUG}/participer/", "participation list")

    @task(1)
    def done(self) -> None:
        self.get(f"/territoires/{SLUG}/participer/nous-avons-fait/", "participation done")

    @task(1)
    def contribute(self) -> None:
        marker = _marker()
        response = self.submit(
            f"/territoires/{SLUG}/participer/donner-mon-avis/",
            "/donner-mon-avis/",
            "contribution (POST)",
            {
                "title": f"Un banc près de l’arrêt de bus {marker}",
                "text": "Les personnes âgées attendent debout le matin ; un banc aiderait.",
                "display_name": "Une habitante",
            },
        )
        if response is not None and response.status_code in (302, 303):
            _ack("contribution", marker=marker)


class ApiClient(Visitor):
    weight = 2

    def on_start(self) -> None:
        super().on_start()
        self.token = random.choice(HANDLES["tokens"])

    def api(self, path: str, name: str, **params: Any) -> None:
        with self.client.get(
            path,
            params=params or None,
            headers={
                "X-Forwarded-Proto": "https",
                "Authorization": f"Bearer {self.token}",
                "Accept": "application/json",
            },
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            else:
                response.success()

    @task(2)
    def territories(self) -> None:
        self.api("/api/v1/territories", "API territories")

    @task(1)
    def territory(self) -> None:
        self.api(f"/api/v1/territories/{SLUG}", "API territory")

    @task(2)
    def network(self) -> None:
        self.api(
            f"/api/v1/territories/{SLUG}/network/search",
            "API réseau search",
            q=random.choice(HANDLES["search_words"]),
        )


class LoadShape(LoadTestShape):
    """Steps through ``STAGES``; stops after a stage whose p95 passed ``STOP_P95_MS``."""

    def __init__(self) -> None:
        super().__init__()
        self.boundaries: list[tuple[int, float, float]] = []
        self._stage = -1
        self._stage_started = 0.0
        self._stop = False

    def tick(self) -> tuple[int, float] | None:
        run_time = self.get_run_time()
        elapsed = 0.0
        for index, (users, seconds) in enumerate(STAGES):
            elapsed += seconds
            if run_time < elapsed:
                if index != self._stage:
                    self._close_stage()
                    if self._stop:
                        return None
                    self._stage = index
                    self._stage_started = time.time()
                return users, max(users, 1)
        self._close_stage()
        return None

    def _close_stage(self) -> None:
        if self._stage < 0 or (self.boundaries and self.boundaries[-1][0] == self._stage):
            return
        now = time.time()
        self.boundaries.append((self._stage, self._stage_started, now))
        times = sorted(t for at, _n, _s, t, _k in list(_samples) if self._stage_started <= at < now)
        if self._stage < WARMUP_STAGES:
            return
        if times and times[max(0, int(len(times) * 0.95) - 1)] > STOP_P95_MS:
            self._stop = True


@events.quitting.add_listener
def _write_results(environment, **kwargs):  # type: ignore[no-untyped-def]
    shape = environment.shape_class
    stages = []
    for index, started, ended in getattr(shape, "boundaries", []):
        stages.append(
            {
                "users": STAGES[index][0],
                "seconds": STAGES[index][1],
                "start": started,
                "end": ended,
                "warmup": index < WARMUP_STAGES,
            }
        )
    RESULTS.write_text(
        json.dumps({"stages": stages, "samples": _samples, "stop_p95_ms": STOP_P95_MS})
    )

"""Benchmark of the participation pages on PostgreSQL.

Standalone, like bench_governance.py: its own database, data, timing and a trivial view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/bench_participation.py [--runs 40] [--json results.json]

With 50,000 contributions (a tenth pending, refused or hidden; a fifth of the published
ones answered and linked to fiches actions and bodies) and 500,000 "moi aussi" supports
from 5,000 residents, it measures the public list, its last page, a filtered list, the
"Vous avez dit, nous avons fait" page, a contribution's page, the moderation queue and
the API list, read by a resident (and the coordinator for the queue); and, for a
consultation with 20,000 answers (five questions: single and multiple choice, a scale, a
written answer for a third of them), its page, its results (anonymous, resident, and the
coordinator's split by origin and by quartier) and the API's results. For each: p50 and
p95 over ``--runs`` requests after warm-up, the ratio of p50 to the trivial view's, and the
query count at a tenth of the data and with all of it, which must be equal. The database
is ``bench_participation`` (created, then dropped).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

STANDALONE = True
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# BENCH_DB_NAME: another name when several checkouts share one server.
os.environ["TEST_DATABASE_NAME"] = os.environ.get("BENCH_DB_NAME", "bench_participation")

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

CONTRIBUTIONS = 50_000
SUPPORTS_PER = 10  # 500,000 supports
RESIDENTS = 5_000
RNG = random.Random(2026)
CONSULTATION_RESPONSES = 20_000


def build_world() -> dict[str, Any]:
    from maillage.accounts.models import User
    from maillage.core.roles import Role, Visibility
    from maillage.governance.models import Body
    from maillage.programme.models import Action
    from maillage.territories.models import GeoUnit, Membership, Organisation, Territory

    territory = Territory.objects.create(
        kind=Territory.Kind.COMMUNE, name="Banc d’essai", slug="banc", insee_code="99001"
    )
    org = Organisation.objects.create(name="Centre social", kind="centre-social")
    coordinator = User.objects.create_user(email="coord@bench.test", password=None)
    Membership.objects.create(
        user=coordinator, territory=territory, organisation=org, role=Role.COORDINATOR
    )
    residents = User.objects.bulk_create(
        [User(email=f"r{i}@bench.test", full_name=f"R {i}") for i in range(RESIDENTS)],
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        [Membership(user=u, territory=territory, role=Role.RESIDENT) for u in residents],
        batch_size=2000,
    )
    quartiers = [
        GeoUnit.objects.create(territory=territory, kind="quartier", code=f"Q{i}", name=f"Q {i}")
        for i in range(8)
    ]
    actions = Action.objects.bulk_create(
        [
            Action(
                territory=territory,
                code=f"1.1.{i}",
                title=f"Action {i}",
                visibility=Visibility.PUBLIC if i % 2 else Visibility.PARTNERS,
            )
            for i in range(40)
        ]
    )
    bodies = Body.objects.bulk_create(
        [Body(territory=territory, kind="technical", name=f"Comité {i}") for i in range(10)]
    )
    consultation = build_consultation(territory, coordinator, quartiers)
    return {
        "consultation": consultation,
        "responses_made": 0,
        "territory": territory,
        "coordinator": coordinator,
        "resident": residents[0],
        "residents": residents,
        "quartiers": quartiers,
        "actions": actions,
        "bodies": bodies,
        "made": 0,
    }


def build_consultation(territory: Any, coordinator: Any, quartiers: list[Any]) -> Any:
    import datetime

    from maillage.participation import services

    today = timezone.localdate()
    consultation = services.create_consultation(
        actor=coordinator,
        territory=territory,
        title="Vos besoins de garde d’enfants",
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=30),
        quartiers=quartiers[:4],
        anonymous=True,
    )
    add = services.add_question
    add(
        actor=coordinator,
        consultation=consultation,
        kind="single",
        label="À quelles heures ?",
        options=["Avant 7 h", "En journée", "Après 19 h", "La nuit ou le week-end"],
    )
    add(
        actor=coordinator,
        consultation=consultation,
        kind="multiple",
        label="Quelle garde ?",
        options=["Crèche", "Assistante maternelle", "Garderie éphémère", "Accueil de loisirs"],
    )
    add(
        actor=coordinator,
        consultation=consultation,
        kind="multiple",
        label="Quelles langues ?",
        options=["Français", "Arabe", "Turc", "Tamoul", "Soninké", "Anglais"],
    )
    add(actor=coordinator, consultation=consultation, kind="scale", label="Difficile ?")
    add(actor=coordinator, consultation=consultation, kind="text", label="Autre chose ?")
    services.change_state(actor=coordinator, consultation=consultation, action="open")
    services.change_state(actor=coordinator, consultation=consultation, action="publish_results")
    return consultation


def add_responses(world: dict[str, Any], count: int) -> None:
    """Bulk-built answers: one Response and its Answer rows each."""
    from maillage.participation.models import Answer, Response

    consultation = world["consultation"]
    questions = list(consultation.questions.prefetch_related("options"))
    single, care, langs, scale, text = questions
    options = {q.pk: list(q.options.all()) for q in questions}
    start = world["responses_made"]
    responses = Response.objects.bulk_create(
        [
            Response(
                consultation=consultation,
                session_hash=f"{i:064x}",
                origin=RNG.choice(["web"] * 6 + ["permanence"] * 2 + ["workshop", "paper"]),
                quartier=RNG.choice([*world["quartiers"][:4], None]),
            )
            for i in range(start, start + count)
        ],
        batch_size=5000,
    )
    rows: list[Any] = []
    for response in responses:
        rows.append(
            Answer(response=response, question=single, option=RNG.choice(options[single.pk]))
        )
        for question in (care, langs):
            for option in RNG.sample(options[question.pk], RNG.randint(1, 3)):
                rows.append(Answer(response=response, question=question, option=option))
        rows.append(Answer(response=response, question=scale, value=RNG.randint(1, 5)))
        if RNG.random() < 0.3:
            rows.append(
                Answer(
                    response=response,
                    question=text,
                    text="Une garde le soir près du bus.",
                    moderation=RNG.choice(["published"] * 8 + ["pending", "refused"]),
                )
            )
        if len(rows) >= 20_000:
            Answer.objects.bulk_create(rows, batch_size=5000)
            rows = []
    Answer.objects.bulk_create(rows, batch_size=5000)
    world["responses_made"] += count


def add_contributions(world: dict[str, Any], count: int) -> None:
    from django.db.models import Count, OuterRef, Subquery

    from maillage.participation.models import Contribution, Support

    now = timezone.now()
    start = world["made"]
    rows = []
    for i in range(start, start + count):
        roll = RNG.random()
        moderation = "published" if roll < 0.9 else RNG.choice(["pending", "refused", "hidden"])
        answered = moderation == "published" and RNG.random() < 0.2
        status = RNG.choice(["studying", "transmitted", "integrated", "not_retained"])
        rows.append(
            Contribution(
                territory=world["territory"],
                kind=RNG.choice(["need", "idea", "question"]),
                category=RNG.choice(["childcare", "housing", "health", "french", "other"]),
                quartier=RNG.choice(world["quartiers"]),
                title=f"Contribution {i}",
                text="Il manque une garde d’enfants le soir. " * 3,
                display_name="Awa",
                author=world["residents"][i % RESIDENTS],
                origin=RNG.choice(["web", "web", "permanence", "workshop"]),
                moderation=moderation,
                moderation_reason="" if moderation in ("published", "pending") else "off_topic",
                status=status if answered else "received",
                answer="Nous avons ouvert une garderie." if answered else "",
                answered_at=now if answered else None,
                action=RNG.choice(world["actions"])
                if answered and status == "integrated"
                else None,
                body=RNG.choice(world["bodies"]) if answered and status == "transmitted" else None,
            )
        )
    made = Contribution.objects.bulk_create(rows, batch_size=2000)
    world["made"] += count
    supports = []
    for c in made:
        first = RNG.randrange(RESIDENTS)
        for k in range(SUPPORTS_PER):
            supports.append(
                Support(contribution=c, user=world["residents"][(first + k * 37) % RESIDENTS])
            )
        if len(supports) >= 20_000:
            Support.objects.bulk_create(supports, batch_size=5000)
            supports = []
    Support.objects.bulk_create(supports, batch_size=5000)
    counts = (
        Support.objects.filter(contribution=OuterRef("pk"))
        .values("contribution")
        .annotate(n=Count("id"))
        .values("n")
    )
    Contribution.objects.filter(pk__in=[c.pk for c in made]).update(supports_count=Subquery(counts))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(client: Client, url: str, runs: int) -> dict[str, Any]:
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    executed: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    cuts = statistics.quantiles(timings, n=20)
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(cuts[18], 1),
        "queries": len(executed),
    }


def pages(world: dict[str, Any], detail_pk: int) -> dict[str, tuple[str, str]]:
    base = f"/territoires/{world['territory'].slug}/participer/"
    consultation = f"{base}consultations/{world['consultation'].pk}/"
    return {
        "public list": ("resident", base),
        "public list, last page": ("resident", base + "?page=9999"),
        "public list, filtered": ("resident", base + "?type=need&sujet=housing"),
        "nous avons fait": ("resident", base + "nous-avons-fait/"),
        "nous avons fait, anonymous": ("anonymous", base + "nous-avons-fait/"),
        "contribution page": ("resident", base + f"{detail_pk}/"),
        "moderation queue": ("coordinator", base + "a-relire/"),
        "API list": ("resident", f"/api/v1/territories/{world['territory'].slug}/contributions"),
        "consultation page": ("resident", consultation),
        "results": ("resident", consultation + "resultats/"),
        "results, anonymous": ("anonymous", consultation + "resultats/"),
        "results by origin": ("coordinator", consultation + "resultats/?par=origine"),
        "results by quartier": ("coordinator", consultation + "resultats/?par=quartier"),
        "written answers to moderate": ("coordinator", consultation + "a-relire/"),
        "API results": (
            "resident",
            f"/api/v1/territories/{world['territory'].slug}/consultations/"
            f"{world['consultation'].pk}/results",
        ),
    }


def run(runs: int) -> dict[str, Any]:
    from django.db import connections
    from django.test.utils import get_runner

    if connection.vendor != "postgresql":
        raise SystemExit("This benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…")
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        with override_settings(ROOT_URLCONF="bench_participation", DEBUG=False):
            started = time.perf_counter()
            world = build_world()
            clients = {"anonymous": Client()}
            for who in ("resident", "coordinator"):
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
            add_contributions(world, CONTRIBUTIONS // 10)
            add_responses(world, CONSULTATION_RESPONSES // 10)
            from maillage.participation.models import Answer, Contribution, Response, Support

            detail = Contribution.objects.published().exclude(answer="").first()
            assert detail is not None
            targets = pages(world, detail.pk)
            small = {
                name: measure(clients[who], url, 3)["queries"]
                for name, (who, url) in targets.items()
            }
            add_contributions(world, CONTRIBUTIONS - CONTRIBUTIONS // 10)
            add_responses(world, CONSULTATION_RESPONSES - CONSULTATION_RESPONSES // 10)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            built = time.perf_counter() - started
            sizes = {
                "contributions": Contribution.objects.count(),
                "published": Contribution.objects.published().count(),
                "answered": Contribution.objects.answered().count(),
                "supports": Support.objects.count(),
                "consultation responses": Response.objects.count(),
                "consultation answer rows": Answer.objects.count(),
            }
            trivial_ = measure(clients["resident"], "/bench/trivial/", runs)
            results = {}
            for name, (who, url) in targets.items():
                result = measure(clients[who], url, runs)
                result["ratio_to_trivial"] = round(result["p50_ms"] / trivial_["p50_ms"], 1)
                result["queries_at_tenth"] = small[name]
                result["constant_queries"] = small[name] == result["queries"]
                results[name] = result
    finally:
        connections.close_all()
        runner.teardown_databases(old)
    return {
        "sizes": sizes,
        "data_built_in_s": round(built, 1),
        "trivial": trivial_,
        "pages": results,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()
    report = run(args.runs)
    print(f"Data: {report['sizes']} (built in {report['data_built_in_s']} s)")
    t = report["trivial"]
    print(
        f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'× trivial':>10} {'queries':>8} {'at 1/10':>8}"
    )
    print(f"{'trivial view':28} {t['p50_ms']:>8} {t['p95_ms']:>8} {1.0:>10} {t['queries']:>8}")
    for name, r in report["pages"].items():
        flag = "" if r["constant_queries"] else "  ← grows"
        print(
            f"{name:28} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['ratio_to_trivial']:>10} "
            f"{r['queries']:>8} {r['queries_at_tenth']:>8}{flag}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

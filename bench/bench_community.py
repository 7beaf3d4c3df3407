"""Benchmark of the territory's one search and of the daily digest, on PostgreSQL.

Standalone: it creates and migrates its own database ``bench_community``, then:

1. **One search over 100,000 items** (60,000 services, 10,000 contact points, 5,000
   procedures, 15,000 library documents with text, 5,000 news and 5,000 events; 70 %
   public, 30 % for the partners), indexed by ``indexing.reindex_territory`` (timed),
   and times ``/territoires/<slug>/recherche/?q=…`` as a partner through Django's test
   client: p50 / p95 (ms) over several French queries (with and without a kind facet),
   against a trivial view (``/bench/trivial/``), and the ratio of the two.
2. **A daily digest for 20,000 people over 50,000 events of the day**: 50,000 audit
   entries about those objects (with their notices), 20,000 partners each following two
   organisations (2 % also a thématique), then ``digests.send_digests("daily")`` with the
   in-memory e-mail backend: total time, e-mails, and SQL queries per person (every
   person's access is checked at sending time).

Run: ``.venv/bin/python bench/bench_community.py`` (``BENCH_DATABASE_URL`` to point
elsewhere; ``--runs``, ``--items``, ``--people``, ``--events`` to change the sizes)."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

STANDALONE = True
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_community")
os.environ["DATABASE_URL"] = DB_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings.test")

from bench import standalone  # noqa: E402

QUERIES = [
    "logement",
    "garde enfant",
    "aide maintien logement",
    "forum assistantes maternelles",
    "diagnostic parentalité",
    "numérique",
]
KIND_QUERIES = [("logement", "document"), ("garde", "event")]

TOPICS = [
    ("logement-hebergement--se-maintenir-dans-le-logement", "maintien dans le logement"),
    ("logement-hebergement--reduire-les-impayes-de-loyer", "impayés de loyer"),
    ("famille--garde-denfants", "garde d’enfants et assistantes maternelles"),
    ("numerique--acceder-a-des-services-en-ligne", "démarches en ligne numérique"),
    ("trouver-un-emploi--repondre-a-des-offres-demploi", "emploi et candidatures"),
    ("sante--acces-aux-soins", "accès aux soins"),
    ("remobilisation--lien-social", "lien social et ateliers collectifs"),
    ("difficultes-financieres--ameliorer-sa-gestion-budgetaire", "budget familial"),
    ("famille--soutien-a-la-parentalite", "parentalité et diagnostic des familles"),
    ("mobilite--preparer-un-permis", "permis de conduire"),
]
PLACES = ["du Haut-Clichy", "du Bas-Clichy", "du Chêne-Pointu", "de la Lorette", "des Bois"]
WORDS = [
    "Le",
    "diagnostic",
    "partagé",
    "montre",
    "les",
    "besoins",
    "des",
    "familles",
    "du",
    "quartier,",
    "l’accès",
    "aux",
    "droits,",
    "les",
    "modes",
    "de",
    "garde,",
    "le",
    "logement,",
    "l’emploi",
    "des",
    "jeunes",
    "et",
    "l’isolement",
    "des",
    "seniors.",
]


def setup_database() -> None:
    standalone.setup_database(DB_URL)


django_setup = standalone.django_setup
_urlpatterns = standalone.urlpatterns_with_trivial


def build_world():  # type: ignore[no-untyped-def]
    from maillage.core.roles import Role
    from maillage.territories import services as territory_services
    from maillage.territories.models import Territory
    from tests.factories import member

    territory = territory_services.create_territory(
        actor=None,
        name="Commune de mesure",
        slug="mesure",
        insee_code="93014",
        kind=Territory.Kind.COMMUNE,
    )
    organisations = [
        territory_services.create_organisation(
            actor=None, territory=territory, name=f"Organisation {i}", kind="association"
        )
        for i in range(200)
    ]
    user = member(territory, Role.PARTNER, organisations[0], email="partenaire@mesure.test")
    return territory, organisations, user


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def add_items(territory, organisations, total: int) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """``total`` items of every kind, bulk-created (no signals: the index is built after)."""
    from django.db import transaction
    from django.utils import timezone

    from maillage.community.models import Document, Event, Post
    from maillage.core.roles import Visibility
    from maillage.network.models import ContactPoint, Procedure, Service

    rng = random.Random(7)
    today = timezone.localdate()
    now = timezone.now()
    share = {
        "service": 0.60,
        "contact_point": 0.10,
        "procedure": 0.05,
        "document": 0.15,
        "post": 0.05,
        "event": 0.05,
    }
    counts = {kind: int(total * part) for kind, part in share.items()}

    def visibility() -> str:
        return Visibility.PUBLIC if rng.random() < 0.7 else Visibility.PARTNERS

    def topic() -> tuple[str, str]:
        return TOPICS[rng.randrange(len(TOPICS))]

    def org():  # type: ignore[no-untyped-def]
        return organisations[rng.randrange(len(organisations))]

    with transaction.atomic():
        services = []
        for n in range(counts["service"]):
            value, words = topic()
            o = org()
            s = Service(
                territory=territory,
                organisation=o,
                name=f"Service {words} {rng.choice(PLACES)} n° {n}",
                description=f"Accompagnement : {words}. {_text(rng, 12)}",
                date_maj=today - datetime.timedelta(days=rng.randrange(900)),
                thematiques=[value],
                publics=["familles"],
                modes_accueil=["en-presentiel"],
                frais="gratuit",
                commune="Clichy-sous-Bois",
                visibility=visibility(),
            )
            s._search_organisation_name = o.name
            s.refresh_search()
            services.append(s)
        Service.objects.bulk_create(services, batch_size=5000)
        contacts = []
        for n in range(counts["contact_point"]):
            value, words = topic()
            c = ContactPoint(
                territory=territory,
                organisation=org(),
                thematique=value.split("--")[0],
                function=f"Référent {words} n° {n}",
                phone="01 23 45 67 89",
                visibility=visibility(),
                checked_on=today,
            )
            contacts.append(c)
        for c in contacts:
            c.search_title, c.search_body = c.function.lower(), ""
        ContactPoint.objects.bulk_create(contacts, batch_size=5000)
        procedures = [
            Procedure(
                territory=territory,
                organisation=org(),
                title=f"Démarche {topic()[1]} n° {n}",
                thematique=topic()[0].split("--")[0],
                visibility=visibility(),
                checked_on=today,
            )
            for n in range(counts["procedure"])
        ]
        Procedure.objects.bulk_create(procedures, batch_size=5000)
        Document.objects.bulk_create(
            [
                Document(
                    territory=territory,
                    title=f"Étude {topic()[1]} {rng.choice(PLACES)} n° {n}",
                    kind="study",
                    summary=_text(rng, 30),
                    author=org(),
                    thematiques=[topic()[0]],
                    visibility=visibility(),
                    text=_text(rng, 800),
                )
                for n in range(counts["document"])
            ],
            batch_size=2000,
        )
        Post.objects.bulk_create(
            [
                Post(
                    territory=territory,
                    organisation=org(),
                    title=f"Actualité {topic()[1]} n° {n}",
                    summary=_text(rng, 25),
                    body=_text(rng, 120),
                    visibility=visibility(),
                    status="published",
                    published_at=now,
                )
                for n in range(counts["post"])
            ],
            batch_size=5000,
        )
        Event.objects.bulk_create(
            [
                Event(
                    territory=territory,
                    organisation=org(),
                    title=f"Forum {topic()[1]} n° {n}",
                    summary=_text(rng, 25),
                    starts_at=now + datetime.timedelta(days=rng.randrange(1, 60)),
                    ends_at=now + datetime.timedelta(days=60, hours=2),
                    place=f"Centre social {rng.choice(PLACES)}",
                    visibility=visibility(),
                    status="published",
                    published_at=now,
                )
                for n in range(counts["event"])
            ],
            batch_size=5000,
        )
    return counts


percentile = standalone.percentile
time_requests = standalone.time_requests


def measure_search(client, territory, runs: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from urllib.parse import urlencode

    from django.db import connection

    base = f"/territoires/{territory.slug}/recherche/"
    paths = [f"{base}?{urlencode({'q': q})}" for q in QUERIES] + [
        f"{base}?{urlencode({'q': q, 'type': k})}" for q, k in KIND_QUERIES
    ]
    queries = [0]

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(paths[0])
    search = time_requests(client, paths, runs)
    floor = time_requests(client, ["/bench/trivial/"], runs * 4)
    return {
        "search_p50_ms": round(statistics.median(search), 1),
        "search_p95_ms": round(percentile(search, 95), 1),
        "trivial_p50_ms": round(statistics.median(floor), 2),
        "trivial_p95_ms": round(percentile(floor, 95), 2),
        "ratio_p50": round(statistics.median(search) / statistics.median(floor), 1),
        "ratio_p95": round(percentile(search, 95) / percentile(floor, 95), 1),
        "queries_per_search": queries[0],
    }


def build_digest(territory, organisations, people: int, events: int) -> None:  # type: ignore[no-untyped-def]
    """``people`` partners following two organisations each (2 % also a thématique), and
    ``events`` audit entries of the day about the items, with their notices."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from maillage.community import topics
    from maillage.community.models import Follow, Notice, topic_key
    from maillage.core.models import AuditEntry
    from maillage.core.roles import Role
    from maillage.network.models import Service
    from maillage.territories.models import Membership

    rng = random.Random(11)
    user_model = get_user_model()
    with transaction.atomic():
        users = user_model.objects.bulk_create(
            [
                user_model(
                    email=f"personne{n}@mesure.test", full_name=f"Personne {n}", password="!"
                )
                for n in range(people)
            ],
            batch_size=5000,
        )
        Membership.objects.bulk_create(
            [
                Membership(
                    user=u,
                    territory=territory,
                    organisation=organisations[rng.randrange(len(organisations))],
                    role=Role.PARTNER,
                )
                for u in users
            ],
            batch_size=5000,
        )
        follows = []
        for u in users:
            for o in rng.sample(organisations, 2):
                follows.append(
                    Follow(
                        user=u,
                        territory=territory,
                        kind="organisation",
                        target=str(o.pk),
                        label=o.name,
                        topic=topic_key("organisation", o.pk),
                    )
                )
            if rng.random() < 0.02:
                value = TOPICS[rng.randrange(len(TOPICS))][0]
                follows.append(
                    Follow(
                        user=u,
                        territory=territory,
                        kind="thematique",
                        target=value,
                        label=value,
                        topic=topic_key("thematique", value),
                    )
                )
        Follow.objects.bulk_create(follows, batch_size=10000)

        objects = list(Service.objects.filter(territory=territory).order_by("?")[:events])
        now = timezone.now()
        entries = [
            AuditEntry(
                territory=territory,
                action="network.service.update",
                object_type="network.service",
                object_id=str(s.pk),
                object_repr=s.name[:255],
            )
            for s in objects
        ]
        AuditEntry.objects.bulk_create(entries, batch_size=5000)
        # auto_now_add: spread the entries over the last 20 hours.
        notices = []
        for entry, service in zip(entries, objects, strict=True):
            when = now - datetime.timedelta(seconds=rng.randrange(20 * 3600))
            entry.created_at = when
            for topic in topics.topics_of("network.service", service, territory.pk):
                notices.append(Notice(entry=entry, topic=topic, created_at=when))
        AuditEntry.objects.bulk_update(entries, ["created_at"], batch_size=5000)
        Notice.objects.bulk_create(notices, batch_size=10000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE core_auditentry; ANALYZE community_notice; ANALYZE community_follow; "
            "ANALYZE territories_membership; ANALYZE accounts_user"
        )


def measure_digest(people: int) -> dict[str, float]:
    from django.core import mail
    from django.db import connection

    from maillage.community import digests

    mail.outbox = []
    queries = [0]

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries[0] += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(count):
        run = digests.send_digests("daily")
    elapsed = time.perf_counter() - started
    sizes = [len(m.body) for m in mail.outbox]
    return {
        "people": run.people,
        "emails": run.emails,
        "total_s": round(elapsed, 1),
        "ms_per_person": round(elapsed * 1000 / max(run.people, 1), 2),
        "queries": queries[0],
        "queries_per_person": round(queries[0] / max(run.people, 1), 2),
        "median_email_chars": int(statistics.median(sizes)) if sizes else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--json", type=Path, help="write the figures to this file too")
    parser.add_argument(
        "--sample", type=int, help="with --digest-only: time the first N recipients only"
    )
    parser.add_argument(
        "--digest-only",
        action="store_true",
        help="send the digest again on the database a previous run built (no rebuild)",
    )
    parser.add_argument(
        "--search-only",
        action="store_true",
        help="time the search again on the database a previous run built (no rebuild)",
    )
    args = parser.parse_args()
    if args.search_only:
        search_again(args.runs)
        return
    if args.digest_only:
        digest_again(args.sample)
        return
    setup_database()
    django_setup()
    global urlpatterns
    urlpatterns = _urlpatterns()
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from maillage.community import indexing

    territory, organisations, user = build_world()
    started = time.perf_counter()
    counts = add_items(territory, organisations, args.items)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    rows = indexing.reindex_territory(territory)
    indexed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"{sum(counts.values())} items ({loaded:.0f} s), {rows} index rows ({indexed:.0f} s)",
        flush=True,
    )
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
        search = measure_search(client, territory, args.runs)
    print(f"search: {search}", flush=True)
    started = time.perf_counter()
    build_digest(territory, organisations, args.people, args.events)
    print(f"digest data: {time.perf_counter() - started:.0f} s", flush=True)
    digest = measure_digest(args.people)
    print(f"digest: {digest}", flush=True)
    summary = {
        "items": counts,
        "index_rows": rows,
        "index_build_s": round(indexed, 1),
        "search": search,
        "digest": {"events": args.events, **digest},
    }
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False))


def search_again(runs: int) -> None:
    import django

    django.setup()
    global urlpatterns
    urlpatterns = _urlpatterns()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import override_settings

    from maillage.territories.models import Territory

    territory = Territory.objects.get(slug="mesure")
    user = get_user_model()._default_manager.get(email="partenaire@mesure.test")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
        print(json.dumps({"search": measure_search(client, territory, runs)}, indent=2))


def digest_again(sample: int | None) -> None:
    import django

    django.setup()
    from maillage.community import digests
    from maillage.community.models import DigestRun

    DigestRun.objects.all().delete()  # the window starts one day back again
    if sample:
        # Time the run on the first ``sample`` recipients (every one of them over the
        # 50,000 events of the day) when the whole population would take too long here.
        everyone = digests.recipients
        digests.recipients = lambda frequency: everyone(frequency)[:sample]  # type: ignore[assignment]
    figures = measure_digest(0)
    if sample:
        figures["sampled_people"] = sample
    print(json.dumps({"digest": figures}, indent=2))


urlpatterns: list = []

if __name__ == "__main__":
    main()

"""Benchmark of the réseau's search on PostgreSQL, at 10,000 then 100,000 services.

Standalone (its set-up shared with bench_community.py in bench/standalone.py): it creates
and migrates its own database ``bench_reseau``, fills it, and times whole requests to
the search page through Django's test client, as a partner of the territory sees them:

- search p50 / p95 (ms) over several French queries, with and without filters;
- the same for a trivial view (``/bench/trivial/``, from this module's own URLconf): the
  floor every request pays (middleware, session, user);
- the ratio of the two, and the growth of the search p95 from 10,000 to 100,000
  services (goal: at most 2×).

Run: ``.venv/bin/python bench/bench_network.py`` (``BENCH_DATABASE_URL`` to point
elsewhere, ``--runs`` to change the number of timed runs per query)."""

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

# Run as a script by `make bench` (bench/runner.py): it builds its own data on its own database.
STANDALONE = True
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_reseau")
os.environ["DATABASE_URL"] = DB_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings.test")

from bench import standalone  # noqa: E402

QUERIES = [
    "logement",
    "garde enfant",
    "aide maintien logement",
    "numérique",
    "impayés de loyer",
    "atelier emploi jeunes",
]
FILTERED = [
    {"q": "logement", "public": "familles"},
    {"thematique": "famille--garde-denfants"},
]

TOPICS = [
    (
        "logement-hebergement--se-maintenir-dans-le-logement",
        "Maintien dans le logement",
        "aide au maintien dans le logement et prévention des expulsions",
    ),
    (
        "logement-hebergement--reduire-les-impayes-de-loyer",
        "Impayés de loyer",
        "accompagnement des ménages en impayé de loyer",
    ),
    (
        "famille--garde-denfants",
        "Garde d’enfants",
        "mode de garde ponctuel pour les enfants des parents en démarche",
    ),
    (
        "numerique--acceder-a-des-services-en-ligne",
        "Démarches en ligne",
        "aide aux démarches administratives en ligne",
    ),
    (
        "trouver-un-emploi--repondre-a-des-offres-demploi",
        "Emploi",
        "accompagnement vers l’emploi et candidatures",
    ),
    (
        "sante--acces-aux-soins",
        "Accès aux soins",
        "orientation vers un médecin traitant et ouverture des droits",
    ),
    (
        "remobilisation--lien-social",
        "Lien social",
        "ateliers collectifs et sorties pour rompre l’isolement",
    ),
    (
        "difficultes-financieres--ameliorer-sa-gestion-budgetaire",
        "Budget",
        "atelier budget et conseil en économie sociale et familiale",
    ),
    ("se-former--trouver-sa-formation", "Formation", "information sur les formations qualifiantes"),
    ("mobilite--preparer-un-permis", "Permis", "aide au financement du permis de conduire"),
]
KINDS = ["Permanence", "Atelier", "Accompagnement", "Point d’accueil", "Service", "Consultation"]
PLACES = [
    "du Haut-Clichy",
    "du Bas-Clichy",
    "du Chêne-Pointu",
    "de la Lorette",
    "des Bois",
    "du centre",
]
PUBLICS = ["familles", "jeunes", "seniors", "demandeurs-emploi", "tous-publics", "femmes"]


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


def add_services(territory, organisations, count: int, start: int) -> None:  # type: ignore[no-untyped-def]
    from django.db import transaction
    from django.utils import timezone

    from maillage.core.roles import Visibility
    from maillage.network.models import Service, ServiceFacet

    rng = random.Random(start)
    today = timezone.localdate()
    batch: list[Service] = []

    def flush() -> None:
        with transaction.atomic():
            Service.objects.bulk_create(batch, batch_size=2000)
            ServiceFacet.objects.bulk_create(
                [
                    ServiceFacet(service=s, facet=f, value=v)
                    for s in batch
                    for f, v in s.facet_rows()
                ],
                batch_size=5000,
            )
        batch.clear()

    for number in range(start, start + count):
        topic, title, sentence = TOPICS[rng.randrange(len(TOPICS))]
        second = TOPICS[rng.randrange(len(TOPICS))]
        organisation = organisations[rng.randrange(len(organisations))]
        publics = ["tous-publics"] if rng.random() < 0.2 else rng.sample(PUBLICS[:4], 2)
        service = Service(
            territory=territory,
            organisation=organisation,
            name=f"{rng.choice(KINDS)} {title.lower()} {rng.choice(PLACES)} n° {number}",
            description=f"{sentence.capitalize()}. Également : {second[2]}.",
            date_maj=today - datetime.timedelta(days=rng.randrange(900)),
            thematiques=[topic, second[0]] if second[0] != topic else [topic],
            publics=publics,
            modes_accueil=["en-presentiel"],
            frais="gratuit",
            commune="Clichy-sous-Bois",
            visibility=Visibility.PUBLIC if rng.random() < 0.7 else Visibility.PARTNERS,
        )
        service._search_organisation_name = organisation.name
        service.refresh_search()
        batch.append(service)
        if len(batch) >= 5000:
            flush()
    if batch:
        flush()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE network_service; ANALYZE network_servicefacet")


percentile = standalone.percentile
time_requests = standalone.time_requests


def measure(client, territory, runs: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from urllib.parse import urlencode

    base = f"/territoires/{territory.slug}/reseau/"
    search_paths = [f"{base}?{urlencode({'q': q})}" for q in QUERIES] + [
        f"{base}?{urlencode(f)}" for f in FILTERED
    ]
    search = time_requests(client, search_paths, runs)
    floor = time_requests(client, ["/bench/trivial/"], runs * 4)
    return {
        "search_p50_ms": round(statistics.median(search), 1),
        "search_p95_ms": round(percentile(search, 95), 1),
        "trivial_p50_ms": round(statistics.median(floor), 2),
        "trivial_p95_ms": round(percentile(floor, 95), 2),
        "ratio_p50": round(statistics.median(search) / statistics.median(floor), 1),
        "ratio_p95": round(percentile(search, 95) / percentile(floor, 95), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json", type=Path, help="write the figures to this file too")
    args = parser.parse_args()
    setup_database()
    django_setup()
    global urlpatterns
    urlpatterns = _urlpatterns()
    from django.test import Client
    from django.test.utils import override_settings

    territory, organisations, user = build_world()
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    results: dict[str, dict[str, float]] = {}
    with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
        for size in (10_000, 100_000):
            from maillage.network.models import Service

            have = Service.objects.count()
            started = time.perf_counter()
            add_services(territory, organisations, size - have, have)
            print(f"{size:>7} services ({time.perf_counter() - started:.0f} s to load)", flush=True)
            results[str(size)] = measure(client, territory, args.runs)
            print(f"         {results[str(size)]}", flush=True)
    growth = results["100000"]["search_p95_ms"] / results["10000"]["search_p95_ms"]
    summary = {"results": results, "p95_growth_10k_to_100k": round(growth, 2), "goal": "≤ 2×"}
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False))


urlpatterns: list = []

if __name__ == "__main__":
    main()

"""Builds the load test's database and the handles its virtual users need.

Run by ``scripts/loadtest.sh`` with the PRODUCTION settings (the sessions it creates are
signed with the same SECRET_KEY the gunicorn it starts uses):

    DJANGO_SETTINGS_MODULE=maillage.settings.production SECRET_KEY=… \\
    DATABASE_URL=postgres://…/loadtest_maillage python -m bench.load.prepare OUT.json

1. drops and recreates the database, migrates it, creates the cache table;
2. loads the department at 1× (``bench/dataset.py``: 41 territories, 2,000 organisations,
   20,000 users) and the first screens' data (``bench/bench_firstscreens.py``: fiches
   actions, bodies, séances, services), plus one indicator on each fiche the partner's
   association pilots (where partners record measurements);
3. signs people in the way the bench does (``bench/measure.session_cookie``: a session
   row, the second factor marked verified for coordinators), several per role, and
   creates API tokens (``api.services.create_token``) for the API clients;
4. writes every path, cookie and token to ``OUT.json`` for ``bench/load/locustfile.py``.

Nothing here weakens the product: no test-only view or setting; the sessions are the
ones a sign-in would create, in a throw-away database."""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from typing import Any


def main(out: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import database, dataset
    from bench.harness import Context, actors_for

    started = time.perf_counter()
    database.prepare([1])
    database.use(database.name_for(1))
    department = dataset.build(1, seed=2026)
    ctx = Context(
        scale=1,
        department=department,
        actors=actors_for(department),
        rng=random.Random("2026-load"),
    )
    from bench import bench_firstscreens

    bench_firstscreens.build(ctx)
    handles = _handles(ctx)
    dataset.analyze()
    call_command("createcachetable", verbosity=0)
    connection.close()
    handles["build_seconds"] = round(time.perf_counter() - started, 1)
    handles["counts"] = department.counts
    out.write_text(json.dumps(handles, indent=1, default=str))
    print(f"load test data ready in {handles['build_seconds']} s → {out}")


def _handles(ctx: Any) -> dict[str, Any]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from bench.measure import session_cookie
    from maillage.api.services import create_token
    from maillage.core.roles import Role
    from maillage.governance.models import Body
    from maillage.network.models import Service
    from maillage.programme.models import Action, Indicator
    from maillage.territories.models import Membership

    dept = ctx.department
    focus, association = dept.focus, dept.association

    # Indicators on the fiches the association pilots: where its members record measurements.
    piloted = list(Action.objects.filter(territory=focus, pilots=association).order_by("pk")[:40])
    indicators = ctx.bulk(
        Indicator,
        [Indicator(action=a, name="Personnes accompagnées", unit="personnes") for a in piloted],
    )
    services = list(
        Service.objects.filter(organisation=association)
        .order_by("pk")
        .values_list("pk", flat=True)[:40]
    )
    bodies = list(
        Body.objects.filter(territory=focus).order_by("pk").values_list("pk", flat=True)[:10]
    )

    def members(**filters: Any) -> list[Any]:
        return [
            m.user
            for m in Membership.objects.filter(territory=focus, ended_on__isnull=True, **filters)
            .select_related("user")
            .order_by("pk")[:10]
        ]

    partners = [ctx.actors["partner"], *members(organisation=association, role=Role.PARTNER)]
    coordinators = [ctx.actors["coordinator"], *members(role=Role.COORDINATOR)]
    residents = [ctx.actors["resident"], *members(role=Role.RESIDENT, organisation__isnull=True)]
    api_users = partners[:5]

    def unique(users: list[Any]) -> list[Any]:
        seen: dict[int, Any] = {}
        for user in users:
            seen.setdefault(user.pk, user)
        return list(seen.values())

    def cookies(users: list[Any]) -> list[str]:
        values = []
        for user in unique(users):
            if (
                user.requires_mfa
                and not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            ):
                continue
            value = session_cookie(user)
            values.append(value.split("=", 1)[1])
        return values

    tokens = [
        create_token(actor=user, name="Test de charge", scope="write", verified=True)[1]
        for user in unique(api_users)
    ]
    return {
        "territory": focus.slug,
        "departement": dept.departement.slug,
        "search_words": ["jardins", "emploi", "logement", "famille", "santé"],
        "actions": [a.pk for a in piloted],
        "indicators": [[i.action_id, i.pk] for i in indicators],
        "services": services,
        "bodies": bodies,
        "organisations": [association.pk, dept.town_hall.pk, dept.county_wide.pk],
        "sessions": {
            "partner": cookies(partners),
            "coordinator": cookies(coordinators),
            "resident": cookies(residents),
        },
        "tokens": tokens,
    }


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m bench.load.prepare OUT.json")
    main(Path(sys.argv[1]))

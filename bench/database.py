"""The bench's PostgreSQL databases: dropped and created at each run, migrated once, the
10× one copied from the migrated 1× one (``CREATE DATABASE … TEMPLATE``)."""

from __future__ import annotations

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from psycopg import sql

_BASE: dict[str, str] = {}


def base_name() -> str:
    """The configured name (``bench_maillage``), remembered before ``use`` changes it."""
    if "name" not in _BASE:
        _BASE["name"] = str(settings.DATABASES["default"]["NAME"])
    return _BASE["name"]


def name_for(scale: int) -> str:
    return base_name() if scale == 1 else f"{base_name()}_{scale}x"


def _admin() -> psycopg.Connection:
    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        raise SystemExit("make bench runs on PostgreSQL: set BENCH_DATABASE_URL=postgres://…")
    return psycopg.connect(
        dbname="postgres",
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        autocommit=True,
    )


def recreate(name: str, template: str | None = None) -> None:
    connections.close_all()
    with _admin() as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if template:
            admin.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
        else:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def use(name: str) -> None:
    """Point Django's default connection at ``name`` (as the test runner does)."""
    base_name()
    connections.close_all()
    settings.DATABASES["default"]["NAME"] = name
    connections["default"].settings_dict["NAME"] = name


def prepare(scales: list[int]) -> None:
    """Fresh, migrated, empty databases for every scale."""
    first = base_name()
    recreate(first)
    use(first)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    connections.close_all()
    for scale in scales:
        if name_for(scale) != first:
            recreate(name_for(scale), template=first)


def server_version() -> str:
    with connections["default"].cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])

"""``python -m bench.explain PATH``: the SQL one page runs, with each query's time, against
the databases the last ``make bench`` left behind. For finding out why a page is slow or
why its query count grows.

    DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python -m bench.explain \\
        /territoires/aubeterre/partenaires/ --as partner --scale 10 [--htmx] [--plan]

``--plan`` adds PostgreSQL's EXPLAIN ANALYZE for the slowest query. A standalone module's
database (``bench_governance.py --keep``) is read with ``--database NAME`` and its people
by e-mail (``--as partenaire@bench.test``).
"""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.explain", description=__doc__)
    parser.add_argument("path")
    parser.add_argument("--as", dest="actor", default="anonymous")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--htmx", action="store_true")
    parser.add_argument("--plan", action="store_true")
    parser.add_argument("--sql-width", type=int, default=300)
    parser.add_argument("--database", help="a database name instead of the scale's")
    parser.add_argument(
        "--short",
        action="store_true",
        help="with --plan: the plan's nodes only (no filters, buffers nor never-executed "
        "subplans), long id arrays shortened: for bench/README.md",
    )
    parser.add_argument(
        "--query", type=int, help="with --plan: explain this query (its number) not the slowest"
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench import database
    from bench.dataset import named_user
    from bench.measure import Server, session_cookie

    database.use(args.database or database.name_for(args.scale))
    if args.actor == "anonymous":
        user = None
    elif "@" in args.actor:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(email=args.actor)
    else:
        user = named_user(args.actor)
    cookie = session_cookie(user)
    server = Server()
    server.get(args.path, cookie, htmx=args.htmx)  # warm the process like the bench does
    with CaptureQueriesContext(connection) as captured:
        response = server.get(args.path, cookie, htmx=args.htmx)
    queries = captured.captured_queries
    print(
        f"{args.path} as {args.actor} at {args.scale}×: {response.status}, "
        f"{response.seconds * 1000:.1f} ms, {len(queries)} queries, {response.size:,} bytes"
    )
    for index, query in enumerate(queries, 1):
        print(
            f"{index:>3}. {float(query['time']) * 1000:7.1f} ms  {query['sql'][: args.sql_width]}"
        )
    if args.plan and queries:
        slowest = max(queries, key=lambda q: float(q["time"]))
        if args.query:
            slowest = queries[args.query - 1]
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {slowest['sql']}")
            print(f"\nQuery {queries.index(slowest) + 1}'s plan:")
            for (line,) in cursor.fetchall():
                if args.short and not _plan_node(line):
                    continue
                print(f"  {_shorten(line) if args.short else line}")
    return 0


def _plan_node(line: str) -> bool:
    text = line.strip()
    if "(never executed)" in text:
        return False
    return text.startswith("->") or "cost=" in text or "Time:" in text or "Index Cond" in text


def _shorten(line: str) -> str:
    import re

    def ids(match: re.Match[str]) -> str:
        return f"'{{…{match.group(1).count(',') + 1} ids}}'"

    line = re.sub(r"'\{([0-9,]{40,})\}'", ids, line)
    return re.sub(r" \(cost=[^)]*\)", "", line)


if __name__ == "__main__":
    sys.exit(main())

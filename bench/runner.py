"""``python -m bench``: build the department at 1× and 10×, measure every module's pages,
print a table, write bench/results/*.json, fail when a query count grows."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
BASELINE = "baseline"
TRIVIAL = "trivial view"
# The bar of ``--check`` (issue 17): a signed-in page within 10× its actor's trivial view
# at p95 at every scale, and a p95 that grows at most 1.3× from the first scale to the last.
MAX_RATIO_P95 = 10.0
MAX_GROWTH_P95 = 1.3


@dataclass
class Scenario:
    module: str
    label: str
    actor: str
    path: str
    expected: int
    htmx: bool = False
    after_write: bool | Callable[[], None] = False
    cookie: str = ""
    status: int = 0
    location: str = ""
    size: int = 0
    queries: int = -1
    samples: list[float] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.module, self.label, self.actor)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- modules


def available_modules() -> list[str]:
    return sorted(path.stem.removeprefix("bench_") for path in BENCH_DIR.glob("bench_*.py"))


def is_standalone(name: str) -> bool:
    """A module with ``STANDALONE = True`` builds its own data on its own database and
    times its own pages (imports, say); it runs as a script, never imported here, since
    importing it would point this process's settings at its database."""
    text = (BENCH_DIR / f"bench_{name}.py").read_text(encoding="utf-8")
    return re.search(r"^STANDALONE = True$", text, re.MULTILINE) is not None


def selected(only: list[str]) -> list[str]:
    names = available_modules()
    unknown = [name for name in only if name not in names]
    if unknown:
        raise SystemExit(
            f"Unknown benchmark module(s): {', '.join(unknown)}. Available: {', '.join(names)}"
        )
    return [name for name in names if not only or name in only]


def load_modules(names: list[str]) -> list[tuple[str, ModuleType]]:
    modules = []
    for name in names:
        module = importlib.import_module(f"bench.bench_{name}")
        if not callable(getattr(module, "pages", None)):
            raise SystemExit(f"bench/bench_{name}.py must define pages(ctx) -> list[Page]")
        modules.append((name, module))
    return modules


# --------------------------------------------------------------------------- one scale


def run_scale(
    scale: int, modules: list[tuple[str, ModuleType]], runs: int, warmup: int, seed: int
) -> dict[str, Any]:
    from bench import database, dataset
    from bench.harness import Context, actors_for
    from bench.measure import Server, session_cookie

    database.use(database.name_for(scale))
    log(f"\n[{scale}×] building the department in {database.name_for(scale)}…")
    started = time.perf_counter()
    department = dataset.build(scale, seed=seed)
    base_seconds = time.perf_counter() - started
    log(f"[{scale}×] department built in {base_seconds:.1f} s: {_counts(department.counts)}")
    ctx_by_module: dict[str, Context] = {}
    module_seconds: dict[str, float] = {}
    for name, module in modules:
        ctx = Context(
            scale=scale,
            department=department,
            actors=actors_for(department),
            rng=random.Random(f"{seed}-{name}"),
        )
        if callable(getattr(module, "build", None)):
            started = time.perf_counter()
            module.build(ctx)
            module_seconds[name] = time.perf_counter() - started
            log(f"[{scale}×] {name}: data built in {module_seconds[name]:.1f} s")
        ctx_by_module[name] = ctx
    if module_seconds:
        dataset.analyze()

    scenarios: list[Scenario] = []
    for name, _module in modules:
        ctx = ctx_by_module[name]
        seen: set[str] = set()
        for page in _module.pages(ctx):
            if page.label in seen:
                raise SystemExit(f"bench_{name}: two pages are labelled {page.label!r}")
            seen.add(page.label)
            for actor in page.actors:
                if actor not in ctx.actors:
                    raise SystemExit(
                        f"bench_{name}: page {page.label!r} names an unknown actor {actor!r} "
                        f"(known: {', '.join(ctx.actors)})"
                    )
                scenarios.append(
                    Scenario(
                        name,
                        page.label,
                        actor,
                        page.path,
                        page.status,
                        page.htmx,
                        page.after_write,
                    )
                )
    all_actors = {name: user for ctx in ctx_by_module.values() for name, user in ctx.actors.items()}
    used = sorted({s.actor for s in scenarios}, key=list(all_actors).index)
    from bench.urls import TRIVIAL_PATH

    scenarios = [Scenario(BASELINE, TRIVIAL, actor, TRIVIAL_PATH, 200) for actor in used] + (
        scenarios
    )
    cookies = {actor: session_cookie(all_actors[actor]) for actor in used}
    for scenario in scenarios:
        scenario.cookie = cookies[scenario.actor]

    server = Server()
    # First call: status check and warm-up of per-process caches (content types,
    # translations, templates); then one counted call.
    for scenario in scenarios:
        first = server.get(scenario.path, scenario.cookie, htmx=scenario.htmx)
        scenario.status, scenario.location, scenario.size = (
            first.status,
            first.location,
            first.size,
        )
    for scenario in scenarios:
        _made_again(scenario)
        if scenario.after_write is not True:
            # Its copy made again if a page counted before it wrote (core/kept_parts.py);
            # after a service's write, its other parts kept as its reader finds them.
            server.get(scenario.path, scenario.cookie, htmx=scenario.htmx)
            if callable(scenario.after_write):
                _made_again(scenario)
        _status, scenario.queries = server.count_queries(
            scenario.path, scenario.cookie, htmx=scenario.htmx
        )
    timed = [s for s in scenarios if s.status == s.expected]
    log(
        f"[{scale}×] timing {len(timed)} page × actor pairs, {warmup} warm-up + {runs} "
        "rounds, interleaved…"
    )
    order_rng = random.Random(seed)
    started = time.perf_counter()
    # Phases, each with the trivial views: the pages served as their readers find them,
    # then those made whole after a write (everything forgotten: in the same phase, they
    # would make every other page again), then those measured after a service's write.
    whole = [s for s in timed if s.after_write is True]
    one_write = [s for s in timed if callable(s.after_write)]
    kept = [s for s in timed if not s.after_write]
    baselines = [s for s in kept if s.module == BASELINE]
    phases = [kept] + [baselines + made for made in (whole, one_write) if made]
    for phase in phases:
        for round_ in range(warmup + runs):
            order = list(phase)
            order_rng.shuffle(order)
            for scenario in order:
                _made_again(scenario)
                response = server.get(scenario.path, scenario.cookie, htmx=scenario.htmx)
                if round_ >= warmup:
                    scenario.samples.append(response.seconds)
    log(f"[{scale}×] timed in {time.perf_counter() - started:.1f} s")
    from bench.database import server_version

    return {
        "database": database.name_for(scale),
        "postgresql": server_version(),
        "counts": department.counts,
        "build_seconds": {"department": round(base_seconds, 2)}
        | {name: round(s, 2) for name, s in module_seconds.items()},
        "scenarios": scenarios,
    }


def _made_again(scenario: Scenario) -> None:
    """A page measured after a write: everything kept forgotten, or the page's own write
    made (``Page.after_write``)."""
    if callable(scenario.after_write):
        scenario.after_write()
    elif scenario.after_write:
        from maillage.core import write_generation

        write_generation.replace()


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{value:,} {name}" for name, value in counts.items())


# --------------------------------------------------------------------------- results


def summarise(per_scale: dict[int, dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    from bench.measure import percentile

    scales = sorted(per_scale)
    failures: list[str] = []
    keys: list[tuple[str, str, str]] = []
    by_scale: dict[int, dict[tuple[str, str, str], Scenario]] = {}
    for scale in scales:
        by_scale[scale] = {s.key: s for s in per_scale[scale]["scenarios"]}
        keys += [key for key in by_scale[scale] if key not in keys]

    def stats(scenario: Scenario) -> dict[str, float] | None:
        if not scenario.samples:
            return None
        ms = [s * 1000 for s in scenario.samples]
        return {
            "p50": round(percentile(ms, 50), 3),
            "p95": round(percentile(ms, 95), 3),
            "mean": round(statistics.fmean(ms), 3),
            "min": round(min(ms), 3),
            "max": round(max(ms), 3),
            "n": len(ms),
        }

    rows = []
    for key in keys:
        module, label, actor = key
        row: dict[str, Any] = {
            "module": module,
            "label": label,
            "actor": actor,
            "path": {},
            "status": {},
            "queries": {},
            "ms": {},
            "ratio_to_trivial": {},
            "bytes": {},
            # "everything": made whole after each write; "one": after a service's write.
            "after_write": next(
                (
                    "everything" if scenario.after_write is True else "one"
                    for scenario in (by_scale[s].get(key) for s in scales)
                    if scenario is not None and scenario.after_write
                ),
                "",
            ),
        }
        for scale in scales:
            scenario = by_scale[scale].get(key)
            if scenario is None:
                failures.append(f"{module} / {label} / {actor}: missing at {scale}×")
                continue
            row["path"][str(scale)] = scenario.path
            row["status"][str(scale)] = scenario.status
            row["queries"][str(scale)] = scenario.queries
            row["bytes"][str(scale)] = scenario.size
            if scenario.status != scenario.expected:
                where = f" → {scenario.location}" if scenario.location else ""
                failures.append(
                    f"{module} / {label} / {actor} at {scale}×: {scenario.path} answered "
                    f"{scenario.status}{where}, expected {scenario.expected}"
                )
            timing = stats(scenario)
            row["ms"][str(scale)] = timing
            trivial = by_scale[scale].get((BASELINE, TRIVIAL, actor))
            base = stats(trivial) if trivial else None
            if timing and base:
                row["ratio_to_trivial"][str(scale)] = {
                    "p50": round(timing["p50"] / base["p50"], 2),
                    "p95": round(timing["p95"] / base["p95"], 2),
                }
        first, last = str(scales[0]), str(scales[-1])
        if row["ms"].get(first) and row["ms"].get(last):
            row["growth_p95"] = round(row["ms"][last]["p95"] / row["ms"][first]["p95"], 2)
        ratios = row["ratio_to_trivial"]
        if ratios.get(first) and ratios.get(last):
            # The growth of the page's own cost: the machine's speed may change between the
            # scales (minutes apart), which moves the trivial view as much as the page.
            row["growth_p95_vs_trivial"] = round(ratios[last]["p95"] / ratios[first]["p95"], 2)
        counted = set(row["queries"].values())
        if len(counted) > 1:
            detail = ", ".join(f"{q} at {s}×" for s, q in row["queries"].items())
            failures.append(f"QUERY COUNT GROWS: {module} / {label} / {actor}: {detail}")
        rows.append(row)
    return rows, failures


def check(rows: list[dict[str, Any]]) -> list[str]:
    """``--check``: every page over the bar. The anonymous trivial view runs no query and
    takes well under a millisecond, so anonymous pages are held to the growth bar only."""
    failures = []
    for row in rows:
        if row["module"] == BASELINE:
            continue
        name = f"{row['module']} / {row['label']} / {row['actor']}"
        # A page made whole after a write is reported against the bar, not held to it.
        if row["actor"] != "anonymous" and row.get("after_write") != "everything":
            for scale, ratio in row["ratio_to_trivial"].items():
                if ratio["p95"] > MAX_RATIO_P95:
                    failures.append(
                        f"TOO SLOW: {name} at {scale}×: p95 {ratio['p95']:.2f}× the trivial "
                        f"view (bar {MAX_RATIO_P95:g}×)"
                    )
        growth = row.get("growth_p95_vs_trivial")
        if growth is not None and growth > MAX_GROWTH_P95:
            failures.append(
                f"GROWS WITH THE DATA: {name}: p95 ÷ trivial ×{growth:.2f} from the first "
                f"scale to the last (bar ×{MAX_GROWTH_P95:g}; raw p95 ×{row['growth_p95']:.2f})"
            )
    return failures


def render_table(rows: list[dict[str, Any]], scales: list[int]) -> str:
    ref, *others = [str(s) for s in scales]
    headers = ["page", "as", "status", *[f"queries {s}×" for s in scales]]
    headers += [f"p50 ms {ref}×", f"p95 ms {ref}×", "p50 ÷ trivial", "p95 ÷ trivial"]
    for other in others:
        headers += [f"p50 ms {other}×", f"÷ trivial {other}×", f"p95 ÷ trivial {other}×"]
    if others:
        headers += ["p95 growth", "÷ trivial's"]
    table: list[list[str]] = []
    module = None
    for row in rows:
        if row["module"] != module:
            module = row["module"]
            table.append([f"[{module}]"])
        timing = row["ms"].get(ref) or {}
        ratio = row["ratio_to_trivial"].get(ref) or {}
        statuses = sorted({str(s) for s in row["status"].values()})
        line = [
            row["label"],
            row["actor"],
            "/".join(statuses),
            *[str(row["queries"].get(str(s), "—")) for s in scales],
            _num(timing.get("p50")),
            _num(timing.get("p95")),
            _num(ratio.get("p50"), "×"),
            _num(ratio.get("p95"), "×"),
        ]
        for other in others:
            timing_other = row["ms"].get(other) or {}
            ratio_other = row["ratio_to_trivial"].get(other) or {}
            line += [
                _num(timing_other.get("p50")),
                _num(ratio_other.get("p50"), "×"),
                _num(ratio_other.get("p95"), "×"),
            ]
        if others:
            line.append(_num(row.get("growth_p95"), "×"))
            line.append(_num(row.get("growth_p95_vs_trivial"), "×"))
        table.append(line)
    widths = [
        max(len(r[i]) for r in [headers, *table] if len(r) > 1 and i < len(r))
        for i in range(len(headers))
    ]
    numeric = set(range(2, len(headers)))

    def fmt(cells: list[str]) -> str:
        if len(cells) == 1:
            return cells[0]
        return "  ".join(
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        )

    lines = [fmt(headers), "  ".join("-" * w for w in widths)]
    lines += [fmt(line) for line in table]
    return "\n".join(lines)


def _num(value: float | None, suffix: str = "") -> str:
    if value is None:
        return "—"
    return f"{value:.2f}{suffix}" if suffix else f"{value:.1f}"


def git_info() -> dict[str, Any]:
    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=BENCH_DIR, capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    return {
        "commit": git("rev-parse", "HEAD"),
        "branch": git("rev-parse", "--abbrev-ref", "HEAD"),
        "dirty": bool(git("status", "--porcelain")),
    }


# --------------------------------------------------------------------------- main


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--only",
        default=os.environ.get("ONLY", ""),
        help="comma-separated module names (bench/bench_<name>.py); default: all",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=int(os.environ.get("RUNS", "100")),
        help="timed rounds at the reference scale (default 100)",
    )
    parser.add_argument(
        "--runs-large",
        type=int,
        default=int(os.environ.get("RUNS_LARGE", "0")) or None,
        help="timed rounds at the larger scales (default: a quarter of --runs, 20 at least); "
        "they show how time grows, the query counts are what they check",
    )
    parser.add_argument("--warmup", type=int, default=int(os.environ.get("WARMUP", "10")))
    parser.add_argument(
        "--scales",
        default=os.environ.get("SCALES", "1,10"),
        help="data scales, the first is the reference (default 1,10)",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--check",
        action="store_true",
        default=os.environ.get("CHECK", "") not in ("", "0"),
        help=f"also fail when a signed-in page's p95 is over {MAX_RATIO_P95:g}× its actor's "
        f"trivial view, or any page's p95 grows over {MAX_GROWTH_P95:g}× from the first scale "
        "to the last (standalone modules get --check too)",
    )
    parser.add_argument("--list", action="store_true", help="list the modules and exit")
    args = parser.parse_args(argv)
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    args.scales = sorted({int(s) for s in str(args.scales).split(",") if s.strip()})
    if len(args.scales) < 2:
        parser.error("--scales needs two scales at least, to compare query counts")
    if args.runs_large is None:
        args.runs_large = max(20, args.runs // 4)
    if min(args.runs, args.runs_large) < 20:
        parser.error("--runs and --runs-large must be 20 or more for a p95 to mean something")
    return args


def run_standalone(name: str, runs: int, check: bool = False) -> int:
    """Runs ``bench/bench_<name>.py`` on its own database, ``bench_<name>`` on the server
    of ``BENCH_DATABASE_URL``."""
    server = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_maillage"
    ).rsplit("/", 1)[0]
    url = f"{server}/bench_{name}"
    env = {**os.environ, "DATABASE_URL": url, "BENCH_DATABASE_URL": url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / f"{name}-latest.json"
    log(f"Standalone module {name} on {url}…")
    command = [sys.executable, str(BENCH_DIR / f"bench_{name}.py"), "--runs", str(runs)]
    if check and "--check" in (BENCH_DIR / f"bench_{name}.py").read_text(encoding="utf-8"):
        command.append("--check")
    return subprocess.run([*command, "--json", str(out)], env=env, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.list:
        for name in available_modules():
            print(f"{name} (standalone)" if is_standalone(name) else name)
        return 0
    names = selected(args.only)
    harnessed = [name for name in names if not is_standalone(name)]
    status = run_harness(args, harnessed) if harnessed else 0
    for name in names:
        if is_standalone(name):
            status = run_standalone(name, args.runs_large, args.check) or status
    return status


def run_harness(args: argparse.Namespace, names: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.conf import settings

    from bench import database

    modules = load_modules(names)
    started_at = datetime.now(UTC)
    load_start = os.getloadavg()
    log(
        f"Modules: {', '.join(name for name, _m in modules)}; scales "
        f"{', '.join(f'{s}×' for s in args.scales)}; {args.runs} runs "
        f"({args.runs_large} at larger scales) after {args.warmup} warm-up."
    )
    log(f"Preparing databases ({', '.join(database.name_for(s) for s in args.scales)})…")
    database.prepare(args.scales)
    per_scale = {
        scale: run_scale(
            scale,
            modules,
            args.runs if scale == args.scales[0] else args.runs_large,
            args.warmup,
            args.seed,
        )
        for scale in args.scales
    }
    rows, failures = summarise(per_scale)
    if args.check:
        failures += check(rows)
    ref = args.scales[0]
    counts = per_scale[ref]["counts"]
    print()
    print(
        f"Maillage bench — {started_at:%Y-%m-%d %H:%M} UTC — PostgreSQL "
        f"{per_scale[ref]['postgresql']} — {os.cpu_count()} CPU, load {load_start[0]:.2f}"
    )
    print(f"Data at {ref}×: {_counts(counts)}")
    for scale in args.scales[1:]:
        print(f"Data at {scale}×: {_counts(per_scale[scale]['counts'])}")
    print(
        f"Server time per request through the whole middleware stack (WSGI, in-process), "
        f"{args.runs} interleaved runs ({args.runs_large} at larger scales) after "
        f"{args.warmup} warm-up; ÷ trivial = the same "
        "actor's trivial view, same run."
    )
    print()
    print(render_table(rows, args.scales))
    print()
    report = {
        "started_at": started_at.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
        "git": git_info(),
        "machine": {
            "cpus": os.cpu_count(),
            "loadavg_start": load_start,
            "loadavg_end": os.getloadavg(),
            "python": platform.python_version(),
            "django": django.get_version(),
            "postgresql": per_scale[ref]["postgresql"],
            "settings_module": os.environ["DJANGO_SETTINGS_MODULE"],
            "middleware": list(settings.MIDDLEWARE),
        },
        "settings": {
            "runs": args.runs,
            "runs_large": args.runs_large,
            "warmup": args.warmup,
            "scales": args.scales,
            "modules": [name for name, _m in modules],
            "seed": args.seed,
            "check": args.check,
        },
        "datasets": {
            str(scale): {
                "database": data["database"],
                "counts": data["counts"],
                "build_seconds": data["build_seconds"],
            }
            for scale, data in per_scale.items()
        },
        "pages": rows,
        "failures": failures,
    }
    RESULTS_DIR.mkdir(exist_ok=True)
    suffix = "-".join(name for name, _m in modules) if args.only else "all"
    path = RESULTS_DIR / f"bench-{started_at:%Y%m%d-%H%M%S}-{suffix}.json"
    text = json.dumps(report, indent=2, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    (RESULTS_DIR / "latest.json").write_text(text, encoding="utf-8")
    print(f"Results: {path.relative_to(BENCH_DIR.parent)}", flush=True)
    if failures:
        print("\n" + "!" * 78, file=sys.stderr)
        print("BENCH FAILED:", file=sys.stderr)
        for failure in failures:
            print(f"  - {failure}", file=sys.stderr)
        print("!" * 78, file=sys.stderr)
        return 1
    print("Query counts are the same at every scale.")
    if args.check:
        print(
            f"Every signed-in page is within {MAX_RATIO_P95:g}× its trivial view at p95 and no "
            f"page's p95 grows over {MAX_GROWTH_P95:g}×."
        )
    return 0

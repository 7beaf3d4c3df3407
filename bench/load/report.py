"""The load test's report: a Markdown table per stage, the slowest endpoints and an SVG
chart (written by hand: no plotting library is installed), from the samples Locust's
virtual users recorded (``bench/load/locustfile.py``).

    python -m bench.load.report results.json --out docs/load --workers 3

Exits 1 when any request got a 5xx answer (or no answer)."""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

GOAL_P95_MS = 200.0


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(1, math.ceil(pct / 100 * len(ordered))) - 1]


def _cpu_at(series: list[list[float]], moment: float) -> tuple[float, float]:
    """CPU seconds (web, database) used up to ``moment``, from the sampler's series."""
    before = [entry for entry in series if entry[0] <= moment]
    entry = before[-1] if before else (series[0] if series else [moment, 0.0, 0.0])
    return entry[1], entry[2]


def summarise(data: dict[str, Any], cpu: dict[str, Any] | None = None) -> dict[str, Any]:
    samples = data["samples"]
    series = (cpu or {}).get("series", [])
    stages = []
    for stage in data["stages"]:
        inside = [s for s in samples if stage["start"] <= s[0] < stage["end"]]
        times = [s[3] for s in inside]
        seconds = max(stage["end"] - stage["start"], 1e-9)
        stages.append(
            {
                "users": stage["users"],
                "seconds": round(seconds, 1),
                "requests": len(inside),
                "rps": round(len(inside) / seconds, 1),
                "p50": round(percentile(times, 50)),
                "p95": round(percentile(times, 95)),
                "p99": round(percentile(times, 99)),
                "5xx": sum(1 for s in inside if s[2] >= 500 or s[2] == 0),
                "4xx": sum(1 for s in inside if 400 <= s[2] < 500),
                "warmup": bool(stage.get("warmup")),
            }
        )
        if series:
            web0, db0 = _cpu_at(series, stage["start"])
            web1, db1 = _cpu_at(series, stage["end"])
            stages[-1]["cpu_web_ms"] = round((web1 - web0) * 1000 / max(len(inside), 1), 1)
            stages[-1]["cpu_db_ms"] = round((db1 - db0) * 1000 / max(len(inside), 1), 1)
    by_name: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for _at, name, status, ms, _kind in samples:
        by_name[name].append(ms)
        statuses[name][status] += 1
    endpoints = sorted(
        (
            {
                "name": name,
                "requests": len(times),
                "p50": round(percentile(times, 50)),
                "p95": round(percentile(times, 95)),
                "statuses": dict(sorted(statuses[name].items())),
            }
            for name, times in by_name.items()
        ),
        key=lambda e: -e["p95"],
    )
    within = [s for s in stages if s["p95"] <= GOAL_P95_MS and s["requests"] and not s["warmup"]]
    best = max(within, key=lambda s: s["rps"]) if within else None
    measured = [s for s in stages if not s["warmup"] and "cpu_web_ms" in s]
    requests = sum(s["requests"] for s in measured)
    cpu_ms = (
        sum((s["cpu_web_ms"] + s["cpu_db_ms"]) * s["requests"] for s in measured) / requests
        if requests
        else None
    )
    return {
        "cpu_ms_per_request": round(cpu_ms, 1) if cpu_ms else None,
        "cpu_web_ms_per_request": round(
            sum(s["cpu_web_ms"] * s["requests"] for s in measured) / requests, 1
        )
        if requests
        else None,
        "stages": stages,
        "endpoints": endpoints,
        "best": best,
        "total_requests": len(samples),
        "total_5xx": sum(1 for s in samples if s[2] >= 500 or s[2] == 0),
        "total_4xx": sum(1 for s in samples if 400 <= s[2] < 500),
        "stop_p95_ms": data.get("stop_p95_ms", 500),
    }


def svg_chart(stages: list[dict[str, Any]]) -> str:
    """Requests per second (bars) and p95 in ms (line) per stage's user count (the
    warm-up left out)."""
    stages = [s for s in stages if not s.get("warmup")]
    width, height, left, right, top, bottom = 720, 360, 70, 70, 40, 60
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(stages), 1)
    max_rps = max([s["rps"] for s in stages] + [1]) * 1.15
    max_ms = max([s["p95"] for s in stages] + [600]) * 1.1
    slot = plot_w / n

    def y_rps(v: float) -> float:
        return top + plot_h - v / max_rps * plot_h

    def y_ms(v: float) -> float:
        return top + plot_h - v / max_ms * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12" role="img" '
        'aria-labelledby="t d">',
        '<title id="t">Maillage sous charge : requêtes par seconde et p95 par palier d’utilisateurs</title>',
        '<desc id="d">Barres : requêtes par seconde servies ; ligne : 95e centile du temps de '
        "réponse en millisecondes ; pointillés : 200 ms et 500 ms.</desc>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">'
        "Requêtes/s (barres) et p95 ms (ligne) par nombre d’utilisateurs simultanés</text>",
    ]
    for limit, colour in ((200, "#18753c"), (500, "#ce0500")):
        if limit <= max_ms:
            y = y_ms(limit)
            parts.append(
                f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
                f'stroke="{colour}" stroke-dasharray="6 4"/>'
                f'<text x="{left + plot_w + 4}" y="{y + 4:.1f}" fill="{colour}">{limit} ms</text>'
            )
    for index, stage in enumerate(stages):
        x = left + index * slot + slot * 0.2
        y = y_rps(stage["rps"])
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.6:.1f}" '
            f'height="{top + plot_h - y:.1f}" fill="#6a6af4"/>'
            f'<text x="{x + slot * 0.3:.1f}" y="{y - 4:.1f}" text-anchor="middle">'
            f"{stage['rps']:g}</text>"
            f'<text x="{left + index * slot + slot / 2:.1f}" y="{top + plot_h + 18}" '
            f'text-anchor="middle">{stage["users"]}</text>'
        )
    points = " ".join(
        f"{left + i * slot + slot / 2:.1f},{y_ms(s['p95']):.1f}" for i, s in enumerate(stages)
    )
    parts.append(f'<polyline points="{points}" fill="none" stroke="#000091" stroke-width="2.5"/>')
    for i, s in enumerate(stages):
        cx, cy = left + i * slot + slot / 2, y_ms(s["p95"])
        parts.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="#000091"/>'
            f'<text x="{cx + 6:.1f}" y="{cy - 6:.1f}" fill="#000091">{s["p95"]} ms</text>'
        )
    parts += [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#333"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#333"/>',
        f'<text x="{left + plot_w / 2}" y="{height - 15}" text-anchor="middle">'
        "utilisateurs simultanés (palier)</text>",
        f'<text x="18" y="{top + plot_h / 2}" text-anchor="middle" '
        f'transform="rotate(-90 18 {top + plot_h / 2})">requêtes/s</text>',
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def markdown(summary: dict[str, Any], meta: dict[str, Any]) -> str:
    lines = [
        f"Run of {meta['date']} on {meta['machine']} ({meta['cores']} cores, shared with other "
        f"work), PostgreSQL {meta.get('postgresql', '?')}, gunicorn {meta['workers']} sync "
        f"workers, production settings, commit `{meta['commit']}`; Locust on the same machine; "
        f"load average at the end {' / '.join(str(x) for x in meta['load_average'])} (1/5/15 min).",
        "",
        "| users | requests | req/s | p50 ms | p95 ms | p99 ms | 4xx | 5xx | CPU ms/request (gunicorn + PostgreSQL) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in summary["stages"]:
        users = f"{s['users']} (warm-up)" if s["warmup"] else str(s["users"])
        lines.append(
            f"| {users} | {s['requests']} | {s['rps']} | {s['p50']} | {s['p95']} | "
            f"{s['p99']} | {s['4xx']} | {s['5xx']} | "
            f"{s.get('cpu_web_ms', '?')} + {s.get('cpu_db_ms', '?')} |"
        )
    best = summary["best"]
    lines.append("")
    if best:
        per_core = best["rps"] / meta["cores"]
        lines.append(
            f"**Capacity at p95 ≤ {GOAL_P95_MS:.0f} ms: {best['rps']} requests/s with "
            f"{best['users']} users, {per_core:.1f} requests/s per core** (all {meta['cores']} "
            "cores: gunicorn, PostgreSQL and Locust together). "
            f"**5xx: {summary['total_5xx']}** of {summary['total_requests']} requests."
        )
    else:
        lines.append(
            f"No stage kept p95 ≤ {GOAL_P95_MS:.0f} ms. 5xx: {summary['total_5xx']} of "
            f"{summary['total_requests']} requests."
        )
    if summary["cpu_ms_per_request"]:
        lines += [
            "",
            f"**CPU cost: {summary['cpu_ms_per_request']} ms per request** (gunicorn "
            f"{summary['cpu_web_ms_per_request']} ms + PostgreSQL "
            f"{summary['cpu_ms_per_request'] - summary['cpu_web_ms_per_request']:.1f} ms, over "
            "the stages after the warm-up), so **one fully used core serves about "
            f"{1000 / summary['cpu_ms_per_request']:.0f} requests per second** of this mix. "
            "Latencies on a shared machine measure its load as much as Maillage; the CPU "
            "time per request barely depends on it.",
        ]
    lines += [
        "",
        "Slowest endpoints over the whole run (p95, every stage together):",
        "",
        "| endpoint | requests | p50 ms | p95 ms | statuses |",
        "|---|---|---|---|---|",
    ]
    for e in summary["endpoints"][:12]:
        statuses = ", ".join(f"{k}×{v}" for k, v in e["statuses"].items())
        lines.append(f"| {e['name']} | {e['requests']} | {e['p50']} | {e['p95']} | {statuses} |")
    return "\n".join(lines) + "\n"


def _postgresql(handles: str | None) -> str:
    try:
        out = subprocess.run(
            ["psql", "--version"],
            capture_output=True,
            text=True,
            check=False,
        )
        return out.stdout.split()[2] if out.stdout else "?"
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--out", default="docs/load")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--gunicorn-log", default="")
    parser.add_argument("--handles", default="")
    parser.add_argument("--cpu", default="")
    args = parser.parse_args()
    data = json.loads(Path(args.results).read_text())
    cpu = json.loads(Path(args.cpu).read_text()) if args.cpu and Path(args.cpu).exists() else None
    summary = summarise(data, cpu)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    meta = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.system()} {platform.machine()}",
        "cores": os.cpu_count() or 1,
        "workers": args.workers,
        "commit": commit or "?",
        "postgresql": _postgresql(args.handles),
        # Other work on the machine during the run (1, 5, 15 minutes).
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }
    if args.gunicorn_log and Path(args.gunicorn_log).exists():
        log = Path(args.gunicorn_log).read_text(errors="replace")
        meta["tracebacks_in_log"] = log.count("Traceback")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "load-report.md").write_text(markdown(summary, meta))
    (out / "load-chart.svg").write_text(svg_chart(summary["stages"]))
    (out / "load-summary.json").write_text(json.dumps({"meta": meta, **summary}, indent=1))
    print(markdown(summary, meta))
    if meta.get("tracebacks_in_log"):
        print(f"gunicorn's log holds {meta['tracebacks_in_log']} traceback(s): {args.gunicorn_log}")
    if summary["total_5xx"]:
        raise SystemExit(f"{summary['total_5xx']} request(s) got a 5xx answer or none")


if __name__ == "__main__":
    main()

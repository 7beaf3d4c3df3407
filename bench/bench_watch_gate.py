"""The veille's personal-data gate on 5,000-character texts: p50 / p95 of ``screen``.

Standalone and without a database: the gate is pure Python. Three texts of 5,000
characters are screened: an ordinary professional text that passes, the same text with
personal data scattered through it (phones, e-mails, a NIR, an IBAN, addresses, names,
dates of birth) and a text dense in digits and capitals (tables of figures, acronyms),
the worst case for the number patterns. The goal is under 20 ms at p50 and p95 for each;
the run fails (exit 1) above it.

Run: ``.venv/bin/python bench/bench_watch_gate.py`` (``--runs`` to change the number of
timed runs per text, ``--json`` to write the figures to a file too)."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

# Run as a script by `make bench` (bench/runner.py); it needs no database.
STANDALONE = True
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings.test")

SIZE = 5_000
GOAL_MS = 20.0

ORDINARY = (
    "Depuis septembre, la PMI du bas Clichy observe une hausse des retards de "
    "développement psychomoteur chez les enfants de 2 à 4 ans : 18 situations au "
    "dernier trimestre contre 7 un an plus tôt. Le service social départemental et "
    "l'école maternelle du quartier du Chêne Pointu relèvent le même phénomène. "
    "Madame la Maire a demandé un point au comité technique ; la CAF et France Travail "
    "observent des parents sans solution de garde pour des horaires atypiques (5 h – 7 h), "
    "soit une trentaine de familles, dont 45 % de familles monoparentales. "
    "Les accidents domestiques récurrents rue de la Paix et avenue des Sciences "
    "concernent surtout les moins de 6 ans ; 3 cours de français par semaine ne "
    "suffisent plus et 1 place en crèche pour 10 demandes. "
)
PERSONAL = (
    "Joindre Mme Benali au 06 12 34 56 78 ou à parent.eleve@example.org ; la famille "
    "Moreau vit au 12 rue Victor Hugo, enfant né le 12/03/2015, NIR 1 85 05 78 006 084 91, "
    "IBAN FR76 3000 6000 0112 3456 7890 189, n° allocataire 1234567. "
)
DENSE = (
    "IRIS 930140101 : 1 234 ménages, 2 345 logements, 12,5 % ; IRIS 930140102 : 987 "
    "ménages, 1 002 logements, 9,8 % ; QPV QN09301M, INSEE 93014, T2 2024 : 18 ; "
    "T3 2024 : 25 ; CCAS, PMI, CAF, MDS, CMP, DEFI, RSA, APL, AAH, ASE, CRIP. "
)


def text_of(*parts: str) -> str:
    text = ""
    index = 0
    while len(text) < SIZE:
        text += parts[index % len(parts)]
        index += 1
    return text[:SIZE]


def percentile(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--json", type=Path, help="write the figures to this file too")
    args = parser.parse_args()
    import django

    django.setup()
    from maillage.watch.gate import screen

    texts = {
        "ordinary (passes)": text_of(ORDINARY),
        "with personal data": text_of(ORDINARY, PERSONAL),
        "dense in digits": text_of(DENSE),
    }
    results: dict[str, dict[str, float | int]] = {}
    failed = []
    for label, text in texts.items():
        for _ in range(10):
            screen(text)
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            screening = screen(text)
            timings.append((time.perf_counter() - started) * 1000)
        row = {
            "chars": len(text),
            "findings": len(screening.findings),
            "p50_ms": round(statistics.median(timings), 2),
            "p95_ms": round(percentile(timings, 95), 2),
        }
        results[label] = row
        print(f"{label:<20} {row}", flush=True)
        if row["p50_ms"] > GOAL_MS or row["p95_ms"] > GOAL_MS:
            failed.append(label)
    summary = {"results": results, "goal_ms": GOAL_MS, "runs": args.runs}
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    if failed:
        print(f"BENCH FAILED: over {GOAL_MS} ms: {', '.join(failed)}", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()

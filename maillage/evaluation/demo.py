"""The evaluation's demo (docs/evaluation.md): each part loads through its services."""

from __future__ import annotations

from maillage.core.demo import DemoContext


def load(ctx: DemoContext) -> None:
    # =========================================================== conférence sociale (p15-conf)
    from maillage.evaluation.demo_conference import load_conferences

    load_conferences(ctx)
    # =========================================================== end conférence sociale

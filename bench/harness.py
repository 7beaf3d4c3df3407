"""What a benchmark module uses: ``Page`` to name what to measure, ``Context`` to build
its data on top of the department. See bench/README.md."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.dataset import Department, bulk

# Actors every module may name in ``Page.actors``; a module's ``build`` may add its own
# (``ctx.actors["pilot"] = user``) before ``pages`` is called.
DEFAULT_ACTORS = ("anonymous", "partner")


@dataclass(frozen=True)
class Page:
    """One page to measure.

    ``label`` must be the same at every scale (it is how the 1× and 10× figures are
    matched); ``path`` may differ (primary keys do). ``status`` is what the page must
    answer: anything else fails the run. ``htmx`` sends ``HX-Request: true`` to measure
    the partial a filter form swaps in. ``after_write`` runs before each call (outside the
    timing): ``True`` forgets everything kept (``write_generation.replace``) — the page
    made whole for its reader, the first visit after a migration, reported and held to the
    growth bar, not to the 10× one (docs/decisions/0025) —; a function makes a real write
    through a service (a partner updating a service): the page as its reader finds it after
    that write, its parts that read the tables written made again, the others kept
    (docs/decisions/0027), held to both bars."""

    label: str
    path: str
    actors: tuple[str, ...] = DEFAULT_ACTORS
    status: int = 200
    htmx: bool = False
    after_write: bool | Callable[[], None] = False


@dataclass
class Context:
    """Given to a module's ``build(ctx)`` and ``pages(ctx)``, once per scale.

    - ``scale``: 1, then 10. Build ``scale`` times your base quantities.
    - ``department``: the territories, organisations and users already loaded
      (``bench.dataset.Department``: ``focus`` is the commune pages are about).
    - ``actors``: name → user (``None`` for anonymous) the harness signs in as.
    - ``rng``: seeded, so both runs and both scales build the same shapes.
    - ``state``: a module's own handles between ``build`` and ``pages``.
    """

    scale: int
    department: Department
    actors: dict[str, Any]
    rng: random.Random
    state: dict[str, Any] = field(default_factory=dict)

    @staticmethod
    def bulk(model: type, objects: Sequence[Any]) -> list[Any]:
        """``bulk_create`` in batches of 5,000, primary keys set (PostgreSQL)."""
        return bulk(model, objects)


def actors_for(department: Department) -> dict[str, Any]:
    return {"anonymous": None, **department.users}

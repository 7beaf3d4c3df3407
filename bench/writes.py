"""Writes a bench makes before a page is timed (``Page.after_write``): real ones, through
the services the forms call, so that the page is measured as its reader finds it after
them."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from bench.harness import Context


def service_updated(ctx: Context) -> Callable[[], None]:
    """A write to run before each call: the partner confirms one of the association's
    services, through the service that the form calls (its row, its facets, the journal)."""
    from maillage.network import services
    from maillage.network.models import Service

    dept, partner = ctx.department, ctx.actors["partner"]
    calls = itertools.count()

    def write() -> None:
        service = (
            Service.objects.filter(territory=dept.focus, organisation=dept.association)
            .order_by("pk")
            .first()
        )
        assert service is not None
        services.update_service(
            actor=partner, service=service, description=f"Accueil et orientation ({next(calls)})."
        )

    return write

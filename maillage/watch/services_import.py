"""Importing signals from a CSV file: every line goes through ``services.report_signal``
(the personal-data gate, the organisation check, one audit entry per signal), all in one
transaction — a single refused line and nothing at all is stored."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from maillage.core.text import fold
from maillage.territories.models import GeoUnit, Organisation, Territory
from maillage.watch import importing, services
from maillage.watch.models import Signal

FIELD = "file"


def _places(territory: Territory) -> dict[str, GeoUnit]:
    units = GeoUnit.objects.filter(
        territory=territory,
        kind__in=[GeoUnit.Kind.QUARTIER, GeoUnit.Kind.IRIS, GeoUnit.Kind.QPV],
    )
    found: dict[str, GeoUnit] = {}
    for unit in units:
        found.setdefault(fold(unit.code), unit)
        found.setdefault(fold(unit.name), unit)
    return found


@transaction.atomic
def import_signals(
    *, actor: Any, territory: Territory, organisation: Organisation, content: bytes
) -> list[Signal]:
    """The signals of the file, reported by ``organisation``; ``ValidationError`` on the
    ``file`` field with one message per problem (line and column named) otherwise."""
    parsed = importing.parse(content, _places(territory))
    if parsed.errors:
        raise ValidationError({FIELD: parsed.errors})
    created: list[Signal] = []
    errors: list[str] = []
    for line, fields in parsed.rows:
        try:
            with transaction.atomic():
                created.append(
                    services.report_signal(
                        actor=actor, territory=territory, organisation=organisation, **fields
                    )
                )
        except ValidationError as exc:
            for message in exc.messages:
                errors.append(
                    _("Ligne %(line)d : %(message)s") % {"line": line, "message": message}
                )
    if errors:
        # Raised inside the transaction: the lines already reported are rolled back too.
        raise ValidationError({FIELD: errors})
    return created

"""``__in`` with a long list of integers as one array parameter on PostgreSQL.

The access engine narrows querysets with id lists that grow with the data: a Département
agent reads every commune, so each clause of a filter names hundreds of territories and a
page of many panels ends up passing thousands of parameters (7,700 on the first screen of
a commune at 10× the department: compiling, quoting and parsing them cost more than the
query itself). ``x IN (%s, %s, …)`` is what PostgreSQL rewrites to ``x = ANY('{…}')``
anyway; writing ``x = ANY(%s)`` with one array parameter gives the same plan (an index
scan on ``x`` where there is one) without the per-parameter cost.

Installed once by ``CoreConfig.ready`` for every field and relation; short lists, lists of
anything but integers, subqueries and other databases keep Django's own SQL.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Field, ForeignObject, lookups
from django.db.models.fields.related_lookups import RelatedIn

# Below this many values the SQL stays ``IN (…)``: as fast, and easier to read in a plan.
ARRAY_FROM = 16


class _ArrayInMixin:
    def get_prep_lookup(self) -> Any:
        # A long list of plain integers needs no per-value preparation (an integer field's
        # get_prep_value returns the integer): skipping it saves a function call or three
        # per id, tens of thousands on a Département agent's page.
        rhs = self.rhs  # type: ignore[attr-defined]
        if _plain_integers(rhs) and not _is_pair(self) and _integer_column(self):
            return list(rhs)
        return super().get_prep_lookup()  # type: ignore[misc]

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        values = _integer_values(self, connection)
        if values is not None:
            lhs, lhs_params = self.process_lhs(compiler, connection)  # type: ignore[attr-defined]
            return f"{lhs} = ANY(%s)", (*lhs_params, values)
        return super().as_sql(compiler, connection)  # type: ignore[misc]


def _plain_integers(rhs: Any) -> bool:
    return (
        isinstance(rhs, list | tuple | set | frozenset)
        and len(rhs) >= ARRAY_FROM
        and all(type(value) is int for value in rhs)
    )


_INTEGER_TYPES = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
    }
)


def _integer_column(lookup: Any) -> bool:
    """The compared column holds integers (a foreign key: its target's)."""
    field = getattr(lookup.lhs, "output_field", None)
    while field is not None and getattr(field, "remote_field", None) is not None:
        field = getattr(field, "target_field", None)
    return field is not None and field.get_internal_type() in _INTEGER_TYPES


def _is_pair(lookup: Any) -> bool:
    from django.db.models.expressions import ColPairs

    return isinstance(lookup.lhs, ColPairs)


def _integer_values(lookup: Any, connection: Any) -> list[int] | None:
    if connection.vendor != "postgresql" or not lookup.rhs_is_direct_value():
        return None
    if not isinstance(lookup.rhs, list | tuple | set | frozenset):
        return None
    if len(lookup.rhs) < ARRAY_FROM:
        return None
    values = [value for value in lookup.rhs if value is not None]
    if not all(type(value) is int for value in values):
        return None
    if not values or not _integer_column(lookup):
        return None
    return sorted(set(values))


class ArrayIn(_ArrayInMixin, lookups.In):
    pass


class ArrayRelatedIn(_ArrayInMixin, RelatedIn):
    def as_sql(self, compiler: Any, connection: Any) -> Any:
        if _is_pair(self):
            return RelatedIn.as_sql(self, compiler, connection)
        return super().as_sql(compiler, connection)


def install() -> None:
    Field.register_lookup(ArrayIn)
    ForeignObject.register_lookup(ArrayRelatedIn)

"""Target publics of an action: data·inclusion's ``publics`` list, read from the
``data-inclusion-schema`` package so that a new release brings its new values without a
migration."""

from functools import cache

from data_inclusion.schema.v1 import Public

from maillage.core.text import fold


@cache
def public_choices() -> tuple[tuple[str, str], ...]:
    """(value, label) pairs in the schema's own order ("Tous publics" first)."""
    return tuple((p.value, p.label) for p in Public)


def public_label(value: str) -> str:
    return dict(public_choices()).get(value, value)


def is_public(value: str) -> bool:
    return value in dict(public_choices())


@cache
def _by_folded_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for value, label in public_choices():
        names[fold(value)] = value
        names[fold(label)] = value
    return names


def public_from_text(text: str) -> str | None:
    """The value for a label or a value typed in a spreadsheet, whatever its accents or
    case; None when nothing matches."""
    return _by_folded_name().get(fold(text))

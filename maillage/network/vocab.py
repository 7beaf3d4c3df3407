"""The data·inclusion value lists, read from the ``data-inclusion-schema`` package.

Nothing here copies a value: a new release of the schema brings its new thématiques,
publics or modes with it. Django choices and French labels are derived on demand."""

from __future__ import annotations

from enum import Enum
from functools import cache

from data_inclusion.schema.v1 import (
    Categorie,
    Frais,
    ModeAccueil,
    ModeMobilisation,
    PersonneMobilisatrice,
    Public,
    ReseauPorteur,
    Thematique,
    TypeService,
)

CATEGORY_SEPARATOR = "--"


def choices(enum: type[Enum]) -> list[tuple[str, str]]:
    return [(member.value, member.label) for member in enum]  # type: ignore[attr-defined]


@cache
def labels(enum: type[Enum]) -> dict[str, str]:
    return {member.value: member.label for member in enum}  # type: ignore[attr-defined]


def label(enum: type[Enum], value: str | None) -> str:
    if not value:
        return ""
    return labels(enum).get(value, value)


def category_of(thematique: str) -> str:
    """``logement-hebergement--se-maintenir-dans-le-logement`` → ``logement-hebergement``."""
    return thematique.split(CATEGORY_SEPARATOR, 1)[0]


@cache
def thematiques_by_category() -> dict[str, list[tuple[str, str]]]:
    grouped: dict[str, list[tuple[str, str]]] = {c.value: [] for c in Categorie}
    for thematique in Thematique:
        grouped.setdefault(category_of(thematique.value), []).append(
            (thematique.value, thematique.label)
        )
    return grouped


def thematique_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a select: one optgroup per category."""
    cat_labels = labels(Categorie)
    return [
        (cat_labels.get(category, category), items)
        for category, items in thematiques_by_category().items()
        if items
    ]


def topic_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Like ``thematique_choices`` but each group starts with the whole category, for
    contact points and procedures that answer a whole family of problems."""
    cat_labels = labels(Categorie)
    grouped = []
    for category, items in thematiques_by_category().items():
        whole = (category, f"{cat_labels.get(category, category)} (toute la catégorie)")
        grouped.append((cat_labels.get(category, category), [whole, *items]))
    return grouped


def is_topic(value: str) -> bool:
    """A category or a sous-thématique."""
    return value in labels(Categorie) or value in labels(Thematique)


def topic_label(value: str) -> str:
    if value in labels(Categorie):
        return labels(Categorie)[value]
    return labels(Thematique).get(value, value)


def topic_full_label(value: str) -> str:
    """« Logement et hébergement › Se maintenir dans le logement »."""
    category = category_of(value)
    if value == category:
        return label(Categorie, category)
    return f"{label(Categorie, category)} › {label(Thematique, value)}"


__all__ = [
    "Categorie",
    "Frais",
    "ModeAccueil",
    "ModeMobilisation",
    "PersonneMobilisatrice",
    "Public",
    "ReseauPorteur",
    "Thematique",
    "TypeService",
]

"""Texts read by many (minutes, fiches inspirantes): before saving, warn when a text seems
to name a resident or carry their contact details (docs/architecture.md, "Personal data").
A warning, never a refusal — the writer checks and confirms."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

PATTERNS: list[tuple[re.Pattern[str], Any]] = [
    (
        re.compile(r"(?<![\w@.])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
        _("une adresse électronique"),
    ),
    (
        re.compile(r"(?<!\d)(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)"),
        _("un numéro de téléphone"),
    ),
    (
        # NIR: sex, year, month, département (2A/2B for Corsica), commune, order, key.
        re.compile(
            r"(?<!\d)[12]\s?\d{2}\s?(?:0[1-9]|1[0-2]|[2-9]\d)\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}(?:\s?\d{2})?(?!\d)"
        ),
        _("un numéro de sécurité sociale (NIR)"),
    ),
    (
        re.compile(r"\b(?:M\.|Mme|Mlle|Monsieur|Madame)\s+[A-ZÉÈÀÂÎÔÛÇ][\w’'-]+"),
        _("le nom d’une personne (M., Mme…)"),
    ),
]


def findings(text: str) -> list[str]:
    """What kinds of personal data ``text`` seems to hold, in French, without repeating
    them."""
    found = []
    for pattern, label in PATTERNS:
        if pattern.search(text or ""):
            found.append(str(label))
    return found

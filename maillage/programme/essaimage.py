"""What the page and the API share about a fiche inspirante's texts: they are read in
other territories, so a text that seems to hold personal data (a name, a telephone
number, an e-mail address, a NIR) needs a confirmation before it is saved."""

from __future__ import annotations

from maillage.core.personal_findings import findings

# The model's free texts, in the order the form shows them.
TEXT_FIELDS = ("summary", "resources", "contacts", "results")


def personal_data_in(texts: dict[str, str]) -> list[str]:
    """The kinds of personal data the texts seem to hold, in French, each once."""
    return list(
        dict.fromkeys(label for name in TEXT_FIELDS for label in findings(texts.get(name) or ""))
    )

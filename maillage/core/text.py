"""Text helpers shared by search and imports."""

import unicodedata


def fold(text: str | None) -> str:
    """Lower-case, accent-free form used to compare and search names
    ("Maison de l'Habitat" and "maison de l habitat" fold to the same thing)."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if c.isalnum() else " " for c in stripped.casefold())
    return " ".join(cleaned.split())

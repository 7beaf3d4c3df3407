"""Languages: French is the source language of every message; others are offered only
when a catalogue translates Maillage into them.

Django counts plurals with the English rule for a message that no catalogue translates
("0 résultats"). French says "0 résultat", "1 résultat", "2 résultats": the source
language's rule is installed under its untranslated messages, so that
``ngettext``/``{% blocktranslate count %}`` need no catalogue entry to be right in French.
"""

from __future__ import annotations

import gettext
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import to_locale, trans_real


class SourcePlurals(gettext.NullTranslations):
    """The fallback of the source language's translation: the message itself, singular
    for 0 and 1 as French counts (Plural-Forms: nplurals=2; plural=(n > 1))."""

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return msgid2 if n > 1 else msgid1


def install_source_plurals(**kwargs: Any) -> None:
    """Put ``SourcePlurals`` under the source language's translation (once; again when the
    translations are reloaded after a settings change)."""
    translation = trans_real.translation(settings.LANGUAGE_CODE)
    fallback = getattr(translation, "_fallback", None)
    while fallback is not None and not isinstance(fallback, SourcePlurals):
        fallback = getattr(fallback, "_fallback", None)
    if fallback is None:
        translation.add_fallback(SourcePlurals())


def has_catalogue(code: str) -> bool:
    """Whether Maillage's own messages are translated into ``code`` (a ``django.mo`` in
    one of the project's LOCALE_PATHS): Django's catalogues translate only its own."""
    return any(
        gettext.find("django", str(Path(path)), [to_locale(code)]) for path in settings.LOCALE_PATHS
    )


def available_languages() -> list[tuple[str, str]]:
    """The languages a person may choose: the source language and those with a
    catalogue."""
    return [
        (code, name)
        for code, name in settings.LANGUAGES
        if code == settings.LANGUAGE_CODE or has_catalogue(code)
    ]

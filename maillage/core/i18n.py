"""Languages: French is the source language of every message; others are offered only
when a catalogue translates Maillage into them.

Django counts plurals with the English rule for a message that no catalogue translates
("0 résultats"). French says "0 résultat", "1 résultat", "2 résultats": the source
language's rule is installed under its untranslated messages, so that
``ngettext``/``{% blocktranslate count %}`` need no catalogue entry to be right in French.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
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
    return _found(code, tuple(str(Path(path)) for path in settings.LOCALE_PATHS))


@lru_cache(maxsize=64)
def _found(code: str, paths: tuple[str, ...]) -> bool:
    """Looked up once per language and set of paths (the middleware asks on every
    request); a new catalogue comes with a deployment, which restarts the processes."""
    return any(gettext.find("django", path, [to_locale(code)]) for path in paths)


def available_languages() -> list[tuple[str, str]]:
    """The languages a person may choose: the source language and those with a
    catalogue."""
    return [
        (code, name)
        for code, name in settings.LANGUAGES
        if code == settings.LANGUAGE_CODE or has_catalogue(code)
    ]


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, limited to the languages Maillage is written in: a browser asking for
    English gets French pages with French dates, not French pages with English month
    names (Django's own catalogues translate its dates)."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        offered = {code for code, _name in available_languages()}
        if translation.get_language() not in offered:
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE

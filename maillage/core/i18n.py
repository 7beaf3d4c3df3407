"""Languages: French is the source language of every message; others are offered only
when a catalogue translates Maillage into them.

Django counts plurals with the English rule for a message that no catalogue translates
("0 résultats"). French says "0 résultat", "1 résultat", "2 résultats": the source
language's rule is installed under its untranslated messages, so that
``ngettext``/``{% blocktranslate count %}`` need no catalogue entry to be right in French.

Which pages speak another language: the catalogues (``maillage/locale``) translate the
pages a resident meets (the resident space, the layout around it), not the professionals'
screens. So a language is chosen, never guessed from the browser: the switcher
(``set_language``) stores the choice in Django's language cookie, and in the account's
``preferred_language`` when signed in; it applies on the paths an app declares translated
(``translate_pages``) and every other page stays in French, never half translated.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
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


def current_language() -> str:
    """The active language, or the source language where translation is deactivated."""
    return translation.get_language() or settings.LANGUAGE_CODE


class FixedTexts:
    """A module's fixed messages (lazy), translated once per process and language: for
    code that writes rows in Python and would otherwise look each of them up in the
    catalogues on every row (docs/architecture.md, « Rows written in Python »).
    ``TEXTS()`` answers them in the active language."""

    def __init__(self, **messages: Any) -> None:
        self._messages = messages
        self._translated: dict[str, dict[str, str]] = {}

    def __call__(self) -> dict[str, str]:
        language = current_language()
        texts = self._translated.get(language)
        if texts is None:
            with translation.override(language):
                texts = {key: str(message) for key, message in self._messages.items()}
            self._translated[language] = texts
        return texts


Result = TypeVar("Result")


def cached_per_language(
    maxsize: int = 256,
) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Memoize a pure function of hashable arguments whose result is text in the active
    language (a chart drawn as SVG, a table of figures): the same arguments in the same
    language give the same text, so it is built once per process (the ``maxsize`` most
    recent). Lists among the arguments are taken as tuples. ``cache_clear()`` empties it.

    Only for functions that read nothing but their arguments and the language: no query,
    no date of the day, no setting that a test or a deployment may change."""

    def decorate(func: Callable[..., Result]) -> Callable[..., Result]:
        @lru_cache(maxsize=maxsize)
        def in_language(language: str, args: tuple[Any, ...], kwargs: tuple[Any, ...]) -> Result:
            with translation.override(language):
                return func(*args, **dict(kwargs))

        @wraps(func)
        def cached(*args: Any, **kwargs: Any) -> Result:
            frozen = tuple(sorted((key, _frozen(value)) for key, value in kwargs.items()))
            return in_language(current_language(), tuple(map(_frozen, args)), frozen)

        cached.cache_clear = in_language.cache_clear  # type: ignore[attr-defined]
        return cached

    return decorate


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


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


_TRANSLATED: list[re.Pattern[str]] = []

# The layout around every translated page, relative to the ``maillage`` package: its
# messages are in the catalogues with the pages' own (``manage.py translated_messages``).
LAYOUT_SOURCES = [
    "templates/base.html",
    "templates/includes/*.html",
    "templates/40*.html",
    "templates/413.html",
    "templates/500.html",
    "core/context_processors.py",
    "core/pages.py",
    # The header's menu: each capability names its entry in its apps.py.
    "*/apps.py",
]
_SOURCES: list[str] = list(LAYOUT_SOURCES)


def translate_pages(pattern: str, sources: list[str] | tuple[str, ...] = ()) -> None:
    """Declare the paths matching ``pattern`` (a regular expression, matched from the
    start of the path) translated: the chosen language applies there. ``sources`` are the
    files (globs relative to the ``maillage`` package) whose messages those pages show;
    ``manage.py translated_messages`` gathers them into the catalogues, and a test fails
    when one of them lacks a translation. Called from an app's ``ready()``."""
    compiled = re.compile(pattern)
    if all(known.pattern != pattern for known in _TRANSLATED):
        _TRANSLATED.append(compiled)
    _SOURCES.extend(source for source in sources if source not in _SOURCES)


def translated_sources() -> list[Path]:
    """The files whose messages the translated pages show."""
    root = Path(__file__).resolve().parent.parent
    found: set[Path] = set()
    for pattern in _SOURCES:
        found.update(path for path in root.glob(pattern) if path.is_file())
    return sorted(found)


def is_translated(path: str) -> bool:
    return any(pattern.match(path) for pattern in _TRANSLATED)


def chosen_language(request: HttpRequest) -> str:
    """The language the person chose, if Maillage is written in it: the cookie set by the
    switcher, then the account's preference; French otherwise."""
    offered = {code for code, _name in available_languages()}
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in offered:
        return cookie
    user = getattr(request, "user", None)
    preferred = getattr(user, "preferred_language", "") if user is not None else ""
    if getattr(user, "is_authenticated", False) and preferred in offered:
        return str(preferred)
    return str(settings.LANGUAGE_CODE)


def direction(code: str) -> str:
    """``rtl`` or ``ltr``, for a ``dir`` attribute."""
    return "rtl" if code.split("-")[0] in settings.LANGUAGES_BIDI else "ltr"


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, limited to the languages Maillage is written in and to the pages that
    are translated: the page is French unless its path is declared translated
    (``translate_pages``) and the person chose another language. A browser asking for
    English never gets French pages with English month names (Django's own catalogues
    translate its dates), nor a professional's screen half translated.

    The choice is read in ``process_view``, once the session's user is known (the
    account's preference, when no cookie says otherwise)."""

    def process_request(self, request: HttpRequest) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        request.translated_page = is_translated(request.path_info)  # type: ignore[attr-defined]

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if getattr(request, "translated_page", False):
            language = chosen_language(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return None

"""The optional machine translation backend: a LibreTranslate-compatible server
(``POST {LIBRETRANSLATE_URL}/translate``, JSON ``q``, ``source``, ``target``,
``format``, ``api_key``; answer ``translatedText``). Off unless ``LIBRETRANSLATE_URL`` is
set: Maillage never sends residents' words to a third-party cloud by default."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from django.conf import settings


class TranslationUnavailable(Exception):
    """The backend did not translate (off, unreachable, timed out, or refused)."""


def enabled() -> bool:
    return bool(getattr(settings, "LIBRETRANSLATE_URL", ""))


def translate(text: str, *, source: str, target: str) -> str:
    if not enabled():
        raise TranslationUnavailable("LIBRETRANSLATE_URL is not set")
    url = settings.LIBRETRANSLATE_URL.rstrip("/") + "/translate"
    if not url.startswith(("http://", "https://")):
        raise TranslationUnavailable("LIBRETRANSLATE_URL must be an http(s) URL")
    payload = {"q": text, "source": source, "target": target, "format": "text"}
    if settings.LIBRETRANSLATE_API_KEY:
        payload["api_key"] = settings.LIBRETRANSLATE_API_KEY
    request = urllib.request.Request(  # noqa: S310 - an http(s) URL, checked above
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(  # noqa: S310 - the operator's configured URL
            request, timeout=settings.LIBRETRANSLATE_TIMEOUT
        ) as response:
            answer = json.loads(response.read().decode())
    except urllib.error.HTTPError as exc:
        raise TranslationUnavailable(f"HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        raise TranslationUnavailable(str(exc)) from exc
    translated = answer.get("translatedText") if isinstance(answer, dict) else None
    if not isinstance(translated, str) or not translated.strip():
        raise TranslationUnavailable("no translatedText in the answer")
    return translated

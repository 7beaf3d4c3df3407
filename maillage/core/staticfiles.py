"""The DSFR stylesheet without the Marianne typeface, for the collectivite theme.

django-dsfr's ``dsfr.min.css`` declares ``@font-face { font-family: Marianne }`` and sets
Marianne on the page: a browser would download the State's typeface for every visitor.
This finder serves, next to the original (so its relative ``url(../icons/…)`` still
resolve), a copy with those ``@font-face`` rules removed and Marianne replaced by the
system font stack. ``collectstatic`` collects it like any other file; the test server and
``runserver`` find it through the same finder. The copy is rebuilt whenever the installed
django-dsfr's stylesheet changes (its name carries the original's digest)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

from maillage.core.theme import SYSTEM_FONT_STACK

SOURCE_PATH = "dsfr/dist/dsfr/dsfr.min.css"
TARGET_PATH = "dsfr/dist/dsfr/dsfr.collectivite.min.css"

_MARIANNE_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*font-family:\s*[\"']?Marianne[^}]*\}")
_MARIANNE_FAMILY = re.compile(
    r"font-family:\s*[\"']?Marianne[\"']?(\s*,\s*arial\s*,\s*sans-serif)?"
)


def strip_marianne(css: str) -> str:
    css = _MARIANNE_FONT_FACE.sub("", css)
    return _MARIANNE_FAMILY.sub(f"font-family:{SYSTEM_FONT_STACK}", css)


def _build_dir() -> Path:
    return Path(getattr(settings, "MAILLAGE_BUILD_DIR", Path(settings.BASE_DIR) / "build"))


class CollectiviteDsfrFinder(BaseFinder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.location = _build_dir() / "static"
        self.storage = FileSystemStorage(location=str(self.location))

    def check(self, **kwargs: Any) -> list:
        return []

    def _source(self) -> Path | None:
        # Ask the other finders (django-dsfr's app directory), never this one.
        for finder in finders.get_finders():
            if isinstance(finder, CollectiviteDsfrFinder):
                continue
            found = finder.find(SOURCE_PATH)
            if found:
                return Path(found if isinstance(found, str) else found[0])
        return None

    def build(self) -> Path | None:
        source = self._source()
        if source is None:
            return None
        original = source.read_bytes()
        target = self.location / TARGET_PATH
        stamp = target.with_suffix(".source-sha256")
        digest = hashlib.sha256(original).hexdigest()
        if target.exists() and stamp.exists() and stamp.read_text() == digest:
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(strip_marianne(original.decode()), encoding="utf-8")
        stamp.write_text(digest)
        return target

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        find_all = find_all or kwargs.get("all", False)
        if path != TARGET_PATH:
            return []
        target = self.build()
        if target is None:
            return []
        return [str(target)] if find_all else str(target)

    def list(self, ignore_patterns: Any) -> Any:
        if self.build() is not None:
            yield TARGET_PATH, self.storage

"""Update the catalogues of the translated pages (``maillage/locale``) with their
messages, and compile them: ``manage.py translated_messages``.

Django's ``makemessages`` reads every file under the current directory; the catalogues
translate only the pages a resident meets (``core.i18n.translate_pages``). So the files
those pages use are copied into a temporary tree, ``makemessages`` runs there (merging
into the existing catalogues with ``msgmerge``, dropping what no page uses any more), then
``compilemessages`` writes the ``.mo`` files that are committed beside the ``.po``."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from maillage.core import i18n


def gather(languages: list[str], locale_dir: Path) -> None:
    """Run ``makemessages`` for ``languages`` on the translated pages' sources, into
    ``locale_dir`` (the project's catalogues, or a test's temporary copy)."""
    root = Path(__file__).resolve().parents[3]
    with tempfile.TemporaryDirectory() as tmp:
        for source in i18n.translated_sources():
            target = Path(tmp) / source.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        here = Path.cwd()
        os.chdir(tmp)
        try:
            with LocalePaths(locale_dir):
                call_command(
                    "makemessages",
                    locale=languages,
                    domain="django",
                    extensions=["html", "txt", "py"],
                    no_location=True,
                    no_obsolete=True,
                    verbosity=0,
                )
        finally:
            os.chdir(here)


class LocalePaths:
    """makemessages writes into the first of LOCALE_PATHS: point it at ``locale_dir``."""

    def __init__(self, locale_dir: Path) -> None:
        self.locale_dir = locale_dir
        self.before: list[Any] = []

    def __enter__(self) -> None:
        self.before = list(settings.LOCALE_PATHS)
        settings.LOCALE_PATHS = [self.locale_dir]

    def __exit__(self, *exc: object) -> None:
        settings.LOCALE_PATHS = self.before


class Command(BaseCommand):
    help = "Met à jour et compile les catalogues des pages traduites (maillage/locale)."

    def handle(self, *args: Any, **options: Any) -> None:
        locale_dir = Path(settings.LOCALE_PATHS[0])
        languages = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        for code in languages:
            (locale_dir / code / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
        gather(languages, locale_dir)
        here = Path.cwd()
        os.chdir(locale_dir.parent)
        try:
            call_command("compilemessages", locale=languages, verbosity=0)
        finally:
            os.chdir(here)
        self.stdout.write(f"Catalogues à jour : {', '.join(languages)}.")

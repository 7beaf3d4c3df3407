"""Plain French for the texts residents read: an analysis that warns before publishing.

``analyse(text)`` gives
- the Kandel–Moles readability score (Flesch's formula adapted to French, 1958):
  ``207 − 1.015 × words per sentence − 73.6 × syllables per word``; the higher, the
  easier (about 60 and above is read by most adults; below, the text is difficult);
- the sentences longer than ``LONG_SENTENCE`` words, to shorten;
- the jargon words and the acronyms that the text does not explain, from
  ``plain_language_jargon.txt`` (data, one word and its plain wording per line) and from
  ``extra_jargon`` (a territory's own words).

Syllables come from ``pyphen``'s French hyphenation dictionary, which never cuts one
letter off a word's end; the count is then at least the word's vowel groups, a final mute
"e" left out ("école" is é-cole: two).

A form uses it through ``PlainLanguageMixin``: on submit, a text with warnings is refused
until the person ticks "Publier quand même"; a "Vérifier la lisibilité" button shows the
report without saving (``is_check``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyphen
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LONG_SENTENCE = 20
EASY_ENOUGH = 60
# A score says little about a very short text (one long word weighs on two sentences):
# below this many words it is shown, not warned about.
SCORED_FROM = 15
CHECK_FIELD = "verifier_lisibilite"

_SENTENCES = re.compile(r"(?<=[.!?…])\s+|\n+")
_WORDS = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿœŒæÆ0-9]+(?:[-’'][A-Za-zÀ-ÖØ-öø-ÿœŒæÆ]+)*")
_VOWEL_GROUPS = re.compile(r"[aeiouyàâäéèêëîïôöùûüÿœæ]+", re.IGNORECASE)
_ACRONYM = re.compile(r"\b[A-ZÀ-Ö]{2,6}\b")


@dataclass(frozen=True)
class Jargon:
    word: str
    plain: str


@dataclass
class Report:
    words: int = 0
    sentences: int = 0
    syllables: int = 0
    score: float | None = None
    long_sentences: list[str] = field(default_factory=list)
    jargon: list[Jargon] = field(default_factory=list)

    @property
    def level(self) -> str:
        """What the score means, in plain words."""
        if self.score is None:
            return ""
        if self.score >= 80:
            return _("très facile à lire")
        if self.score >= 70:
            return _("facile à lire")
        if self.score >= EASY_ENOUGH:
            return _("assez facile à lire")
        if self.score >= 50:
            return _("un peu difficile à lire")
        if self.score >= 30:
            return _("difficile à lire")
        return _("très difficile à lire")

    @property
    def difficult(self) -> bool:
        return self.score is not None and self.score < EASY_ENOUGH and self.words >= SCORED_FROM

    @property
    def warnings(self) -> bool:
        return self.difficult or bool(self.long_sentences) or bool(self.jargon)


@lru_cache(maxsize=1)
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="fr_FR", left=1, right=1)


def syllables(word: str) -> int:
    lowered = word.lower()
    by_hyphenation = len(_dictionary().positions(lowered)) + 1
    core = re.sub(r"(?<=[^aeiouyàâäéèêëîïôöùûü])e(s|nt)?$", "", lowered) or lowered
    by_vowels = len(_VOWEL_GROUPS.findall(core))
    return max(by_hyphenation, by_vowels, 1)


@lru_cache(maxsize=1)
def jargon_list() -> tuple[Jargon, ...]:
    """The jargon words of ``plain_language_jargon.txt``: ``word | plain wording``."""
    path = Path(__file__).with_name("plain_language_jargon.txt")
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _sep, plain = line.partition("|")
        found.append(Jargon(word.strip(), plain.strip()))
    return tuple(found)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCES.split(text) if _WORDS.search(s)]


def analyse(text: str, extra_jargon: tuple[Jargon, ...] = ()) -> Report:
    report = Report()
    found = sentences(text)
    for sentence in found:
        words = _WORDS.findall(sentence)
        report.words += len(words)
        report.syllables += sum(syllables(w) for w in words)
        if len(words) > LONG_SENTENCE:
            report.long_sentences.append(sentence)
    report.sentences = len(found)
    if report.words:
        report.score = round(
            207 - 1.015 * report.words / report.sentences - 73.6 * report.syllables / report.words,
            1,
        )
    report.jargon = _jargon(text, (*jargon_list(), *extra_jargon))
    return report


def _jargon(text: str, known: tuple[Jargon, ...]) -> list[Jargon]:
    """The jargon words the text uses, and the acronyms it does not explain (an acronym
    followed or preceded by a parenthesis, "CAF (caisse d’allocations familiales)", is
    explained)."""
    lowered = text.lower()
    found: dict[str, Jargon] = {}
    for item in known:
        pattern = rf"(?<![\w]){re.escape(item.word.lower())}\w*"
        if item.word.isupper():
            if _explained_acronym(text, item.word) or not re.search(
                rf"\b{re.escape(item.word)}\b", text
            ):
                continue
        elif not re.search(pattern, lowered):
            continue
        found[item.word.lower()] = item
    for acronym in _ACRONYM.findall(text):
        if acronym.lower() not in found and not _explained_acronym(text, acronym):
            found[acronym.lower()] = Jargon(acronym, _("un sigle : écrivez-le en entier"))
    return list(found.values())


def _explained_acronym(text: str, acronym: str) -> bool:
    escaped = re.escape(acronym)
    return bool(re.search(rf"\b{escaped}\s*\(|\(\s*{escaped}\s*\)", text))


class PlainLanguageMixin(forms.Form):
    """For an editor whose texts residents read: ``plain_language_fields`` are analysed;
    a text with warnings is refused until ``publish_anyway`` is ticked. The reports are in
    ``plain_language`` (field name → ``Report``) for ``core/plain_language_report.html``."""

    plain_language_fields: tuple[str, ...] = ()

    publish_anyway = forms.BooleanField(
        label=gettext_lazy("Le texte a été relu : publier quand même"),
        required=False,
        help_text=gettext_lazy("À cocher seulement après avoir lu les conseils de lisibilité."),
    )

    def __init__(self, *args: Any, extra_jargon: tuple[Jargon, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.extra_jargon = extra_jargon
        self.plain_language: dict[str, Report] = {}
        # Last, and offered only once the text has drawn warnings (``clean``).
        self.order_fields([*(n for n in self.fields if n != "publish_anyway"), "publish_anyway"])
        self.fields["publish_anyway"].widget = forms.HiddenInput()

    @property
    def checking(self) -> bool:
        return self.is_bound and CHECK_FIELD in self.data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.plain_language_fields:
            text = cleaned.get(name) or ""
            if text:
                self.plain_language[name] = analyse(text, self.extra_jargon)
        warned = any(report.warnings for report in self.plain_language.values())
        if warned:
            self.fields["publish_anyway"].widget = forms.CheckboxInput()
        if warned and not self.checking and not cleaned.get("publish_anyway"):
            raise ValidationError(
                _(
                    "Le texte est difficile à lire pour certains habitants. Lisez les "
                    "conseils de lisibilité, corrigez le texte, ou cochez « publier quand "
                    "même »."
                ),
                code="plain_language",
            )
        return cleaned

    def plain_language_reports(self) -> list[tuple[str, Report]]:
        return [
            (str(self.fields[name].label), report)
            for name, report in self.plain_language.items()
            if name in self.fields
        ]


def is_check(request: HttpRequest) -> bool:
    """The "Vérifier la lisibilité" button: analyse, show, save nothing."""
    return request.method == "POST" and CHECK_FIELD in request.POST

"""The plain-language checker (core/plain_language.py) on known French texts."""

import pytest

from maillage.core import plain_language
from maillage.core.plain_language import Jargon, analyse, syllables

PLAIN = (
    "La crèche ouvre le soir. Elle ferme à 21 heures. "
    "Vous pouvez inscrire vos enfants à la mairie. C’est gratuit."
)
JARGON = (
    "Dans le cadre du dispositif partenarial du PST, la thématique transversale de la "
    "parentalité fera l’objet d’une mobilisation des acteurs institutionnels et associatifs "
    "afin de co-construire une réponse adaptée aux besoins identifiés par l’ABS, en lien "
    "avec la CAF (caisse d’allocations familiales)."
)


@pytest.mark.parametrize(
    ("word", "count"),
    [("dispositif", 4), ("quartier", 2), ("école", 2), ("crèche", 1), ("habitants", 3), ("a", 1)],
)
def test_french_syllables(word, count):
    assert syllables(word) == count


def test_a_plain_text_reads_easily_and_draws_no_warning():
    report = analyse(PLAIN)
    assert report.sentences == 4
    assert report.words == 20
    assert report.score is not None and report.score >= 80
    assert report.level == "très facile à lire"
    assert not report.warnings


def test_the_kandel_moles_formula():
    report = analyse("Le chat dort. Il fait beau.")
    # 6 words, 2 sentences, 6 syllables: 207 − 1.015 × 3 − 73.6 × 1
    assert (report.words, report.sentences, report.syllables) == (6, 2, 6)
    assert report.score == round(207 - 1.015 * 3 - 73.6 * 1, 1)


def test_administrative_jargon_is_caught():
    report = analyse(JARGON)
    assert report.difficult and report.score is not None and report.score < 30
    assert report.level == "très difficile à lire"
    assert report.long_sentences == [JARGON]
    words = [item.word for item in report.jargon]
    assert {"dispositif", "partenarial", "transversal", "thématique", "PST", "ABS"} <= set(words)
    # Explained in parentheses: the CAF is fine.
    assert "CAF" not in words


def test_an_unknown_acronym_is_flagged_and_a_territory_adds_its_words():
    report = analyse("Le REAAP vous aide. Venez au contrat de ville.")
    assert [item.word for item in report.jargon] == ["REAAP"]
    extra = (Jargon("contrat de ville", "le plan pour les quartiers"),)
    report = analyse("Venez au contrat de ville.", extra_jargon=extra)
    assert [item.plain for item in report.jargon] == ["le plan pour les quartiers"]


def test_a_short_text_is_scored_but_not_warned_about():
    report = analyse("Nous avons alerté les professionnels du quartier.")
    assert report.score is not None and report.score < plain_language.EASY_ENOUGH
    assert not report.warnings


def test_empty_text():
    report = analyse("   ")
    assert report.score is None and not report.warnings and report.level == ""

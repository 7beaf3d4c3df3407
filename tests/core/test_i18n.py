"""French plurals without a catalogue, and the languages offered (issue 11)."""

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import ngettext

from maillage.core import i18n

COUNTED = Template(
    "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} habitant inscrit"
    "{% plural %}{{ counter }} habitants inscrits{% endblocktranslate %}"
)


def test_french_counts_zero_and_one_in_the_singular():
    with translation.override("fr"):
        shown = [COUNTED.render(Context({"n": n})) for n in (0, 1, 2, 11)]
        assert shown == [
            "0 habitant inscrit",
            "1 habitant inscrit",
            "2 habitants inscrits",
            "11 habitants inscrits",
        ]
        assert ngettext("%d résultat", "%d résultats", 0) % 0 == "0 résultat"


def test_a_language_with_a_catalogue_keeps_its_own_rule():
    with translation.override("en"):
        assert ngettext("%d result", "%d results", 0) % 0 == "0 results"


def test_the_plurals_survive_a_reload_of_the_translations(settings):
    settings.LANGUAGES = [("fr", "Français"), ("en", "English")]
    with translation.override("fr"):
        assert COUNTED.render(Context({"n": 0})) == "0 habitant inscrit"


def test_only_french_is_offered_until_a_catalogue_exists(settings, tmp_path):
    # The lookup is cached per set of paths: one empty directory, then another with a
    # catalogue (a new catalogue comes with a deployment, which restarts the processes).
    settings.LOCALE_PATHS = [tmp_path / "none"]
    assert i18n.available_languages() == [("fr", "Français")]
    catalogue = tmp_path / "some" / "ar" / "LC_MESSAGES"
    catalogue.mkdir(parents=True)
    (catalogue / "django.mo").write_bytes(b"")
    settings.LOCALE_PATHS = [tmp_path / "some"]
    assert [code for code, _name in i18n.available_languages()] == ["fr", "ar"]


@pytest.mark.django_db
def test_a_browser_asking_for_english_reads_french_dates(client):
    """Without an English catalogue, Django's own would turn the dates English on a
    French page: the page stays French throughout."""
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response.wsgi_request.LANGUAGE_CODE == "fr"
    assert '<html lang="fr"' in response.content.decode()

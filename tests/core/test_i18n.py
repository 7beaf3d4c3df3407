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


def test_cached_per_language_keeps_one_result_per_arguments_and_language():
    """``cached_per_language``: a pure function's text is built once per arguments and
    language, lists taken as tuples; another language or other arguments build anew."""
    calls: list[tuple[str, tuple[int, ...], str]] = []

    @i18n.cached_per_language(maxsize=8)
    def draw(points, *, name):  # type: ignore[no-untyped-def]
        calls.append((i18n.current_language(), tuple(points), name))
        return f"{translation.gettext('Date')} {name} {sum(points)} {i18n.current_language()}"

    with translation.override("fr"):
        first = draw([1, 2], name="a")
        assert draw([1, 2], name="a") == first == "Date a 3 fr"
        assert draw((1, 2), name="a") == first  # a list and a tuple of the same points
        assert draw([1, 2], name="b") == "Date b 3 fr"
        assert draw([1, 3], name="a") == "Date a 4 fr"
    with translation.override("en"):
        assert draw([1, 2], name="a") == "Date a 3 en"
    assert [language for language, _points, _name in calls] == ["fr", "fr", "fr", "en"]
    draw.cache_clear()  # type: ignore[attr-defined]
    with translation.override("fr"):
        assert draw([1, 2], name="a") == first
    assert len(calls) == 5


def test_the_charts_drawn_twice_are_the_same_text_as_drawn_once():
    """The indicator charts are cached: the cached text is the text the function draws."""
    import datetime
    from decimal import Decimal

    from maillage.programme import charts

    arguments = {
        "chart_id": "chart-1",
        "name": "Familles <accueillies>",
        "unit": "familles",
        "measurements": [(datetime.date(2024, 1, 1), Decimal("3.50"))],
        "targets": [(2025, Decimal(10))],
        "baseline": (datetime.date(2023, 1, 1), Decimal(1)),
    }
    with translation.override("fr"):
        charts.render.cache_clear()  # type: ignore[attr-defined]
        drawn = charts.render(**arguments)
        assert charts.render(**arguments) is drawn
        assert drawn == charts.render.__wrapped__(**arguments)  # type: ignore[attr-defined]
        other = charts.render(**{**arguments, "measurements": [(datetime.date(2024, 1, 1), 4)]})
        assert other != drawn and "4 familles" in other

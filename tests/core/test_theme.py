"""The instance's identity: colours checked against white text (WCAG), shades computed,
stylesheets served by views, and a DSFR stylesheet without the Marianne typeface."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse

from maillage.core import theme
from maillage.core.staticfiles import TARGET_PATH, strip_marianne
from maillage.territories import services
from tests.factories import TerritoryFactory, UserFactory


def test_contrast_follows_the_wcag_formula():
    assert theme.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert theme.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert theme.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("colour", ["#767676", "#000091", "#1F5673", "#6a1b4d"])
def test_dark_enough_colours_are_accepted(colour):
    theme.validate_primary_colour(colour)


@pytest.mark.parametrize("colour", ["#777777", "#ffcc00", "#4a90e2", "#ffffff"])
def test_colours_under_4_5_to_1_are_refused_in_french(colour):
    with pytest.raises(ValidationError) as error:
        theme.validate_primary_colour(colour)
    assert error.value.code == "colour_contrast"
    assert "4,5:1" in error.value.messages[0] and "trop claire" in error.value.messages[0]


@pytest.mark.parametrize("colour", ["blue", "#12345", "#12345g", "#1234567", ""])
def test_malformed_colours_are_refused(colour):
    with pytest.raises(ValidationError) as error:
        theme.validate_primary_colour(colour)
    assert "#rrggbb" in error.value.messages[0]


def test_hover_and_active_shades_are_computed_darker():
    palette = theme.Palette.from_primary("#6A1B4D")
    assert palette.primary == "#6a1b4d"
    ratios = [
        theme.contrast_ratio(c, "#ffffff") for c in (palette.primary, palette.hover, palette.active)
    ]
    assert ratios == sorted(ratios) and ratios[0] < ratios[1] < ratios[2]
    css = palette.css()
    assert f"--background-action-high-blue-france-hover:{palette.hover};" in css
    assert f"--background-action-high-blue-france-active:{palette.active};" in css


@pytest.mark.django_db
def test_a_territory_colour_below_4_5_is_refused_and_nothing_changes():
    territory = TerritoryFactory(primary_color="")
    admin = UserFactory(admin=True)
    with pytest.raises(ValidationError) as error:
        services.update_territory(actor=admin, territory=territory, primary_color="#ffcc00")
    assert "primary_color" in error.value.message_dict
    territory.refresh_from_db()
    assert territory.primary_color == ""
    services.update_territory(actor=admin, territory=territory, primary_color="#6A1B4D")
    territory.refresh_from_db()
    assert territory.primary_color == "#6a1b4d"


@pytest.mark.django_db
def test_the_admin_form_refuses_a_light_colour_with_a_french_message(client_for):
    territory = TerritoryFactory()
    admin = UserFactory(admin=True)
    client = client_for(admin)
    url = reverse("admin:territories_territory_change", args=[territory.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: form.initial.get(name) or ""
        for name in form.fields
        if name not in {"logo"} and form.initial.get(name) is not None
    }
    data.update(
        {
            "primary_color": "#ffcc00",
            "geounits-TOTAL_FORMS": "0",
            "geounits-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "trop claire" in response.content.decode()
    territory.refresh_from_db()
    assert territory.primary_color == ""


@pytest.mark.django_db
def test_territory_stylesheet_is_served_cacheable_and_validated(client):
    territory = TerritoryFactory(primary_color="#6a1b4d")
    url = reverse("territories:theme_css", kwargs={"territory_slug": territory.slug})
    version = theme.palette_version("#6a1b4d")
    response = client.get(f"{url}?v={version}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert "immutable" in response["Cache-Control"]
    assert response["ETag"] == f'"{version}"'
    assert "--background-action-high-blue-france:#6a1b4d;" in response.content.decode()
    # An old or missing version is still answered, but kept only briefly.
    assert "max-age=300" in client.get(url)["Cache-Control"]


@pytest.mark.django_db
def test_instance_stylesheet_uses_the_operator_colour(client, settings):
    settings.MAILLAGE_PRIMARY_COLOUR = "#2d4a1e"
    body = client.get(reverse("core:theme_css")).content.decode()
    assert "--background-action-high-blue-france:#2d4a1e;" in body


def test_an_unknown_theme_is_a_configuration_error(settings):
    settings.MAILLAGE_THEME = "marianne"
    with pytest.raises(ImproperlyConfigured):
        theme.current_theme()


def test_the_collectivite_dsfr_stylesheet_has_no_marianne():
    path = finders.find(TARGET_PATH)
    assert path, "the finder must serve the stripped DSFR stylesheet"
    css = Path(path).read_text(encoding="utf-8")
    assert "Marianne" not in css
    assert "fr-btn" in css and "fr-grid-row" in css  # components and grid kept
    assert theme.SYSTEM_FONT_STACK in css
    # Listed for collectstatic too.
    listed = [
        p for finder in finders.get_finders() for p, _storage in finder.list([]) if p == TARGET_PATH
    ]
    assert listed == [TARGET_PATH]


def test_strip_marianne_removes_font_faces_and_families():
    css = (
        "@font-face{font-display:swap;font-family:Marianne;src:url(fonts/M.woff2)}"
        "body{font-family:Marianne,arial,sans-serif}h1{font-family:Marianne}"
        "@font-face{font-family:Spectral;src:url(fonts/S.woff2)}"
    )
    out = strip_marianne(css)
    assert "Marianne" not in out and "Spectral" in out
    assert out.count(theme.SYSTEM_FONT_STACK) == 2


@pytest.mark.django_db
def test_header_shows_the_operator_or_the_territory_identity(client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.territories.test_models import png

    settings.MAILLAGE_THEME = "collectivite"
    settings.MAILLAGE_OPERATOR_NAME = "CCAS de Démonstration"
    settings.MAILLAGE_OPERATOR_LOGO = "maillage/favicon.svg"
    home = client.get("/").content.decode()
    assert "CCAS de Démonstration" in home
    assert 'src="/static/maillage/favicon.svg"' in home and "Logo de CCAS de Démonstration" in home
    territory = TerritoryFactory(name="Bourg d’essai")
    territory.logo = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    territory.full_clean()
    territory.save()
    page = client.get(territory.get_absolute_url()).content.decode()
    assert territory.logo.url in page and "Logo de Bourg d’essai" in page


@pytest.mark.django_db
def test_a_territory_logo_that_is_no_image_is_refused():
    from django.core.files.uploadedfile import SimpleUploadedFile

    territory = TerritoryFactory()
    territory.logo = SimpleUploadedFile("logo.png", b"<svg/>", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        territory.full_clean()
    assert "logo" in error.value.message_dict


@pytest.mark.django_db
def test_the_stylesheets_reach_a_person_before_the_second_factor(client):
    """The second-factor page links them: redirecting them there would unstyle it."""
    from maillage.core.roles import Role
    from tests.factories import member

    territory = TerritoryFactory(primary_color="#6a1b4d")
    coordinator = member(territory, Role.COORDINATOR, email="coord@theme.test")
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("core:theme_css")).status_code == 200
    url = reverse("territories:theme_css", kwargs={"territory_slug": territory.slug})
    assert client.get(url).status_code == 200
    assert client.get(territory.get_absolute_url()).status_code == 302  # the rest still waits

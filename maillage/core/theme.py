"""The instance's visual identity: a local authority's own (the default) or the State's.

The DSFR's code is MIT-licensed and free to use, but its identity elements — the Marianne
block (``fr-logo``), the Marianne typeface, the words « République française » — belong to
the Marque de l'État: only State services, on a ``.gouv.fr`` domain, may show them
(docs/decisions/0019). ``MAILLAGE_THEME`` says which identity this instance has."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

COLLECTIVITE = "collectivite"
ETAT = "etat"
THEMES = (COLLECTIVITE, ETAT)

# What the collectivite theme writes in place of Marianne: the fonts already on the
# reader's machine, so the browser downloads no typeface at all.
SYSTEM_FONT_STACK = (
    'system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif'
)
# WeasyPrint draws PDFs with the server's fonts: DejaVu ships with Debian's fontconfig.
PDF_FONT_STACK_COLLECTIVITE = '"DejaVu Sans", "Liberation Sans", Arial, sans-serif'
PDF_FONT_STACK_ETAT = '"Marianne", "DejaVu Sans", Arial, sans-serif'

# WCAG 2.x: normal text needs 4.5:1 against its background.
MIN_CONTRAST = 4.5
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# The DSFR's « bleu France » stands for the State: a local instance starts with its own.
DEFAULT_PRIMARY_COLOUR = "#1f5673"


def current_theme() -> str:
    theme = getattr(settings, "MAILLAGE_THEME", COLLECTIVITE)
    if theme not in THEMES:
        raise ImproperlyConfigured(
            f"MAILLAGE_THEME must be one of {', '.join(THEMES)}, not {theme!r}."
        )
    return theme


def is_state_theme() -> bool:
    return current_theme() == ETAT


def pdf_font_stack() -> str:
    return PDF_FONT_STACK_ETAT if is_state_theme() else PDF_FONT_STACK_COLLECTIVITE


# Colours ------------------------------------------------------------------------------


def _channels(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB ``#rrggbb`` colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def normalise_colour(value: str) -> str:
    return value.strip().lower()


def validate_primary_colour(value: Any) -> None:
    """A primary colour is ``#rrggbb`` and white text on it is readable (4.5:1)."""
    text = normalise_colour(str(value or ""))
    if not HEX_COLOUR.match(text):
        raise ValidationError(
            _("Indiquez une couleur au format #rrggbb, par exemple #1f5673."),
            code="colour_format",
        )
    ratio = contrast_ratio(text, "#ffffff")
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _(
                "Cette couleur est trop claire : un texte blanc posé dessus n’a qu’un "
                "contraste de %(ratio)s:1, il faut au moins 4,5:1 (RGAA, critère 3.2). "
                "Choisissez une teinte plus foncée."
            ),
            code="colour_contrast",
            params={"ratio": f"{ratio:.2f}".replace(".", ",")},
        )


def _mix_with_black(colour: str, share: float) -> str:
    r, g, b = (round(c * (1 - share)) for c in _channels(colour))
    return f"#{r:02x}{g:02x}{b:02x}"


def _mix_with_white(colour: str, share: float) -> str:
    r, g, b = (round(c + (255 - c) * share) for c in _channels(colour))
    return f"#{r:02x}{g:02x}{b:02x}"


@dataclass(frozen=True)
class Palette:
    """The shades the DSFR's « action high » tokens need, derived from one colour.

    Hover and active are darker than the base, so white text on them keeps at least the
    base's contrast; the light tint is for backgrounds behind the colour as text."""

    primary: str
    hover: str
    active: str
    light: str

    @classmethod
    def from_primary(cls, colour: str) -> Palette:
        colour = normalise_colour(colour)
        return cls(
            primary=colour,
            hover=_mix_with_black(colour, 0.15),
            active=_mix_with_black(colour, 0.3),
            light=_mix_with_white(colour, 0.9),
        )

    def css(self) -> str:
        """Custom properties overriding the DSFR's blue France tokens, for both schemes."""
        tokens = {
            "--background-action-high-blue-france": self.primary,
            "--background-action-high-blue-france-hover": self.hover,
            "--background-action-high-blue-france-active": self.active,
            "--text-action-high-blue-france": self.primary,
            "--text-active-blue-france": self.primary,
            "--text-title-blue-france": self.primary,
            "--border-action-high-blue-france": self.primary,
            "--border-active-blue-france": self.primary,
            "--border-plain-blue-france": self.primary,
            "--background-active-blue-france": self.primary,
            "--background-active-blue-france-hover": self.hover,
            "--background-active-blue-france-active": self.active,
            "--background-action-low-blue-france": self.light,
            "--maillage-primary": self.primary,
        }
        body = "".join(f"{name}:{value};" for name, value in tokens.items())
        # The light scheme only: the DSFR's dark scheme has its own readable shades.
        return f':root,:root[data-fr-theme="light"]{{{body}}}\n'


def instance_primary_colour() -> str:
    colour = getattr(settings, "MAILLAGE_PRIMARY_COLOUR", "") or DEFAULT_PRIMARY_COLOUR
    validate_primary_colour(colour)
    return normalise_colour(colour)


# The page's identity ---------------------------------------------------------------------


@dataclass(frozen=True)
class Brand:
    is_state: bool
    name: str
    logo_url: str
    stylesheet_url: str


def palette_version(colour: str) -> str:
    """A short digest of a colour, so its stylesheet's URL changes when the colour does
    and browsers may keep it for a year."""
    return hashlib.sha256(colour.encode()).hexdigest()[:10]


def _operator_logo_url() -> str:
    logo = getattr(settings, "MAILLAGE_OPERATOR_LOGO", "")
    if not logo or logo.startswith(("/", "https://", "http://")):
        return logo
    from django.templatetags.static import static

    return static(logo)


def brand_for(territory: Any = None) -> Brand:
    """What the header, footer and PDFs show: the State's block in the etat theme; else
    the territory's own name, logo and colour, or the instance operator's."""
    if is_state_theme():
        return Brand(is_state=True, name="", logo_url="", stylesheet_url="")
    # Without an operator's name, the header keeps Maillage's tagline.
    operator = getattr(settings, "MAILLAGE_OPERATOR_NAME", "")
    if territory is not None and getattr(territory, "pk", None):
        logo = territory.logo.url if territory.logo else _operator_logo_url()
        if territory.primary_color:
            url = reverse("territories:theme_css", kwargs={"territory_slug": territory.slug})
            stylesheet = f"{url}?v={palette_version(territory.primary_color)}"
        else:
            stylesheet = _instance_stylesheet_url()
        return Brand(is_state=False, name=territory.name, logo_url=logo, stylesheet_url=stylesheet)
    return Brand(
        is_state=False,
        name=operator,
        logo_url=_operator_logo_url(),
        stylesheet_url=_instance_stylesheet_url(),
    )


def _instance_stylesheet_url() -> str:
    return f"{reverse('core:theme_css')}?v={palette_version(instance_primary_colour())}"


def stylesheet_response(request: Any, colour: str) -> Any:
    """The palette of ``colour`` as a stylesheet. Its URL carries the colour's digest
    (``?v=``): when it matches, browsers and proxies may keep it for a year."""
    from django.http import HttpResponse

    palette = Palette.from_primary(colour)
    response = HttpResponse(palette.css(), content_type="text/css; charset=utf-8")
    version = palette_version(palette.primary)
    response["ETag"] = f'"{version}"'
    if request.GET.get("v") == version:
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "public, max-age=300"
    return response


STATE_BLUE = "#000091"


def document_colour(territory: Any = None) -> str:
    if is_state_theme():
        return STATE_BLUE
    colour = getattr(territory, "primary_color", "") if territory is not None else ""
    return colour or instance_primary_colour()

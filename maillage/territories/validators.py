"""Checks on values that come from outside: SIRET, INSEE codes, logos."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

SIRET_RE = re.compile(r"^\d{14}$")
COMMUNE_CODE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
DEPARTEMENT_CODE_RE = re.compile(r"^(\d{2}|2[AB]|97\d)$")
EPCI_CODE_RE = re.compile(r"^\d{9}$")
IRIS_CODE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})\d{4}$")
# 2015 codes: QP + 3-character département + 3 digits (QP093001, QP02A001); 2024 codes
# start with QN and add a letter (QN09301M).
QPV_CODE_RE = re.compile(r"^Q[NP](\d{3}|02[AB])[0-9A-Z]{3,6}$")
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp", "GIF": "image/gif"}

# La Poste's establishments are numbered with a SIREN whose checksum is not Luhn.
LA_POSTE_SIREN = "356000000"


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_siret(value: str) -> str:
    return re.sub(r"\s+", "", value or "")


def validate_siret(value: str) -> None:
    siret = normalise_siret(value)
    if not SIRET_RE.match(siret):
        raise ValidationError(
            _("Le SIRET doit comporter 14 chiffres (reçu : « %(value)s »)."),
            code="siret_format",
            params={"value": value},
        )
    if siret.startswith(LA_POSTE_SIREN):
        # La Poste has more establishments than the Luhn key allows: INSEE also accepts its
        # SIRETs whose digits add up to a multiple of 5 (its head office, 356 000 000 00048,
        # passes the Luhn key).
        if not (luhn_ok(siret) or sum(int(c) for c in siret) % 5 == 0):
            raise ValidationError(
                _("Ce SIRET de La Poste n’est pas valide : la clé de contrôle ne correspond pas."),
                code="siret_checksum",
            )
        return
    if not (luhn_ok(siret[:9]) and luhn_ok(siret)):
        raise ValidationError(
            _("Ce SIRET n’est pas valide : la clé de contrôle ne correspond pas."),
            code="siret_checksum",
        )


def validate_commune_code(value: str) -> None:
    if not COMMUNE_CODE_RE.match(value or ""):
        raise ValidationError(
            _("Le code INSEE d’une commune compte 5 caractères, par exemple 93014."),
            code="insee_code",
        )


def validate_departement_code(value: str) -> None:
    if not DEPARTEMENT_CODE_RE.match(value or ""):
        raise ValidationError(
            _("Le code d’un département compte 2 ou 3 caractères : 93, 2A, 974."),
            code="insee_code",
        )


def validate_epci_code(value: str) -> None:
    """An EPCI is identified by its SIREN: 9 digits with a Luhn key."""
    if not (EPCI_CODE_RE.match(value or "") and luhn_ok(value)):
        raise ValidationError(
            _("Le code d’un EPCI est son SIREN : 9 chiffres, par exemple 200058790."),
            code="insee_code",
        )


def validate_iris_code(value: str) -> None:
    if not IRIS_CODE_RE.match(value or ""):
        raise ValidationError(
            _("Un code IRIS compte 9 caractères : le code de la commune suivi de 4 chiffres."),
            code="iris_code",
        )


def validate_qpv_code(value: str) -> None:
    if not QPV_CODE_RE.match(value or ""):
        raise ValidationError(
            _(
                "Un code QPV commence par QN (quartiers de 2024) ou QP (2015), suivi du "
                "département, par exemple QN09301M ou QP093001."
            ),
            code="qpv_code",
        )


def validate_logo(upload) -> None:
    """A logo must be a real PNG, JPEG, WebP or GIF image of at most 2 Mo.

    The file's content is opened with Pillow: the extension and the browser's content
    type are not trusted."""
    size = getattr(upload, "size", None)
    if size is not None and size > settings.LOGO_MAX_BYTES:
        raise ValidationError(
            _("Le logo pèse %(size)s Mo ; la limite est de 2 Mo."),
            code="logo_too_big",
            params={"size": f"{size / 1024 / 1024:.1f}".replace(".", ",")},
        )
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("Le logo doit être une image PNG, JPEG, WebP ou GIF."), code="logo_not_image"
        ) from exc
    finally:
        if position is not None:
            upload.seek(position)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(
            _("Le logo doit être une image PNG, JPEG, WebP ou GIF."), code="logo_not_image"
        )

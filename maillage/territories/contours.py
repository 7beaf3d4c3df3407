"""Reading GeoJSON contours (IRIS, QPV…) as people download them from IGN or the ANCT.

Pure functions: they check a FeatureCollection and return what to store, or raise one
``ValidationError`` listing every problem with the number of the feature it concerns, so
that the import service can refuse the whole file before touching the database.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A commune's IRIS contours from IGN weigh a few hundred kilobytes; a whole département's,
# a few megabytes. Anything bigger is not meant for one territory.
MAX_CONTOURS_BYTES = 20 * 1024 * 1024
MAX_POSITIONS = 500_000
# Stored with 6 decimals: about ten centimetres, far finer than any map we draw.
COORDINATE_DECIMALS = 6
MAX_ERRORS = 20

# Property names used by IGN (CONTOURS-IRIS), the ANCT (QPV) and INSEE, tried in order when
# the person importing does not name one.
CODE_PROPERTIES = (
    "code_iris",
    "CODE_IRIS",
    "iris",
    "IRIS",
    "code_qp",
    "CODE_QP",
    "code_qpv",
    "codgeo",
    "CODGEO",
    "insee_com",
    "INSEE_COM",
    "code",
)
NAME_PROPERTIES = ("nom_iris", "NOM_IRIS", "nom_qp", "NOM_QP", "lib_qp", "libgeo", "nom", "name")


@dataclass(frozen=True)
class Contour:
    index: int  # 1-based position of the feature in the file, as people count
    code: str
    name: str
    geometry: dict[str, Any]


def _position_error(position: Any) -> str | None:
    if not isinstance(position, list) or len(position) < 2:
        return _("une position doit être une liste [longitude, latitude]")
    lon, lat = position[0], position[1]
    if not all(
        isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
        for v in (lon, lat)
    ):
        return _("les coordonnées doivent être des nombres")
    if abs(lon) > 180 or abs(lat) > 90:
        if abs(lon) > 1000 or abs(lat) > 1000:
            return _(
                "coordonnées hors WGS84 (%(lon)s, %(lat)s) : le fichier semble projeté "
                "(Lambert 93 ?) ; exportez-le en WGS84 (EPSG:4326)"
            ) % {"lon": lon, "lat": lat}
        return _("coordonnées hors des bornes WGS84 (%(lon)s, %(lat)s)") % {"lon": lon, "lat": lat}
    return None


def _ring_error(ring: Any) -> str | None:
    if not isinstance(ring, list) or len(ring) < 4:
        return _("un anneau de polygone doit compter au moins quatre positions")
    for position in ring:
        error = _position_error(position)
        if error:
            return error
    if ring[0][:2] != ring[-1][:2]:
        return _("un anneau de polygone doit être fermé (première et dernière positions égales)")
    return None


def _polygons(geometry: dict[str, Any]) -> list[Any]:
    if geometry.get("type") == "Polygon":
        return [geometry.get("coordinates")]
    return (
        list(geometry.get("coordinates") or [])
        if isinstance(geometry.get("coordinates"), list)
        else [None]
    )


def geometry_error(geometry: Any) -> str | None:
    """Why ``geometry`` is not a WGS84 Polygon or MultiPolygon, or None when it is."""
    if not isinstance(geometry, dict):
        return _("la géométrie est absente")
    kind = geometry.get("type")
    if kind not in ("Polygon", "MultiPolygon"):
        return _("géométrie de type « %(type)s » : seuls Polygon et MultiPolygon sont acceptés") % {
            "type": kind
        }
    polygons = _polygons(geometry)
    if not polygons:
        return _("la géométrie n’a aucune coordonnée")
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return _("les coordonnées du polygone sont mal formées")
        for ring in polygon:
            error = _ring_error(ring)
            if error:
                return error
    return None


def _round(value: Any) -> Any:
    """Positions keep longitude and latitude only (an altitude is dropped), rounded."""
    if isinstance(value, list) and value and not isinstance(value[0], list):
        return [
            round(float(value[0]), COORDINATE_DECIMALS),
            round(float(value[1]), COORDINATE_DECIMALS),
        ]
    return [_round(v) for v in value]


def clean_geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    """Only the type and the rounded coordinates: no foreign members, no crs."""
    return {"type": geometry["type"], "coordinates": _round(geometry["coordinates"])}


def _count_positions(geometry: dict[str, Any]) -> int:
    return sum(len(ring) for polygon in _polygons(geometry) for ring in polygon)


def _text(value: Any) -> str:
    if value is None or isinstance(value, dict | list | bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Control characters (NUL above all, which PostgreSQL refuses) never belong in a code
    # or a name.
    return "".join(char for char in str(value) if char >= " ").strip()


def guess_property(features: list[Any], candidates: tuple[str, ...]) -> str:
    for feature in features:
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if isinstance(properties, dict):
            for name in candidates:
                if name in properties:
                    return name
            return ""
    return ""


def read_feature_collection(raw: bytes) -> list[Any]:
    if len(raw) > MAX_CONTOURS_BYTES:
        raise ValidationError(
            _("Le fichier dépasse %(size)s Mo : découpez-le à l’échelle du territoire.")
            % {"size": MAX_CONTOURS_BYTES // (1024 * 1024)}
        )
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValidationError(_("Le fichier n’est pas encodé en UTF-8.")) from None
    except (ValueError, RecursionError) as exc:
        raise ValidationError(
            _("Le fichier n’est pas du JSON valide : %(error)s") % {"error": exc}
        ) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ValidationError(
            _(
                "Le fichier doit être une FeatureCollection GeoJSON (« type »: « FeatureCollection »)."
            )
        )
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise ValidationError(_("La FeatureCollection ne contient aucun objet (« features »)."))
    return features


def parse_contours(
    raw: bytes, *, code_property: str = "", name_property: str = ""
) -> tuple[list[Contour], str]:
    """Every feature of ``raw`` as a ``Contour``, and the code property used.

    Raises one ``ValidationError`` listing the problems, each naming its feature."""
    features = read_feature_collection(raw)
    code_property = code_property.strip() or guess_property(features, CODE_PROPERTIES)
    if not code_property:
        raise ValidationError(
            _(
                "Aucune propriété de code reconnue (%(names)s) : indiquez le nom de la "
                "propriété qui porte le code."
            )
            % {"names": ", ".join(CODE_PROPERTIES[:6])}
        )
    name_property = name_property.strip() or guess_property(features, NAME_PROPERTIES)
    errors: list[str] = []
    contours: list[Contour] = []
    seen: dict[str, int] = {}
    positions = 0
    for number, feature in enumerate(features, start=1):
        if len(errors) >= MAX_ERRORS:
            break
        prefix = _("Objet n° %(number)s") % {"number": number}
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            errors.append(
                _("%(prefix)s : ce n’est pas un « Feature » GeoJSON.") % {"prefix": prefix}
            )
            continue
        properties = feature.get("properties")
        properties = properties if isinstance(properties, dict) else {}
        code = _text(properties.get(code_property))
        if not code:
            errors.append(
                _("%(prefix)s : la propriété « %(property)s » est absente ou vide.")
                % {"prefix": prefix, "property": code_property}
            )
            continue
        prefix = _("Objet n° %(number)s (code %(code)s)") % {"number": number, "code": code}
        if code in seen:
            errors.append(
                _("%(prefix)s : ce code figure déjà à l’objet n° %(first)s.")
                % {"prefix": prefix, "first": seen[code]}
            )
            continue
        seen[code] = number
        geometry = feature.get("geometry")
        error = geometry_error(geometry)
        if error or not isinstance(geometry, dict):
            errors.append(_("%(prefix)s : %(error)s.") % {"prefix": prefix, "error": error})
            continue
        positions += _count_positions(geometry)
        if positions > MAX_POSITIONS:
            raise ValidationError(
                _(
                    "Les contours comptent plus de %(max)s points : simplifiez-les (par exemple "
                    "avec mapshaper) avant de les importer."
                )
                % {"max": f"{MAX_POSITIONS:,}".replace(",", "\u202f")}
            )
        name = _text(properties.get(name_property)) if name_property else ""
        contours.append(Contour(number, code, name, clean_geometry(geometry)))
    if errors:
        raise ValidationError(errors[:MAX_ERRORS])
    return contours, code_property

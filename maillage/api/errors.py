"""Error answers of the API, in French, in one shape: ``{"detail": …, "errors": {field: [...]}}``.

Pydantic describes what is wrong with a request in English; an integrator working with a
French public body reads French, and the pages say the same things in the same words. The
field key is the dotted location without its source (``body``, ``query``, ``path``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

# Pydantic error type -> French message; ``%(name)s`` placeholders come from the error's ctx.
MESSAGES: dict[str, str] = {
    "missing": N_("Ce champ est obligatoire."),
    "string_type": N_("Une chaîne de caractères est attendue."),
    "string_too_short": N_("Au moins %(min_length)s caractère(s) attendu(s)."),
    "string_too_long": N_("Au plus %(max_length)s caractère(s) attendu(s)."),
    "string_pattern_mismatch": N_("Cette valeur n’a pas le format attendu."),
    "literal_error": N_(
        "Valeur inconnue : choisissez l’une des valeurs décrites dans le schéma OpenAPI."
    ),
    "enum": N_("Valeur inconnue : choisissez l’une des valeurs décrites dans le schéma OpenAPI."),
    "int_type": N_("Un nombre entier est attendu."),
    "int_parsing": N_("Un nombre entier est attendu."),
    "int_from_float": N_("Un nombre entier est attendu."),
    "float_type": N_("Un nombre est attendu."),
    "float_parsing": N_("Un nombre est attendu."),
    "bool_type": N_("Vrai ou faux est attendu."),
    "bool_parsing": N_("Vrai ou faux est attendu."),
    "greater_than": N_("La valeur doit être supérieure à %(gt)s."),
    "greater_than_equal": N_("La valeur doit être supérieure ou égale à %(ge)s."),
    "less_than": N_("La valeur doit être inférieure à %(lt)s."),
    "less_than_equal": N_("La valeur doit être inférieure ou égale à %(le)s."),
    "url_parsing": N_("Adresse web invalide."),
    "url_scheme": N_("L’adresse web doit commencer par http:// ou https://."),
    "url_type": N_("Une adresse web est attendue."),
    "url_too_long": N_("Adresse web trop longue."),
    "value_error": N_("Valeur invalide."),
    "model_type": N_("Un objet JSON est attendu."),
    "model_attributes_type": N_("Un objet JSON est attendu."),
    "dict_type": N_("Un objet JSON est attendu."),
    "list_type": N_("Une liste est attendue."),
    "string_nul": N_("Le caractère nul (U+0000) n’est pas accepté."),
    "json_invalid": N_("Le corps de la requête n’est pas du JSON valide."),
    "extra_forbidden": N_("Ce champ n’existe pas."),
    "datetime_parsing": N_("Date et heure invalides (format ISO 8601 attendu)."),
    "date_parsing": N_("Date invalide (format AAAA-MM-JJ attendu)."),
}
SOURCES = frozenset({"body", "query", "path", "header", "cookie", "form", "file"})


def translate(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    template = MESSAGES.get(kind)
    if kind == "value_error" and "email" in str(error.get("msg", "")):
        template = "Adresse électronique invalide."
    if template is None:
        return _("Valeur invalide.")
    ctx = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    try:
        return _(template) % ctx if "%(" in template else _(template)
    except (KeyError, TypeError, ValueError):
        return _("Valeur invalide.")


def field_name(loc: Iterable[Any]) -> str:
    parts = [str(part) for part in loc]
    # Only the first part names the source: a field may be called ``body`` itself.
    if parts and parts[0] in SOURCES:
        parts.pop(0)
    # Ninja nests a body schema under the view's argument name (``payload``, ``filters``).
    if len(parts) > 1 and parts[0] in {"payload", "filters", "pagination", "data"}:
        parts.pop(0)
    return ".".join(parts) or "__all__"


def by_field(errors: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for error in errors:
        grouped.setdefault(field_name(error.get("loc", ())), []).append(translate(error))
    return grouped

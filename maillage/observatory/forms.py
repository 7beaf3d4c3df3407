"""Forms of the observatory's pages: they turn what the browser sends into service
arguments; the rules live in the services and the models."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.core.roles import Visibility
from maillage.observatory.figures import GeoLevel
from maillage.observatory.importing import VARIABLE_CODE
from maillage.observatory.models import VARIABLE_CODE_MAX, ImportJob, Indicator
from maillage.observatory.reading import max_bytes, too_large_message
from maillage.territories.models import Organisation, Territory

VISIBILITIES = [
    (Visibility.PUBLIC, _("Public")),
    (Visibility.PARTNERS, _("Partenaires du territoire")),
    (Visibility.RESTRICTED, _("Restreint aux organisations d’une convention de partage")),
]


class UploadForm(DsfrBaseForm):
    file = forms.FileField(
        label=_("Fichier (CSV ou XLSX)"),
        help_text=_(
            "Fichier INSEE tel que téléchargé (CODGEO ou IRIS), ou fichier d’un partenaire."
        ),
    )
    kind = forms.ChoiceField(label=_("Format"), choices=ImportJob.Kind.choices, initial="insee")
    producer = forms.ModelChoiceField(
        label=_("Organisation productrice"), queryset=Organisation.objects.none()
    )
    title = forms.CharField(label=_("Titre"), max_length=200)
    source = forms.CharField(
        label=_("Source"), max_length=200, help_text=_("Par exemple INSEE, Filosofi.")
    )
    vintage = forms.CharField(label=_("Millésime"), max_length=20)
    period = forms.IntegerField(
        label=_("Année des données"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_("Inutile quand les colonnes la portent (P21_POP, TP6021)."),
    )
    licence = forms.CharField(label=_("Licence"), max_length=120, initial="Licence Ouverte 2.0")
    visibility = forms.ChoiceField(
        label=_("Diffusion"), choices=VISIBILITIES, initial=Visibility.PUBLIC
    )
    restricted_to = forms.ModelMultipleChoiceField(
        label=_("Organisations autorisées (diffusion restreinte)"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_count = forms.IntegerField(
        label=_("Effectif minimal diffusé"),
        initial=5,
        min_value=1,
        max_value=1000,
        help_text=_("En dessous, un effectif est secret (5 selon l’usage INSEE et CNAF)."),
    )
    round_to_5 = forms.BooleanField(label=_("Arrondir les effectifs à 5"), required=False)

    def __init__(
        self, *args: Any, territory: Territory, producers: list[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        producer_field: Any = self.fields["producer"]
        producer_field.queryset = Organisation.objects.filter(pk__in=[p.pk for p in producers])
        if len(producers) == 1:
            producer_field.initial = producers[0].pk
        restricted_field: Any = self.fields["restricted_to"]
        restricted_field.queryset = Organisation.objects.partners_of(territory).order_by("name")
        self.fields["vintage"].initial = str(datetime.date.today().year)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(too_large_message(upload.size))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("visibility") == Visibility.RESTRICTED and not data.get("restricted_to"):
            self.add_error(
                "restricted_to",
                _("Nommez au moins une organisation pour une diffusion restreinte."),
            )
        return data

    def metadata(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "source": data["source"],
            "vintage": data["vintage"],
            "licence": data["licence"],
            "visibility": data["visibility"],
            "restricted_to": [o.pk for o in data["restricted_to"]]
            if data["visibility"] == Visibility.RESTRICTED
            else [],
            "min_count": data["min_count"],
            "round_to_5": data["round_to_5"],
            "period": data.get("period"),
        }


class MappingForm(DsfrBaseForm):
    """A partner's layout: which column holds the place, which the year, and which
    variable each other column is."""

    geo_column = forms.ChoiceField(label=_("Colonne du code géographique"))
    level = forms.ChoiceField(label=_("Niveau géographique"), choices=GeoLevel.choices)
    period = forms.IntegerField(
        label=_("Année des données"), required=False, min_value=1990, max_value=2100
    )
    period_column = forms.ChoiceField(label=_("… ou colonne de l’année"), required=False)

    def __init__(
        self, *args: Any, header: list[str], initial_mapping: dict[str, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [(h, h) for h in header if h]
        geo_field: Any = self.fields["geo_column"]
        geo_field.choices = choices
        period_field: Any = self.fields["period_column"]
        period_field.choices = [("", _("Aucune : l’année ci-dessus")), *choices]
        self.header = [h for h in header if h]
        variables = initial_mapping.get("variables") or {}
        for key in ("geo_column", "level", "period", "period_column"):
            if initial_mapping.get(key):
                self.fields[key].initial = initial_mapping[key]
        for index, column in enumerate(self.header):
            self.fields[f"var_{index}"] = forms.CharField(
                label=_("Variable pour la colonne « %s »") % column,
                required=False,
                max_length=VARIABLE_CODE_MAX,
                initial=variables.get(column, ""),
                help_text=_("Un code comme CAF_RSA ; laissez vide pour ignorer la colonne."),
            )

    def variable_fields(self) -> list[Any]:
        return [self[f"var_{i}"] for i in range(len(self.header))]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        variables: dict[str, str] = {}
        for index, column in enumerate(self.header):
            code = (data.get(f"var_{index}") or "").strip().upper()
            if not code:
                continue
            if not VARIABLE_CODE.match(code):
                self.add_error(
                    f"var_{index}", _("Majuscules, chiffres et _ seulement, par exemple CAF_RSA.")
                )
            elif code in variables.values():
                self.add_error(
                    f"var_{index}",
                    _("La variable %s est déjà associée à une autre colonne.") % code,
                )
            variables[column] = code
        if not variables:
            raise forms.ValidationError(_("Associez au moins une colonne à une variable."))
        if not data.get("period") and not data.get("period_column"):
            self.add_error("period", _("Indiquez l’année des données ou la colonne qui la porte."))
        if data.get("geo_column") in variables:
            self.add_error(
                "geo_column", _("La colonne du code ne peut pas être aussi une variable.")
            )
        data["variables"] = variables
        return data

    def mapping(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "geo_column": data["geo_column"],
            "level": data["level"],
            "period": data.get("period"),
            "period_column": data.get("period_column") or "",
            "variables": data["variables"],
        }


class ActionIndicatorsForm(DsfrBaseForm):
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicateurs du territoire visés"),
        queryset=Indicator.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class MapForm(DsfrBaseForm):
    niveau = forms.ChoiceField(label=_("Découpage"), required=False)
    annee = forms.TypedChoiceField(label=_("Année"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, levels: list[str], periods: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(GeoLevel.choices)
        self.fields["niveau"].choices = [(level, labels.get(level, level)) for level in levels]
        self.fields["annee"].choices = [("", _("Dernière année"))] + [
            (str(p), str(p)) for p in periods
        ]


# --------------------------------------------------------------------------- ABS report


class ReportConfigForm(DsfrBaseForm):
    title = forms.CharField(label=_("Titre du rapport"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicateurs retenus"),
        queryset=Indicator.objects.order_by("theme", "sort_order", "code"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Ils sont regroupés par thème dans le rapport."),
    )


class ReportSectionCreateForm(DsfrBaseForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation rédactrice"), queryset=Organisation.objects.none()
    )
    title = forms.CharField(label=_("Titre de la section"), max_length=200)

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.partners_of(territory).order_by(
            "name"
        )


class ReportSectionForm(DsfrBaseForm):
    text = forms.CharField(
        label=_("Texte"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Texte simple ; séparez les paragraphes par une ligne vide."),
    )


class ReportGenerateForm(DsfrBaseForm):
    year = forms.IntegerField(label=_("Année de l’édition"), min_value=2000, max_value=2100)


class ReportCommentsForm(DsfrBaseForm):
    """One text area per indicator of the report."""

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for indicator in indicators:
            self.fields[f"comment_{indicator.code}"] = forms.CharField(
                label=indicator.name,
                required=False,
                max_length=10_000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def comments(self) -> dict[str, str]:
        return {
            name.removeprefix("comment_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("comment_")
        }


class ReportThemeTextForm(DsfrBaseForm):
    text = forms.CharField(
        label=_("Analyse du thème"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Texte imprimé en tête du chapitre, avant les indicateurs du thème. Séparez les "
            "paragraphes par une ligne vide. Laissez vide pour ne rien imprimer."
        ),
    )

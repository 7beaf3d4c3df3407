from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.core.forms import DsfrModelForm, QuickSelects
from maillage.core.roles import Visibility
from maillage.territories.kinds import organisation_kinds
from maillage.territories.models import GeoUnit, Organisation, Territory
from maillage.territories.validators import normalise_siret, validate_logo


class PartnerFilterForm(QuickSelects, DsfrBaseForm):
    q = forms.CharField(label=_("Rechercher par nom"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Type d’organisation"), required=False)

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(organisation_kinds())
        self.fields["kind"].choices = [("", _("Tous les types"))] + [
            (k, labels.get(k, k)) for k in kinds
        ]


class OrganisationForm(DsfrModelForm):
    kind = forms.ChoiceField(label=_("Type"), choices=())
    siret = forms.CharField(
        label=_("SIRET"),
        required=False,
        max_length=20,
        help_text=_("14 chiffres, espaces acceptés. Laissez vide si vous ne le connaissez pas."),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("Image PNG, JPEG, WebP ou GIF, 2 Mo au plus."),
        validators=[validate_logo],
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}
        ),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "acronym",
            "kind",
            "parent",
            "siret",
            "description",
            "address",
            "postal_code",
            "city",
            "phone",
            "email",
            "website",
            "logo",
            "logo_consent",
            "logo_consent_until",
            "visibility",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "logo_consent_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_siret(self) -> str:
        return normalise_siret(self.cleaned_data.get("siret", ""))

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "—"), *list(organisation_kinds())]  # type: ignore[attr-defined]
        parents = Organisation.objects.partners_of(territory).order_by("search_text")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        self.fields["visibility"].choices = [  # type: ignore[attr-defined]
            (Visibility.PUBLIC, Visibility.PUBLIC.label),
            (Visibility.PARTNERS, Visibility.PARTNERS.label),
        ]


class ContourImportForm(DsfrBaseForm):
    kind = forms.ChoiceField(label=_("Type d’unités"), choices=())
    file = forms.FileField(
        label=_("Fichier GeoJSON"),
        help_text=_(
            "Une FeatureCollection en WGS84 (EPSG:4326), 20 Mo au plus : par exemple les "
            "contours IRIS de l’IGN ou les périmètres des QPV de l’ANCT."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,application/geo+json"}),
    )
    code_property = forms.CharField(
        label=_("Propriété portant le code"),
        required=False,
        max_length=64,
        help_text=_("Laissez vide pour reconnaître code_iris, CODE_IRIS, code_qp, CODGEO…"),
    )
    name_property = forms.CharField(
        label=_("Propriété portant le nom"),
        required=False,
        max_length=64,
        help_text=_("Utilisée pour nommer les unités créées ; laissez vide pour nom_iris, nom…"),
    )
    create_missing = forms.BooleanField(
        label=_("Créer les unités absentes du territoire"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

        self.fields["kind"].choices = GeoUnit.Kind.choices
        self.fields["kind"].initial = GeoUnit.Kind.IRIS

"""Forms for a convention's articles and its avenants."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.governance.forms.common import DateInput, ModelChoice
from maillage.governance.models import ArticleChange
from maillage.programme.models import Action, Axis
from maillage.territories.models import Organisation, Territory


def _partners(territory: Territory) -> Any:
    return (
        Organisation.objects.filter(partnerships__territory=territory).distinct().order_by("name")
    )


class ArticlesForm(DsfrBaseForm):
    text = forms.CharField(
        label=_("Texte de la convention"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Collez le texte : chaque article commence par une ligne « Article 1 – Objet ». "
            "Le préambule avant le premier article n’est pas repris."
        ),
    )


class AmendmentForm(DsfrBaseForm):
    title = forms.CharField(label=_("Intitulé"), max_length=255)
    preamble = forms.CharField(
        label=_("Exposé des motifs"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ArticleChangeForm(DsfrBaseForm):
    operation = forms.ChoiceField(label=_("Modification"), choices=ArticleChange.Operation.choices)
    number = forms.IntegerField(label=_("Numéro de l’article"), min_value=1, max_value=999)
    title = forms.CharField(label=_("Titre"), max_length=255, required=False)
    text = forms.CharField(
        label=_("Nouvelle rédaction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Vide pour un article supprimé."),
    )


class MeansChangeForm(DsfrBaseForm):
    axis = ModelChoice(queryset=Axis.objects.none(), label=_("Axe"), required=False)
    action = ModelChoice(queryset=Action.objects.none(), label=_("Fiche action"), required=False)
    funder = ModelChoice(queryset=Organisation.objects.none(), label=_("Financeur"))
    year = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(
        label=_("Montant (€)"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Négatif pour une baisse."),
    )
    note = forms.CharField(label=_("Précision"), max_length=255, required=False)

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = Axis.objects.filter(territory=territory).order_by("number")
        self.fields["action"].queryset = Action.objects.filter(territory=territory).order_by(
            "code", "title"
        )
        self.fields["funder"].queryset = _partners(territory)


class SignatoryForm(DsfrBaseForm):
    organisation = ModelChoice(queryset=Organisation.objects.none(), label=_("Organisation"))
    signed_by = forms.CharField(label=_("Représentée par"), max_length=150, required=False)

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _partners(territory)


class ResolutionForm(DsfrBaseForm):
    organisation = ModelChoice(queryset=Organisation.objects.none(), label=_("Assemblée de"))
    reference = forms.CharField(label=_("Numéro de délibération"), max_length=60)
    adopted_on = forms.DateField(label=_("Adoptée le"), widget=DateInput())

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _partners(territory)


class SignatureForm(DsfrBaseForm):
    signed_on = forms.DateField(label=_("Signé le"), widget=DateInput())

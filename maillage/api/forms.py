from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.api.models import ApiToken


class TokenForm(DsfrBaseForm):
    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=100,
        help_text=_("Par exemple : « Tableau de bord de la CAF »."),
    )
    days = forms.TypedChoiceField(
        label=_("Durée de validité"),
        coerce=int,
        choices=[(7, _("7 jours")), (30, _("30 jours")), (90, _("90 jours")), (365, _("1 an"))],
        initial=90,
        help_text=_("Au plus un an : le jeton cesse alors de fonctionner."),
    )
    scope = forms.ChoiceField(
        label=_("Droits"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        required=False,
        help_text=_("Un jeton en lecture seule ne peut rien modifier."),
    )

    def clean_scope(self) -> str:
        # Unsaid means the least: reading only.
        return self.cleaned_data.get("scope") or ApiToken.Scope.READ

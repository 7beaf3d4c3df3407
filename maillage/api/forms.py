from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm


class TokenForm(DsfrBaseForm):
    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=100,
        help_text=_("Par exemple : « Tableau de bord de la CAF »."),
    )
    days = forms.TypedChoiceField(
        label=_("Durée de validité"),
        coerce=int,
        choices=[(30, _("30 jours")), (90, _("90 jours")), (365, _("1 an"))],
        initial=365,
    )

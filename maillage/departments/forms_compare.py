"""The comparison's choices: an indicator with values per commune, a year, a commune."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.observatory.models import Indicator


class CompareForm(DsfrBaseForm):
    indicateur = forms.ChoiceField(label=_("Indicateur"), required=False)
    annee = forms.TypedChoiceField(label=_("Année"), required=False, coerce=int, empty_value=None)
    commune = forms.ChoiceField(label=_("Commune mise en évidence"), required=False)

    def __init__(
        self,
        *args: Any,
        indicators: list[Indicator],
        periods: list[int],
        communes: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicateur"].choices = [(i.code, i.name) for i in indicators]
        self.fields["annee"].choices = [("", _("Dernière année connue"))] + [
            (str(p), str(p)) for p in periods
        ]
        self.fields["commune"].choices = [("", _("Aucune")), *communes]

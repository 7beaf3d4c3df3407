"""Forms of the new territory's pages (docs/departments.md, "Nouveau territoire")."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.core.roles import Visibility


class NewTerritoryForm(DsfrBaseForm):
    code = forms.CharField(
        label=_("Code INSEE de la commune"),
        max_length=10,
        help_text=_("Cinq caractères, par exemple 93014 pour Clichy-sous-Bois."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    slug = forms.SlugField(
        label=_("Identifiant d’adresse"),
        max_length=80,
        required=False,
        help_text=_("Laissez vide pour le former à partir du nom de la commune."),
    )
    visibility = forms.ChoiceField(
        label=_("Visibilité du territoire"),
        choices=[
            (Visibility.PUBLIC.value, Visibility.PUBLIC.label),
            (Visibility.PARTNERS.value, Visibility.PARTNERS.label),
        ],
        initial=Visibility.PUBLIC,
    )


class SetupForm(DsfrBaseForm):
    source = forms.ChoiceField(
        label=_("Projet social de territoire dont copier la structure"),
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, sources: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(t.slug, t.name) for t in sources]

"""The form that creates a personal calendar feed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.governance.models import (
    CalendarFeed,
)


class FeedForm(DsfrBaseForm):
    name = forms.CharField(
        label=_("Nom du flux"),
        max_length=100,
        initial=_("Mon agenda"),
        help_text=_("Pour le reconnaître, par exemple : téléphone, agenda du bureau."),
    )
    scope = forms.ChoiceField(
        label=_("Contenu"),
        choices=CalendarFeed.Scope.choices,
        initial=CalendarFeed.Scope.MINE,
        widget=forms.RadioSelect,
    )

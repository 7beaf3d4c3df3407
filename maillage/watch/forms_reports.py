"""Forms of the veille's report pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm


class MapLevelForm(DsfrBaseForm):
    niveau = forms.ChoiceField(label=_("Découpage"), required=False)

    def __init__(self, *args: Any, levels: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["niveau"].choices = levels

"""The commune's sharing setting: one radio group per capability (core/sharing.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from dsfr.forms import DsfrBaseForm

from maillage.core import sharing


class SharingForm(DsfrBaseForm):
    def __init__(self, *args: Any, territory: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for capability, label in sharing.CAPABILITIES.items():
            self.fields[capability] = forms.ChoiceField(
                label=label,
                choices=sharing.Level.choices,
                widget=forms.RadioSelect,
                initial=sharing.level_of(territory, capability),
            )

    def levels(self) -> dict[str, str]:
        return {c: self.cleaned_data[c] for c in sharing.CAPABILITIES}

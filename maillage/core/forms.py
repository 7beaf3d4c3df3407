from typing import Any

from django import forms
from dsfr.forms import DsfrBaseForm


class DsfrModelForm(DsfrBaseForm, forms.ModelForm):
    """A ModelForm rendered with the State design system."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

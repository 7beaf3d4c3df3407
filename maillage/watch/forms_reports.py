"""Forms of the veille's report pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.territories.models import Organisation
from maillage.watch.importing import MAX_BYTES


class MapLevelForm(DsfrBaseForm):
    niveau = forms.ChoiceField(label=_("Découpage"), required=False)

    def __init__(self, *args: Any, levels: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["niveau"].choices = levels


class ImportForm(DsfrBaseForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation qui signale"), queryset=Organisation.objects.none()
    )
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_("Séparateur « ; » ou « , », encodage UTF-8 ; 1 000 lignes et 2 Mo au plus."),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisation"]
        field.queryset = organisations
        found = list(organisations[:2])
        if len(found) == 1:
            field.initial = found[0].pk

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 2 Mo : découpez-le."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Choisissez un fichier CSV (.csv)."))
        return upload

"""Forms for bodies and their members."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.core.forms import DsfrModelForm
from maillage.governance import selectors
from maillage.governance.forms.common import (
    DateInput,
    OrganisationChoiceField,
    PersonChoiceField,
    ServiceErrorsMixin,
    offer_people,
)
from maillage.governance.models import (
    Body,
)
from maillage.territories.models import Territory


class BodyForm(ServiceErrorsMixin, DsfrModelForm):
    chair = PersonChoiceField(queryset=None, required=False, label=_("Présidence"))
    secretary = PersonChoiceField(
        queryset=None,
        required=False,
        label=_("Secrétariat"),
        help_text=_("Prépare les séances, convoque, note les présences et rédige le compte rendu."),
    )

    class Meta:
        model = Body
        fields = [
            "kind",
            "name",
            "short_name",
            "theme",
            "axis",
            "mandate",
            "rhythm",
            "chair",
            "secretary",
            "visibility",
            "documents_visibility",
            "is_archived",
        ]
        widgets = {"mandate": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_people(self.fields["chair"], territory)
        offer_people(self.fields["secretary"], territory)
        self.fields["axis"].queryset = selectors.axes(territory)  # type: ignore[attr-defined]
        if not self.instance.pk:
            del self.fields["is_archived"]

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


class MemberForm(ServiceErrorsMixin, DsfrBaseForm):
    organisation = OrganisationChoiceField(queryset=None, label=_("Organisation"))
    titular = PersonChoiceField(queryset=None, required=False, label=_("Titulaire"))
    substitute = PersonChoiceField(queryset=None, required=False, label=_("Suppléant·e"))
    started_on = forms.DateField(
        label=_("Membre depuis"), widget=DateInput(), initial=timezone.localdate
    )

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisations(territory)
        offer_people(self.fields["titular"], territory)
        offer_people(self.fields["substitute"], territory)


class RepresentativesForm(ServiceErrorsMixin, DsfrBaseForm):
    titular = PersonChoiceField(queryset=None, required=False, label=_("Titulaire"))
    substitute = PersonChoiceField(queryset=None, required=False, label=_("Suppléant·e"))
    on = forms.DateField(
        label=_("À compter du"),
        widget=DateInput(),
        initial=timezone.localdate,
        help_text=_("La période précédente reste dans l’historique de l’instance."),
    )

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_people(self.fields["titular"], territory)
        offer_people(self.fields["substitute"], territory)


class EndMemberForm(ServiceErrorsMixin, DsfrBaseForm):
    field_map = {"ended_on": "on"}
    on = forms.DateField(
        label=_("Fin de l’appartenance"), widget=DateInput(), initial=timezone.localdate
    )
    reason = forms.CharField(label=_("Motif"), required=False, max_length=255)

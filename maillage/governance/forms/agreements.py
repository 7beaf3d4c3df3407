"""Forms for conventions and feuilles de route."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.core.forms import DsfrModelForm
from maillage.governance import selectors
from maillage.governance.forms.common import (
    DateInput,
    ModelChoice,
    ModelMultipleChoice,
    ServiceErrorsMixin,
)
from maillage.governance.models import (
    Agreement,
    Body,
)
from maillage.territories.models import Territory


class AgreementForm(ServiceErrorsMixin, DsfrModelForm):
    axes = ModelMultipleChoice(
        queryset=None,
        required=False,
        label=_("Axes co-pilotés"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Agreement
        fields = [
            "kind",
            "title",
            "summary",
            "signed_on",
            "starts_on",
            "ends_on",
            "review_on",
            "reminder_days",
            "body",
            "visibility",
            "axes",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "signed_on": DateInput(),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "review_on": DateInput(),
        }

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["axes"].queryset = selectors.axes(territory)  # type: ignore[attr-defined]
        self.fields["body"].queryset = Body.objects.filter(territory=territory)  # type: ignore[attr-defined]

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "axes"}


class SignatoryForm(DsfrBaseForm):
    organisation = ModelChoice(queryset=None, required=False, label=_("Signataire"))
    signed_by = forms.CharField(
        label=_("Représentée par"),
        required=False,
        max_length=150,
        help_text=_("Une fonction, par exemple : le Maire."),
    )

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisations(territory)


SIGNATORY_ROWS = 4


def signatory_forms(
    data: Any, territory: Territory, initial: list[dict[str, Any]] | None = None
) -> list[SignatoryForm]:
    rows = max(SIGNATORY_ROWS, len(initial or []) + 1)
    initial = initial or []
    return [
        SignatoryForm(
            data,
            prefix=f"sig{n}",
            territory=territory,
            initial=initial[n] if n < len(initial) else None,
        )
        for n in range(rows)
    ]


def signatories_from(forms_: list[SignatoryForm]) -> list[tuple[Any, str]]:
    return [
        (f.cleaned_data["organisation"], f.cleaned_data.get("signed_by", ""))
        for f in forms_
        if f.cleaned_data.get("organisation") is not None
    ]


class CommitmentForm(ServiceErrorsMixin, DsfrBaseForm):
    text = forms.CharField(label=_("Engagement"), widget=forms.Textarea(attrs={"rows": 2}))
    organisation = ModelChoice(
        queryset=None,
        required=False,
        label=_("Organisation engagée"),
        help_text=_("Vide : tous les signataires."),
    )

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = agreement.signatories.all()


class DocumentForm(ServiceErrorsMixin, DsfrBaseForm):
    title = forms.CharField(label=_("Intitulé"), max_length=200, required=False)
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, ODT, ODS, DOCX, XLSX, DOC, XLS, PNG ou JPEG ; 10 Mo au plus."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.odt,.ods,.docx,.xlsx,.doc,.xls,.png,.jpg,.jpeg"}
        ),
    )

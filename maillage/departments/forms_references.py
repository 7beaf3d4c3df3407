"""Forms of the shared reference lists: one item form whose extra fields follow the
list's kind (docs/departments.md, "Référentiels partagés")."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.core.forms import DsfrBaseForm
from maillage.departments.models_references import ReferenceKind
from maillage.departments.services_references import PAYLOAD_FIELDS, answer_type_choices
from maillage.governance.models import Body
from maillage.observatory.models import Theme


class ItemForm(DsfrBaseForm):
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Lettres sans accent, chiffres et tirets ; unique dans la liste."),
    )
    label = forms.CharField(label=_("Libellé"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    # Indicators
    unit = forms.CharField(label=_("Unité"), max_length=30, required=False)
    definition = forms.CharField(label=_("Définition"), required=False, widget=forms.Textarea)
    source = forms.CharField(label=_("Source"), max_length=200, required=False)
    formula = forms.CharField(
        label=_("Formule"),
        max_length=500,
        required=False,
        help_text=_("Sur les codes de variables, par exemple P_POP0014 / P_POP * 100."),
    )
    theme = forms.ChoiceField(label=_("Thème de l’observatoire"), required=False)
    # Evaluation grid
    text = forms.CharField(label=_("Question posée"), max_length=300, required=False)
    answer_type = forms.ChoiceField(label=_("Type de réponse"), required=False)
    # Body templates
    body_kind = forms.ChoiceField(label=_("Type d’instance"), required=False)
    mandate = forms.CharField(label=_("Mandat"), required=False, widget=forms.Textarea)
    member_roles = forms.CharField(
        label=_("Rôles des membres"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Un rôle par ligne, par exemple : Présidence, Secrétariat."),
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = {"code", "label", "description", *PAYLOAD_FIELDS[kind]}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "theme" in self.fields:
            self.fields["theme"].choices = [("", _("Choisir un thème")), *Theme.choices]
        if "answer_type" in self.fields:
            self.fields["answer_type"].choices = answer_type_choices()
            self.fields["answer_type"].required = True
            self.fields["text"].required = True
        if "body_kind" in self.fields:
            self.fields["body_kind"].choices = Body.Kind.choices
            self.fields["body_kind"].required = True

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data.get(name, "") for name in PAYLOAD_FIELDS[self.kind]}

    @staticmethod
    def initial_for(item: Any) -> dict[str, Any]:
        payload = dict(item.payload or {})
        if isinstance(payload.get("member_roles"), list):
            payload["member_roles"] = "\n".join(payload["member_roles"])
        return {
            "code": item.code,
            "label": item.label,
            "description": item.description,
            **payload,
        }


NO_EQUIVALENT = "none"


class MappingForm(DsfrBaseForm):
    local_key = forms.ChoiceField(label=_("Élément local"), required=False)

    def __init__(self, *args: Any, options: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["local_key"].choices = [
            ("", _("Pas encore rapproché")),
            (NO_EQUIVALENT, _("Sans équivalent")),
            *options,
        ]


KIND_CHOICES = ReferenceKind.choices

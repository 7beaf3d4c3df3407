"""Forms of the participation pages. They turn what the browser sends into service
arguments; the rules live in the services and the models' ``clean()``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.core import access, i18n
from maillage.core.plain_language import PlainLanguageMixin
from maillage.governance.models import Body
from maillage.participation.models import (
    Category,
    Kind,
    ModerationReason,
    ModerationState,
    Origin,
    Status,
    TranslationStatus,
)
from maillage.participation.models.translations import target_languages
from maillage.programme.models import Action
from maillage.territories.models import GeoUnit, Organisation
from maillage.watch.models import Signal


class ContributionForm(DsfrBaseForm):
    """What a resident writes: short labels, one idea per line."""

    kind = forms.ChoiceField(
        label=_("Vous voulez dire quoi ?"), choices=Kind.choices, widget=forms.RadioSelect
    )
    category = forms.ChoiceField(label=_("C’est à propos de quoi ?"), choices=Category.choices)
    quartier = forms.ModelChoiceField(
        label=_("Dans quel quartier ?"),
        queryset=GeoUnit.objects.none(),
        required=False,
        empty_label=_("Tout le territoire"),
    )
    title = forms.CharField(
        label=_("En quelques mots"),
        max_length=120,
        help_text=_("Par exemple : une crèche ouverte le soir."),
    )
    text = forms.CharField(
        label=_("Votre message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Expliquez avec vos mots. N’écrivez pas votre adresse ni votre téléphone."),
    )
    display_name = forms.CharField(
        label=_("Votre prénom ou un pseudo"),
        max_length=40,
        help_text=_("Il sera affiché avec votre message. Pas besoin de votre nom."),
    )

    photo = forms.FileField(
        label=_("Une photo (si vous voulez)"),
        required=False,
        help_text=_(
            "JPEG, PNG ou WebP, 5 Mo au plus. Pas de visage. "
            "Le lieu et la date de la photo sont effacés."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args: Any, territory: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quartier"].queryset = GeoUnit.objects.filter(territory=territory).order_by(
            "name"
        )

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "category": data["category"],
            "quartier": data["quartier"],
            "title": data["title"],
            "text": data["text"],
            "display_name": data["display_name"],
            "photo": data.get("photo"),
        }


class AssistedContributionForm(ContributionForm):
    """A partner professional enters a resident's contribution, with their consent."""

    field_map = {"consent": "consent"}

    origin = forms.ChoiceField(
        label=_("Où l’avez-vous recueillie ?"),
        choices=[c for c in Origin.choices if c[0] != Origin.WEB],
    )
    entered_for = forms.ModelChoiceField(
        label=_("Votre structure"), queryset=Organisation.objects.none(), required=False
    )
    consent = forms.BooleanField(
        label=_(
            "L’habitant·e est d’accord pour que je dépose ce message à sa place et qu’il soit "
            "publié sous le prénom ou le pseudo indiqué."
        ),
        required=True,
        error_messages={"required": _("Il faut l’accord de l’habitant·e.")},
    )

    def __init__(self, *args: Any, territory: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, territory=territory, **kwargs)
        self.fields["entered_for"].queryset = Organisation.objects.filter(
            memberships__user=user, memberships__territory=territory
        ).distinct()

    def arguments(self) -> dict[str, Any]:
        return {
            **super().arguments(),
            "origin": self.cleaned_data["origin"],
            "entered_for": self.cleaned_data["entered_for"],
            "consent": self.cleaned_data["consent"],
            "assisted": True,
        }


class ModerationForm(DsfrBaseForm):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[c for c in ModerationState.choices if c[0] != ModerationState.PENDING],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Motif (si elle n’est pas publiée)"),
        choices=[("", "—"), *ModerationReason.choices],
        required=False,
        help_text=_("Le motif est envoyé à la personne qui a écrit."),
    )


class AnswerForm(DsfrBaseForm, PlainLanguageMixin):
    """The official answer: residents read it, so it is checked for plain French."""

    plain_language_fields = ("answer",)
    status = forms.ChoiceField(label=_("Suite donnée"), choices=Status.choices)
    answer = forms.CharField(
        label=_("Réponse aux habitants"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Des phrases courtes. Dites ce qui va se passer, et quand."),
    )
    body = forms.ModelChoiceField(
        label=_("Instance saisie"), queryset=Body.objects.none(), required=False
    )
    action = forms.ModelChoiceField(
        label=_("Fiche action qui la reprend"), queryset=Action.objects.none(), required=False
    )
    signal = forms.ModelChoiceField(
        label=_("Signal de la cellule de veille"),
        queryset=Signal.objects.none(),
        required=False,
        help_text=_(
            "Le public voit seulement « transmise à la cellule de veille », jamais le signal."
        ),
    )

    def __init__(self, *args: Any, territory: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["body"].queryset = access.visible(
            user, Body.objects.filter(territory=territory)
        ).order_by("name")
        fields["action"].queryset = access.visible(
            user, Action.objects.filter(territory=territory)
        ).order_by("code")
        fields["action"].label_from_instance = lambda a: f"{a.code} — {a.title}"
        fields["signal"].queryset = access.visible(
            user, Signal.objects.filter(territory=territory, merged_into__isnull=True)
        ).order_by("-created_at")


class TranslationsForm(DsfrBaseForm):
    """Every field of one object in every language: the translation and its state."""

    def __init__(
        self, *args: Any, fields: list[tuple[str, str]], existing: dict[Any, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.entries: list[tuple[str, str]] = []
        for field, label in fields:
            for code, name in target_languages():
                row = existing.get((field, code))
                self.fields[f"{field}__{code}__text"] = forms.CharField(
                    label=_("%(field)s — %(language)s") % {"field": label, "language": name},
                    required=False,
                    max_length=4000,
                    initial=row.text if row else "",
                    widget=forms.Textarea(
                        attrs={"rows": 3, "lang": code, "dir": i18n.direction(code)}
                    ),
                    help_text=_("Traduction automatique : relisez-la.")
                    if row is not None and row.machine
                    else "",
                )
                self.fields[f"{field}__{code}__status"] = forms.ChoiceField(
                    label=_("État (%(language)s)") % {"language": name},
                    choices=TranslationStatus.choices,
                    initial=row.status if row else TranslationStatus.TO_TRANSLATE,
                )
                self.entries.append((field, code))

    def arguments(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        return [
            {
                "field": field,
                "language": code,
                "text": data.get(f"{field}__{code}__text") or "",
                "status": data.get(f"{field}__{code}__status") or "",
            }
            for field, code in self.entries
        ]

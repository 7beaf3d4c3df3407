"""Forms of the veille. The services check everything again (the gate first); the forms
also show the author the passages the gate stopped, highlighted, so they rephrase."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.core.forms import DsfrModelForm, QuickSelect
from maillage.governance.models import Body
from maillage.network import vocab
from maillage.observatory.models import Indicator
from maillage.programme import publics as programme_publics
from maillage.programme.models import Action
from maillage.territories.models import GeoUnit, Organisation, Territory
from maillage.watch import gate, selectors
from maillage.watch.models import Orientation, Signal, WatchSettings


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def highlight(text: str, screening: Any) -> list[tuple[str, bool]]:
    """``text`` cut into (passage, stopped) parts from the gate's findings."""
    spans = sorted(
        (f.start, f.end)
        for f in [*screening.findings, *getattr(screening, "child_passages", [])]
        if 0 <= f.start < f.end <= len(text)
    )
    parts: list[tuple[str, bool]] = []
    cursor = 0
    for start, end in spans:
        if start < cursor:
            start = cursor
        if start >= end:
            continue
        if start > cursor:
            parts.append((text[cursor:start], False))
        parts.append((text[start:end], True))
        cursor = end
    if cursor < len(text):
        parts.append((text[cursor:], False))
    return parts


class GateMixin:
    """Forms whose free text goes through the gate: ``stopped()`` lists, for a sent form,
    each field whose text the gate stopped, with its passages to highlight."""

    free_text: tuple[str, ...] = ()

    def stopped(self) -> list[dict[str, Any]]:
        form: Any = self
        if not form.is_bound:
            return []
        found = []
        for name in self.free_text:
            text = str(form.data.get(form.add_prefix(name), "") or "").strip()
            if not text:
                continue
            screening = gate.screen(text)
            if screening.ok:
                continue
            found.append(
                {
                    "name": name,
                    "label": form.fields[name].label,
                    "parts": highlight(text, screening),
                    "kinds": sorted({str(f.label) for f in screening.findings}),
                    "child_protection": screening.child_protection,
                }
            )
        return found


def thematique_choices() -> list[Any]:
    return [("", _("Choisir une thématique")), *vocab.thematique_choices()]


class SignalForm(GateMixin, DsfrBaseForm):
    free_text = ("title", "description")

    title = forms.CharField(
        label=_("Intitulé"),
        max_length=200,
        help_text=_(
            "Le phénomène en quelques mots, par exemple : retards de langage en maternelle."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "data-watch-similar": "title",
            }
        ),
    )
    description = forms.CharField(
        label=_("Ce que vous observez"),
        max_length=5000,
        help_text=_(
            "Décrivez un phénomène, jamais une personne : pas de nom, d’adresse, de "
            "téléphone, de date de naissance ni de numéro de dossier."
        ),
        widget=forms.Textarea(attrs={"rows": 5, "data-watch-similar": "description"}),
    )
    thematique = forms.ChoiceField(label=_("Thématique"))
    publics = forms.MultipleChoiceField(
        label=_("Publics concernés"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    place = forms.ModelChoiceField(
        label=_("Lieu"),
        required=False,
        queryset=GeoUnit.objects.none(),
        empty_label=_("Tout le territoire"),
        help_text=_("Un quartier, un IRIS ou un QPV ; jamais une adresse."),
    )
    observed_since = forms.DateField(label=_("Observé depuis"), widget=DateInput())
    trend = forms.ChoiceField(label=_("Tendance"), choices=Signal.Trend.choices)
    situations_count = forms.IntegerField(
        label=_("Nombre de situations observées"),
        min_value=1,
        max_value=100_000,
        help_text=_("Un nombre, jamais une liste de personnes."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation qui signale"), queryset=Organisation.objects.none()
    )
    audience = forms.ChoiceField(
        label=_("Qui voit ce signalement"),
        choices=Signal.Audience.choices,
        initial=Signal.Audience.CELL,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, territory: Territory, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["thematique"].choices = thematique_choices()
        fields["publics"].choices = list(programme_publics.public_choices())
        fields["place"].queryset = selectors.place_choices(territory)
        fields["organisation"].queryset = selectors.organisation_choices(user, territory)
        organisations = list(fields["organisation"].queryset[:2])
        if len(organisations) == 1:
            fields["organisation"].initial = organisations[0].pk
        fields["observed_since"].initial = timezone.localdate

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


class CorroborationForm(GateMixin, DsfrBaseForm):
    free_text = ("note",)

    organisation = forms.ModelChoiceField(
        label=_("Votre organisation"), queryset=Organisation.objects.none()
    )
    situations_count = forms.IntegerField(
        label=_("Nombre de situations que vous observez"), min_value=1, max_value=100_000
    )
    note = forms.CharField(
        label=_("Précision (facultative)"),
        required=False,
        max_length=500,
        help_text=_("Un phénomène, jamais une personne."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, signal: Signal, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["organisation"].queryset = selectors.corroboration_choices(user, signal)
        organisations = list(fields["organisation"].queryset[:2])
        if len(organisations) == 1:
            fields["organisation"].initial = organisations[0].pk


STATUS_CHOICES = [
    (Signal.Status.QUALIFYING.value, _("Mettre en qualification")),
    (Signal.Status.CLOSED.value, _("Clore")),
]


class StatusForm(DsfrBaseForm):
    status = forms.ChoiceField(label=_("Nouvel état"), choices=STATUS_CHOICES)
    reason = forms.ChoiceField(label=_("Motif"), choices=Signal.Reason.choices)


class MergeForm(DsfrBaseForm):
    into = forms.IntegerField(
        label=_("Numéro du signalement à garder"),
        min_value=1,
        help_text=_(
            "Ce signalement-ci sera clos comme doublon ; ses corroborations passent à l’autre."
        ),
    )


class OrientationForm(GateMixin, DsfrBaseForm):
    free_text = ("title", "note")

    kind = forms.ChoiceField(
        label=_("Suite donnée"), choices=Orientation.Kind.choices, widget=forms.RadioSelect
    )
    body = forms.ModelChoiceField(
        label=_("Instance (pour un point à l’ordre du jour)"),
        queryset=Body.objects.none(),
        required=False,
    )
    action = forms.ModelChoiceField(
        label=_("Fiche action concernée (facultatif, pour un point à l’ordre du jour)"),
        queryset=Action.objects.none(),
        required=False,
    )
    title = forms.CharField(
        label=_("Intitulé"),
        max_length=255,
        required=False,
        help_text=_(
            "Le nom du groupe de travail, l’intitulé de la fiche action ou du point à "
            "l’ordre du jour (par défaut, celui du signalement)."
        ),
    )
    indicator = forms.ModelChoiceField(
        label=_("Indicateur de l’observatoire"),
        queryset=Indicator.objects.none(),
        required=False,
    )
    note = forms.CharField(
        label=_("Précisions"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, territory: Territory, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["body"].queryset = selectors.body_choices(user, territory)
        fields["indicator"].queryset = selectors.indicator_choices(user, territory)
        fields["action"].queryset = selectors.action_choices(user, territory)


class FilterForm(DsfrBaseForm):
    q = forms.CharField(label=_("Mots"), required=False, max_length=200)
    thematique = forms.ChoiceField(label=_("Thématique"), required=False, widget=QuickSelect)
    place = forms.ModelChoiceField(
        label=_("Lieu"),
        required=False,
        queryset=GeoUnit.objects.none(),
        empty_label=_("Tous les lieux"),
        widget=QuickSelect,
    )
    status = forms.ChoiceField(label=_("État"), required=False, widget=QuickSelect)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("Toutes"),
        widget=QuickSelect,
    )

    def __init__(self, *args: Any, territory: Territory, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["thematique"].choices = [("", _("Toutes les thématiques")), *_categories()]
        fields["status"].choices = [("", _("Tous les états")), *Signal.Status.choices]
        fields["place"].queryset = selectors.place_choices(territory)
        fields["organisation"].queryset = selectors.filter_organisations(user, territory)

    def filters(self) -> selectors.Filters:
        if not self.is_valid():
            return selectors.Filters()
        data = self.cleaned_data
        return selectors.Filters(
            thematique=data.get("thematique") or "",
            place=data["place"].pk if data.get("place") else None,
            status=data.get("status") or "",
            organisation=data["organisation"].pk if data.get("organisation") else None,
            q=data.get("q") or "",
        )


def _categories() -> list[tuple[str, Any]]:
    """Thématiques grouped by category, with the category itself selectable."""
    labels = vocab.labels(vocab.Categorie)
    result: list[tuple[str, Any]] = []
    for category, items in vocab.thematiques_by_category().items():
        result.append((category, labels.get(category, category)))
        result += [(value, f"— {label}") for value, label in items]
    return result


class ImportForm(DsfrBaseForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation qui signale"), queryset=Organisation.objects.none()
    )
    file = forms.FileField(
        label=_("Fichier CSV ou XLSX"),
        help_text=_(
            "Une ligne par signalement ; colonnes : Intitulé, Description, Thématique, "
            "Publics, Lieu (code), Observé depuis, Tendance, Situations observées, Visibilité."
        ),
    )

    def __init__(self, *args: Any, territory: Territory, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["organisation"].queryset = selectors.organisation_choices(user, territory)


class SettingsForm(DsfrModelForm):
    class Meta:
        model = WatchSettings
        fields = [
            "closed_retention_months",
            "unconfirmed_retention_months",
            "controller",
            "dpo_contact",
        ]

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}

"""Forms of the conférence sociale."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.community.models import LANGUAGES
from maillage.evaluation.models import Proposal, Session
from maillage.governance.models import Body, Meeting
from maillage.programme.models import Axis
from maillage.territories.models import Organisation, Territory


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ConferenceForm(DsfrBaseForm):
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        label=_("Séance de la conférence sociale"),
        help_text=_("Une séance de l’instance « conférence sociale », créée dans les instances."),
    )
    year = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100)
    introduction = forms.CharField(
        label=_("Présentation"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    points_per_ballot = forms.IntegerField(
        label=_("Points à répartir par participant·e"), min_value=1, max_value=20, initial=5
    )

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            body__territory=territory,
            body__kind=Body.Kind.SOCIAL_CONFERENCE,
            conference__isnull=True,
        ).order_by("-starts_at")


class SessionForm(DsfrBaseForm):
    kind = forms.ChoiceField(label=_("Type"), choices=Session.Kind.choices)
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    axis = forms.ModelChoiceField(queryset=Axis.objects.none(), label=_("Axe"), required=False)
    starts_at = forms.DateTimeField(label=_("Début"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Fin"), widget=DateTimeInput())
    room = forms.CharField(label=_("Salle"), max_length=120, required=False)
    speakers = forms.CharField(label=_("Intervenant·es"), max_length=400, required=False)

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = Axis.objects.filter(territory=territory).order_by("number")


class OpenRegistrationForm(DsfrBaseForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation qui invite")
    )
    capacity = forms.IntegerField(
        label=_("Nombre de places pour les habitant·es"),
        min_value=1,
        required=False,
        help_text=_("Au-delà, les inscriptions vont en liste d’attente. Vide : sans limite."),
    )

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(partnerships__territory=territory)
            .distinct()
            .order_by("name")
        )


INTERPRETATION_CHOICES = [("", _("Pas besoin"))] + [
    (code, label) for code, label in LANGUAGES if code not in ("fr", "lsf")
]


class RegistrationForm(DsfrBaseForm):
    name = forms.CharField(label=_("Prénom et nom"), max_length=150)
    email = forms.EmailField(
        label=_("Courriel"), help_text=_("Pour la confirmation et le lien d’annulation.")
    )
    interpretation = forms.ChoiceField(
        label=_("Interprétariat"),
        choices=INTERPRETATION_CHOICES,
        required=False,
        help_text=_("La langue dans laquelle vous souhaitez être accompagné·e."),
    )
    sign_language = forms.BooleanField(
        label=_("J’ai besoin d’un·e interprète en langue des signes (LSF)"), required=False
    )
    childcare_count = forms.IntegerField(
        label=_("Nombre d’enfants à faire garder pendant la conférence"),
        min_value=0,
        max_value=10,
        required=False,
        initial=0,
    )
    childcare_ages = forms.CharField(
        label=_("Âges des enfants"),
        max_length=100,
        required=False,
        help_text=_("Par exemple : 2 ans et 6 ans."),
    )
    step_free = forms.BooleanField(
        label=_("J’ai besoin d’un accès pour personne à mobilité réduite"), required=False
    )
    other = forms.CharField(
        label=_("Autre besoin"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProposalForm(DsfrBaseForm):
    session = forms.ModelChoiceField(
        queryset=Session.objects.none(), label=_("Atelier"), required=False
    )
    title = forms.CharField(label=_("Proposition"), max_length=200)
    text = forms.CharField(
        label=_("Précisions"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, conference: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = conference.sessions.filter(kind=Session.Kind.WORKSHOP)


CREATE_CHOICES = [
    ("", _("Rien pour l’instant")),
    ("decision", _("Une décision au registre de la conférence sociale")),
    ("task", _("Une tâche de suivi")),
    ("action", _("Un projet de fiche action (idée)")),
]


class AnswerForm(DsfrBaseForm):
    answer = forms.ChoiceField(
        label=_("Réponse"), choices=Proposal.Answer.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Pourquoi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Obligatoire pour une proposition à étudier ou non retenue."),
    )
    create = forms.ChoiceField(
        label=_("Ce que la réponse crée"), choices=CREATE_CHOICES, required=False
    )
    owner = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Organisation chargée de la suite"),
        required=False,
    )
    due_date = forms.DateField(label=_("Échéance"), required=False, widget=DateInput())

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            Organisation.objects.filter(partnerships__territory=territory)
            .distinct()
            .order_by("name")
        )

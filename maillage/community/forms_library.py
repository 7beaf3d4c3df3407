"""Forms of the shared library, the one search and the notifications."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.community import extraction
from maillage.community.forms import DateInput, NamedChoice, NamedMultipleChoice
from maillage.community.models import DocumentKind, Frequency, Licence
from maillage.community.selectors import author_organisations, partner_organisations
from maillage.core import access
from maillage.core.forms import QuickSelects
from maillage.core.roles import Visibility
from maillage.network import vocab
from maillage.observatory.models import Indicator
from maillage.programme.models import Action, Axis
from maillage.territories.models import Territory


class DocumentForm(DsfrBaseForm):
    title = forms.CharField(label=_("Titre"), max_length=200)
    kind = forms.ChoiceField(label=_("Type de document"), choices=DocumentKind.choices)
    summary = forms.CharField(
        label=_("Résumé"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce que le document apporte, en quelques phrases."),
    )
    author = NamedChoice(label=_("Organisation autrice"), queryset=Territory.objects.none())
    published_on = forms.DateField(label=_("Date du document"), required=False, widget=DateInput())
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices)
    thematiques = forms.MultipleChoiceField(
        label=_("Thématiques"), choices=vocab.topic_choices, required=False
    )
    axes = NamedMultipleChoice(
        label=_("Axes du programme"), queryset=Axis.objects.none(), required=False
    )
    actions = NamedMultipleChoice(
        label=_("Fiches actions liées"), queryset=Action.objects.none(), required=False
    )
    indicators = NamedMultipleChoice(
        label=_("Indicateurs liés"), queryset=Indicator.objects.none(), required=False
    )
    visibility = forms.ChoiceField(label=_("Visibilité"), choices=Visibility.choices)
    restricted_to = NamedMultipleChoice(
        label=_("Organisations autorisées (visibilité « restreint »)"),
        queryset=Territory.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, user: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["author"].queryset = author_organisations(user, territory)
        self.fields["restricted_to"].queryset = partner_organisations(territory)
        self.fields["axes"].queryset = Axis.objects.filter(territory=territory).order_by("number")
        self.fields["axes"].label_from_instance = lambda a: f"{a.number}. {a.title}"
        self.fields["actions"].queryset = access.visible(
            user, Action.objects.filter(territory=territory)
        ).order_by("code")
        self.fields["actions"].label_from_instance = lambda a: f"{a.code} — {a.title}"
        self.fields["indicators"].queryset = Indicator.objects.order_by("name")

    def document_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"],
            "summary": data["summary"],
            "author": data["author"],
            "published_on": data["published_on"],
            "licence": data["licence"],
            "thematiques": list(data["thematiques"]),
            "visibility": data["visibility"],
            "axes": list(data["axes"]),
            "actions": list(data["actions"]),
            "indicators": list(data["indicators"]),
            "restricted_to": list(data["restricted_to"]),
        }

    @classmethod
    def initial_for(cls, document: Any) -> dict[str, Any]:
        return {
            "title": document.title,
            "kind": document.kind,
            "summary": document.summary,
            "author": document.author_id,
            "published_on": document.published_on,
            "licence": document.licence,
            "thematiques": document.thematiques,
            "visibility": document.visibility,
            "axes": [a.pk for a in document.axes.all()],
            "actions": [a.pk for a in document.actions.all()],
            "indicators": [i.pk for i in document.indicators.all()],
            "restricted_to": [o.pk for o in document.restricted_to.all()],
        }


FILE_HELP = format_lazy(
    _("Formats acceptés : {formats}. Le texte des PDF, DOCX et ODT est cherchable."),
    formats=extraction.accepted_extensions(),
)


class NewDocumentForm(DocumentForm):
    file = forms.FileField(label=_("Fichier"), help_text=FILE_HELP)
    note = forms.CharField(
        label=_("Note de version"), max_length=255, required=False, initial=_("Première version")
    )


class VersionForm(DsfrBaseForm):
    file = forms.FileField(label=_("Nouveau fichier"), help_text=FILE_HELP)
    note = forms.CharField(
        label=_("Ce qui change"),
        max_length=255,
        required=False,
        help_text=_("Par exemple : chiffres 2024, carte corrigée."),
    )


class LibraryFilterForm(QuickSelects, DsfrBaseForm):
    q = forms.CharField(label=_("Rechercher dans les documents"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Tous les types")), *DocumentKind.choices], required=False
    )
    thematique = forms.ChoiceField(label=_("Thématique"), required=False, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["thematique"].choices = [
            ("", _("Toutes les thématiques")),
            *vocab.topic_choices(),
        ]


class SearchForm(QuickSelects, DsfrBaseForm):
    q = forms.CharField(label=_("Rechercher dans le territoire"), max_length=200, required=False)


class FollowForm(DsfrBaseForm):
    kind = forms.CharField(widget=forms.HiddenInput)
    target = forms.CharField(widget=forms.HiddenInput, max_length=120)
    next = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)


class FollowThematiqueForm(DsfrBaseForm):
    target = forms.ChoiceField(label=_("Thématique à suivre"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = vocab.topic_choices()


class FrequencyForm(DsfrBaseForm):
    frequency = forms.ChoiceField(
        label=_("Recevoir les nouveautés par e-mail"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
    )

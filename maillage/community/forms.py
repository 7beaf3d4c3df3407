"""Forms of the network's life: news, events, registrations, joint documents."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.community import selectors
from maillage.community.models import AUDIENCES, LANGUAGES, Communication, Event, Post
from maillage.core import access
from maillage.core.plain_language import PlainLanguageMixin
from maillage.governance.models import Body
from maillage.network import vocab
from maillage.network.models import Service
from maillage.programme.models import Action
from maillage.territories.models import Territory


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class NamedChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return getattr(obj, "name", None) or str(obj)


class NamedMultipleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return getattr(obj, "name", None) or str(obj)


def thematiques_field() -> forms.MultipleChoiceField:
    """The data·inclusion thématiques of a post or an event: their followers hear of it."""
    return forms.MultipleChoiceField(
        label=_("Thématiques"),
        choices=vocab.topic_choices,
        required=False,
        help_text=_("Les personnes qui suivent ces thématiques sont prévenues."),
    )


class _Authored(DsfrBaseForm):
    """The organisation one writes for, and the others one asks to co-sign."""

    organisation = NamedChoice(label=_("Au nom de"), queryset=Territory.objects.none())
    cosigners = NamedMultipleChoice(
        label=_("Organisations cosignataires"),
        queryset=Territory.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chacune donne son accord avant que son nom et son logo n’apparaissent."),
    )

    def __init__(self, *args: Any, user: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.author_organisations(user, territory)
        self.fields["cosigners"].queryset = selectors.partner_organisations(territory)


class PostForm(_Authored, PlainLanguageMixin):
    """The plain-language summary is what residents read: checked for plain French."""

    plain_language_fields = ("summary",)
    title = forms.CharField(label=_("Titre"), max_length=200)
    summary = forms.CharField(
        label=_("Résumé en langage clair"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Deux ou trois phrases simples, lisibles par tous les habitants."),
    )
    body = forms.CharField(
        label=_("Texte"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    visibility = forms.ChoiceField(label=_("Public visé"), choices=AUDIENCES)
    thematiques = thematiques_field()
    actions = NamedMultipleChoice(
        label=_("Fiches actions liées"), queryset=Action.objects.none(), required=False
    )
    services = NamedMultipleChoice(
        label=_("Services liés"), queryset=Service.objects.none(), required=False
    )
    bodies = NamedMultipleChoice(
        label=_("Instances liées"), queryset=Body.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, user=user, territory=territory, **kwargs)
        fields: Any = self.fields
        fields["actions"].queryset = access.visible(
            user, Action.objects.filter(territory=territory)
        ).order_by("code")
        fields["actions"].label_from_instance = lambda a: f"{a.code} — {a.title}"
        fields["services"].queryset = access.visible(
            user, Service.objects.filter(territory=territory)
        ).order_by("name")
        fields["bodies"].queryset = access.visible(
            user, Body.objects.filter(territory=territory)
        ).order_by("name")

    @classmethod
    def initial_for(cls, post: Post) -> dict[str, Any]:
        return {
            "organisation": post.organisation_id,
            "cosigners": [s.organisation_id for s in post.signatories.all()],
            "title": post.title,
            "summary": post.summary,
            "body": post.body,
            "visibility": post.visibility,
            "thematiques": post.thematiques,
            "actions": list(post.actions.values_list("pk", flat=True)),
            "services": list(post.services.values_list("pk", flat=True)),
            "bodies": list(post.bodies.values_list("pk", flat=True)),
        }


class EventForm(_Authored):
    field_map = {"starts_at": "start_time", "ends_at": "end_time"}

    title = forms.CharField(label=_("Intitulé"), max_length=200)
    summary = forms.CharField(
        label=_("Résumé en langage clair"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Deux ou trois phrases simples : pour qui, pour quoi faire."),
    )
    description = forms.CharField(
        label=_("Présentation"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    audience = forms.CharField(
        label=_("Public concerné"),
        required=False,
        max_length=200,
        help_text=_("Par exemple : familles avec de jeunes enfants."),
    )
    day = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Heure de début"), widget=TimeInput())
    end_day = forms.DateField(
        label=_("Date de fin"),
        required=False,
        widget=DateInput(),
        help_text=_("Pour un événement sur plusieurs jours ; sinon, laissez vide."),
    )
    end_time = forms.TimeField(label=_("Heure de fin"), widget=TimeInput())
    place = forms.CharField(label=_("Lieu"), max_length=200)
    address = forms.CharField(label=_("Adresse"), max_length=255, required=False)
    step_free = forms.BooleanField(
        label=_("Accessible en fauteuil roulant"),
        required=False,
        help_text=_("Entrée et salle de plain-pied ou avec ascenseur."),
    )
    accessibility = forms.CharField(
        label=_("Informations d’accessibilité"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Transports, boucle magnétique, interprète LSF, accueil des enfants…"),
    )
    languages = forms.MultipleChoiceField(
        label=_("Langues parlées"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    visibility = forms.ChoiceField(label=_("Public visé"), choices=AUDIENCES)
    thematiques = thematiques_field()
    registration_open = forms.BooleanField(label=_("Inscriptions ouvertes"), required=False)
    capacity = forms.IntegerField(
        label=_("Nombre de places"),
        required=False,
        min_value=1,
        max_value=100000,
        help_text=_("Laisser vide pour un nombre de places illimité."),
    )

    def event_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        starts = datetime.datetime.combine(data["day"], data["start_time"], tzinfo=tz)
        ends = datetime.datetime.combine(
            data.get("end_day") or data["day"], data["end_time"], tzinfo=tz
        )
        return {
            "organisation": data["organisation"],
            "title": data["title"],
            "summary": data["summary"],
            "description": data["description"],
            "audience": data["audience"],
            "starts_at": starts,
            "ends_at": ends,
            "place": data["place"],
            "address": data["address"],
            "step_free": data["step_free"],
            "accessibility": data["accessibility"],
            "languages": list(data["languages"]),
            "visibility": data["visibility"],
            "thematiques": list(data["thematiques"]),
            "registration_open": data["registration_open"],
            "capacity": data["capacity"],
        }

    @classmethod
    def initial_for(cls, event: Event) -> dict[str, Any]:
        start = timezone.localtime(event.starts_at)
        end = timezone.localtime(event.ends_at)
        return {
            "organisation": event.organisation_id,
            "cosigners": [o.organisation_id for o in event.organisers.all()],
            "title": event.title,
            "summary": event.summary,
            "description": event.description,
            "audience": event.audience,
            "day": start.date(),
            "start_time": start.time(),
            "end_day": end.date() if end.date() != start.date() else None,
            "end_time": end.time(),
            "place": event.place,
            "address": event.address,
            "step_free": event.step_free,
            "accessibility": event.accessibility,
            "languages": event.languages,
            "thematiques": event.thematiques,
            "visibility": event.visibility,
            "registration_open": event.registration_open,
            "capacity": event.capacity,
        }


class RegistrationForm(DsfrBaseForm):
    name = forms.CharField(label=_("Nom et prénom"), max_length=150)
    email = forms.EmailField(
        label=_("Courriel"),
        help_text=_("Pour recevoir la confirmation et pouvoir annuler. Format : nom@domaine.fr"),
    )


class CancelEventForm(DsfrBaseForm):
    reason = forms.CharField(label=_("Motif de l’annulation"), max_length=255)


class SignForm(DsfrBaseForm):
    """The answer of one's organisation to a request to co-sign."""

    organisation = NamedChoice(label=_("Pour l’organisation"), queryset=Territory.objects.none())
    decision = forms.ChoiceField(
        label=_("Réponse"),
        choices=[("approve", _("Donner l’accord")), ("decline", _("Refuser"))],
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations
        field.empty_label = None


class SettingsForm(DsfrBaseForm):
    coordinator_validation = forms.BooleanField(
        label=_("Validation par la coordination"),
        required=False,
        help_text=_(
            "Les actualités et les événements des partenaires sont publiés après la "
            "validation d’une personne de la coordination."
        ),
    )


class CommunicationForm(_Authored):
    kind = forms.ChoiceField(label=_("Modèle"), choices=Communication.Kind.choices)
    title = forms.CharField(label=_("Titre"), max_length=200)
    body = forms.CharField(label=_("Texte"), widget=forms.Textarea(attrs={"rows": 10}))
    recipient = forms.CharField(label=_("Destinataires (courrier)"), max_length=255, required=False)
    place_and_date = forms.CharField(
        label=_("Lieu et date (courrier)"),
        max_length=120,
        required=False,
        help_text=_("Par exemple : Clichy-sous-Bois, le 3 mars 2026."),
    )
    event = NamedChoice(label=_("Événement"), queryset=Event.objects.none(), required=False)
    action = NamedChoice(label=_("Fiche action"), queryset=Action.objects.none(), required=False)

    def __init__(self, *args: Any, user: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, user=user, territory=territory, **kwargs)
        self.fields["event"].queryset = selectors.events(user, territory).order_by("-starts_at")
        self.fields["event"].label_from_instance = str
        self.fields["action"].queryset = access.visible(
            user, Action.objects.filter(territory=territory)
        ).order_by("code")
        self.fields["action"].label_from_instance = lambda a: f"{a.code} — {a.title}"

    @classmethod
    def initial_for(cls, communication: Communication) -> dict[str, Any]:
        return {
            "organisation": communication.organisation_id,
            "cosigners": [
                s.organisation_id
                for s in communication.signatories.all()
                if s.organisation_id != communication.organisation_id
            ],
            "kind": communication.kind,
            "title": communication.title,
            "body": communication.body,
            "recipient": communication.recipient,
            "place_and_date": communication.place_and_date,
            "event": communication.event_id,
            "action": communication.action_id,
        }

"""Forms of the consultation pages: the coordinators' questionnaire editor, the answer
form built from the questions, assisted entry and the moderation of written answers. The
rules live in ``services.consultations``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.core.plain_language import PlainLanguageMixin
from maillage.participation.altcha import ProofOfWorkField
from maillage.participation.models import (
    Consultation,
    ModerationReason,
    Origin,
    Question,
    QuestionKind,
    TextModeration,
)
from maillage.participation.services.consultations import TEXT_MAX
from maillage.territories.models import GeoUnit, Organisation


class ConsultationForm(DsfrBaseForm, PlainLanguageMixin):
    """Residents read the title and the presentation: checked for plain French."""

    plain_language_fields = ("title", "description")
    title = forms.CharField(label=_("Titre"), max_length=160)
    description = forms.CharField(
        label=_("Présentation"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Des phrases courtes : pourquoi cette consultation, ce qui sera fait."),
    )
    opens_on = forms.DateField(
        label=_("Ouverte à partir du"), widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=_("Jusqu’au (inclus)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    quartiers = forms.ModelMultipleChoiceField(
        label=_("Quartiers concernés"),
        queryset=GeoUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucun coché : tout le territoire."),
    )
    anonymous = forms.BooleanField(
        label=_("Réponses anonymes, sans compte (une réponse par navigateur)"), required=False
    )

    def __init__(self, *args: Any, territory: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["quartiers"].queryset = GeoUnit.objects.filter(territory=territory).order_by("name")

    @classmethod
    def initial_for(cls, consultation: Consultation) -> dict[str, Any]:
        return {
            "title": consultation.title,
            "description": consultation.description,
            "opens_on": consultation.opens_on,
            "closes_on": consultation.closes_on,
            "quartiers": list(consultation.quartiers.values_list("pk", flat=True)),
            "anonymous": consultation.anonymous,
        }

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "opens_on": data["opens_on"],
            "closes_on": data["closes_on"],
            "quartiers": list(data["quartiers"]),
            "anonymous": data["anonymous"],
        }


class QuestionForm(DsfrBaseForm, PlainLanguageMixin):
    """Residents read the question and its help: checked for plain French."""

    plain_language_fields = ("label", "help_text")
    kind = forms.ChoiceField(label=_("Type de question"), choices=QuestionKind.choices)
    label = forms.CharField(label=_("Question"), max_length=300)
    help_text = forms.CharField(label=_("Aide (facultative)"), max_length=300, required=False)
    required = forms.BooleanField(label=_("Réponse obligatoire"), required=False)
    options = forms.CharField(
        label=_("Choix de réponse, un par ligne"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Pour les questions à choix."),
    )
    scale_min = forms.IntegerField(
        label=_("Note la plus basse"), min_value=0, max_value=10, initial=1, required=False
    )
    scale_max = forms.IntegerField(
        label=_("Note la plus haute"), min_value=0, max_value=10, initial=5, required=False
    )
    scale_min_label = forms.CharField(
        label=_("Ce que veut dire la note la plus basse"), max_length=60, required=False
    )
    scale_max_label = forms.CharField(
        label=_("Ce que veut dire la note la plus haute"), max_length=60, required=False
    )

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "label": data["label"],
            "help_text": data["help_text"],
            "required": data["required"],
            "options": data["options"].splitlines(),
            "scale_min": data["scale_min"] if data["scale_min"] is not None else 1,
            "scale_max": data["scale_max"] if data["scale_max"] is not None else 5,
            "scale_min_label": data["scale_min_label"],
            "scale_max_label": data["scale_max_label"],
        }


Shown = Callable[[Any, str], Any]


def _text(shown: Shown | None, obj: Any, field: str) -> str:
    """``obj.field`` as the resident reads it: its translation into the page's language
    in an element carrying its ``lang`` and ``dir`` when one is done, else the original."""
    if shown is None:
        return str(getattr(obj, field, "") or "")
    found = shown(obj, field)
    if not found.translated:
        return str(found.text)
    return format_html('<span lang="{}" dir="{}">{}</span>', found.lang, found.dir, found.text)


def _scale_label(question: Question, value: int, shown: Shown | None = None) -> str:
    if value == question.scale_min and question.scale_min_label:
        return format_html("{} — {}", value, _text(shown, question, "scale_min_label"))
    if value == question.scale_max and question.scale_max_label:
        return format_html("{} — {}", value, _text(shown, question, "scale_max_label"))
    return str(value)


class ResponseForm(DsfrBaseForm):
    """One field per question (``q<id>``), and the quartier."""

    quartier = forms.ModelChoiceField(
        label=_("Vous habitez dans quel quartier ?"),
        queryset=GeoUnit.objects.none(),
        required=False,
        empty_label=_("Je préfère ne pas le dire"),
    )

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        quartiers: Any,
        shown: Shown | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.fields["quartier"].queryset = quartiers
        self.fields["quartier"].label_from_instance = lambda unit: unit.name
        for question in questions:
            name = f"q{question.pk}"
            common: dict[str, Any] = {
                "label": _text(shown, question, "label"),
                "required": question.required,
                "help_text": _text(shown, question, "help_text"),
            }
            if question.kind == QuestionKind.SINGLE:
                self.fields[name] = forms.TypedChoiceField(
                    choices=[(o.pk, _text(shown, o, "label")) for o in question.options.all()],
                    coerce=int,
                    widget=forms.RadioSelect,
                    **common,
                )
            elif question.kind == QuestionKind.MULTIPLE:
                self.fields[name] = forms.TypedMultipleChoiceField(
                    choices=[(o.pk, _text(shown, o, "label")) for o in question.options.all()],
                    coerce=int,
                    widget=forms.CheckboxSelectMultiple,
                    **common,
                )
            elif question.kind == QuestionKind.SCALE:
                self.fields[name] = forms.TypedChoiceField(
                    choices=[
                        (v, _scale_label(question, v, shown)) for v in question.scale_values()
                    ],
                    coerce=int,
                    widget=forms.RadioSelect,
                    **common,
                )
            else:
                self.fields[name] = forms.CharField(
                    max_length=TEXT_MAX,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    **{
                        **common,
                        "help_text": common["help_text"]
                        or _("Votre réponse sera lue avant d’être publiée."),
                    },
                )
        # The quartier comes last, after the questions.
        self.order_fields([*(f"q{q.pk}" for q in questions), "quartier"])

    def ask_proof_of_work(self, *, challenge_url: str, worker_url: str) -> None:
        """People without an account answer an anonymous consultation after a proof of
        work (ALTCHA), as for an anonymous contribution: checked, single use."""
        field = ProofOfWorkField(label=_("Vérification anti-robot"))
        field.widget.options["challengeurl"] = challenge_url
        field.widget.options["workerurl"] = worker_url
        self.fields["altcha"] = field

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "answers": {q.pk: data.get(f"q{q.pk}") for q in self.questions},
            "quartier": data.get("quartier"),
        }


class AssistedResponseForm(ResponseForm):
    """A partner professional enters a resident's answers, with their consent."""

    origin = forms.ChoiceField(
        label=_("Où avez-vous recueilli ces réponses ?"),
        choices=[c for c in Origin.choices if c[0] != Origin.WEB],
    )
    entered_for = forms.ModelChoiceField(
        label=_("Votre structure"), queryset=Organisation.objects.none(), required=False
    )
    consent = forms.BooleanField(
        label=_("L’habitant·e est d’accord pour que j’enregistre ses réponses à sa place."),
        required=True,
        error_messages={"required": _("Il faut l’accord de l’habitant·e.")},
    )

    def __init__(self, *args: Any, territory: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entered_for"].queryset = Organisation.objects.filter(
            memberships__user=user, memberships__territory=territory
        ).distinct()

    def arguments(self) -> dict[str, Any]:
        return {
            **super().arguments(),
            "assisted": True,
            "origin": self.cleaned_data["origin"],
            "entered_for": self.cleaned_data["entered_for"],
            "consent": self.cleaned_data["consent"],
        }


class AnswerModerationForm(DsfrBaseForm):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[c for c in TextModeration.choices if c[0] != TextModeration.PENDING],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Motif (si elle n’est pas publiée)"),
        choices=[("", "—"), *ModerationReason.choices],
        required=False,
    )

"""Forms of the evaluation pages: they turn what the browser sends into service
arguments; the rules live in the services and the models' ``clean()``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.evaluation.models import SCALES, Bilan, Campaign
from maillage.programme.models import Action
from maillage.territories.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def questions_text(questions: list[dict[str, str]]) -> str:
    return "\n".join(f"{q['label']} : {q.get('text', '')}".rstrip(" :") for q in questions)


def parse_questions(text: str) -> list[dict[str, str]]:
    found = []
    for line in text.splitlines():
        if not line.strip():
            continue
        label, _sep, question = line.partition(":")
        label = label.strip()
        found.append({"key": slugify(label)[:40], "label": label, "text": question.strip()})
    return found


class CampaignForm(DsfrBaseForm):
    year = forms.IntegerField(label=_("Année évaluée"), min_value=2000, max_value=2100)
    bilans_due_on = forms.DateField(label=_("Collecte des bilans : date limite"), widget=DATE)
    questionnaire_due_on = forms.DateField(
        label=_("Questionnaire partenarial : date limite"), widget=DATE
    )
    conference_on = forms.DateField(label=_("Conférence sociale"), required=False, widget=DATE)
    decisions_on = forms.DateField(label=_("Relevé de décisions"), required=False, widget=DATE)
    avenant_on = forms.DateField(label=_("Avenant"), required=False, widget=DATE)
    late_policy = forms.ChoiceField(
        label=_("Bilans remis après la date limite"),
        choices=Campaign.LatePolicy.choices,
        widget=forms.RadioSelect,
        initial=Campaign.LatePolicy.FLAG,
    )
    bilans_public = forms.BooleanField(label=_("Rendre publics les bilans validés"), required=False)
    questions = forms.CharField(
        label=_("Grille de questions"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Une question par ligne : « Intitulé : question »."),
    )
    actions = forms.ModelMultipleChoiceField(
        label=_("Fiches évaluées"),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Par défaut : les fiches en cours ou réalisées dans l’année."),
    )

    def __init__(self, *args: Any, territory: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = Action.objects.filter(territory=territory).order_by(
            "sort_key"
        )
        if editing:
            del self.fields["year"]

    def clean_questions(self) -> list[dict[str, str]]:
        found = parse_questions(self.cleaned_data["questions"])
        if not found:
            raise forms.ValidationError(_("La grille compte au moins une question."))
        return found

    def arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["actions"] = list(data["actions"])
        return data


class BilanForm(DsfrBaseForm):
    achievements = forms.CharField(
        label=_("Réalisations"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    publics_reached = forms.CharField(
        label=_("Publics touchés"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    difficulties = forms.CharField(
        label=_("Difficultés"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    levers = forms.CharField(
        label=_("Leviers"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    follow_up = forms.ChoiceField(
        label=_("Suite proposée"),
        choices=[("", _("À choisir")), *Bilan.FollowUp.choices],
        required=False,
    )
    follow_up_note = forms.CharField(
        label=_("Précision sur la suite"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    rating = forms.TypedChoiceField(
        label=_("Appréciation de l’avancement"),
        choices=[("", _("À choisir")), *Bilan.Rating.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, bilan: Bilan, **kwargs: Any) -> None:
        initial = {
            "achievements": bilan.achievements,
            "publics_reached": bilan.publics_reached,
            "difficulties": bilan.difficulties,
            "levers": bilan.levers,
            "follow_up": bilan.follow_up,
            "follow_up_note": bilan.follow_up_note,
            "rating": bilan.rating,
        }
        self.questions = list(bilan.campaign.questions or [])
        for q in self.questions:
            initial[f"q_{q['key']}"] = (bilan.answers or {}).get(q["key"], "")
        self.means = list(bilan.means or [])
        for i, line in enumerate(self.means):
            initial[f"means_{i}"] = line.get("used", "")
        super().__init__(*args, initial=initial, **kwargs)
        for q in self.questions:
            self.fields[f"q_{q['key']}"] = forms.CharField(
                label=q["label"],
                help_text=q.get("text", ""),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
        for i, line in enumerate(self.means):
            self.fields[f"means_{i}"] = forms.CharField(
                label=_("Utilisé : %(label)s") % {"label": line.get("label", "")},
                help_text=_("Prévu : %(planned)s") % {"planned": line.get("planned") or "—"},
                max_length=60,
                required=False,
            )

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        args: dict[str, Any] = {
            name: data[name]
            for name in (
                "achievements",
                "publics_reached",
                "difficulties",
                "levers",
                "follow_up",
                "follow_up_note",
                "rating",
            )
        }
        args["answers"] = {q["key"]: data.get(f"q_{q['key']}", "") for q in self.questions}
        if self.means:
            args["means_used"] = [data.get(f"means_{i}", "") for i in range(len(self.means))]
        return args


class ReturnForm(DsfrBaseForm):
    reason = forms.CharField(
        label=_("Ce qu’il faut reprendre"), widget=forms.Textarea(attrs={"rows": 3})
    )


class _OnBehalf(DsfrBaseForm):
    """A form sent on behalf of one of the user's organisations: the first by default."""

    organisation = forms.ModelChoiceField(
        label=_("Au nom de"), queryset=Organisation.objects.none(), empty_label=None, required=False
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean_organisation(self) -> Organisation:
        chosen = (
            self.cleaned_data.get("organisation") or self.fields["organisation"].queryset.first()
        )
        if chosen is None:
            raise forms.ValidationError(_("Aucune de vos organisations ne peut répondre ici."))
        return chosen


class CommentForm(_OnBehalf):
    text = forms.CharField(
        label=_("Commentaire"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    cosigned = forms.BooleanField(label=_("Notre organisation cosigne ce bilan"), required=False)


SCALE_CHOICES = [(i, str(i)) for i in range(1, 6)]


class QuestionnaireForm(_OnBehalf):
    to_change = forms.CharField(
        label=_("Ce qu’il faudrait changer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, organisations=organisations, **kwargs)
        for name, label in SCALES:
            self.fields[name] = forms.TypedChoiceField(
                label=_(label),
                choices=SCALE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("De 1 (pas du tout) à 5 (tout à fait)."),
            )
        self.order_fields(["organisation", *[n for n, _l in SCALES], "to_change"])

    def arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)

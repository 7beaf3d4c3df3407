"""Forms for the register: decisions, follow-up tasks, filters and search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.core.forms import QuickSelects
from maillage.governance import selectors
from maillage.governance.forms.common import (
    ActionChoiceField,
    DateInput,
    ModelChoice,
    PersonChoiceField,
    ServiceErrorsMixin,
    offer_actions,
    offer_people,
)
from maillage.governance.models import (
    Body,
    Decision,
    FollowUpTask,
    Meeting,
)
from maillage.programme.models import Action
from maillage.territories.models import Territory


class DecisionForm(ServiceErrorsMixin, DsfrBaseForm):
    field_map = {"title": "task_title"}

    text = forms.CharField(label=_("Décision"), widget=forms.Textarea(attrs={"rows": 3}))
    item = ModelChoice(queryset=None, required=False, label=_("Point de l’ordre du jour"))
    owner = ModelChoice(queryset=None, required=False, label=_("Organisation responsable"))
    due_date = forms.DateField(label=_("Échéance"), required=False, widget=DateInput())
    action = ActionChoiceField(queryset=None, required=False, label=_("Fiche action liée"))
    action_effect = forms.ChoiceField(
        label=_("Effet sur le programme"),
        choices=Decision.ActionEffect.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    action_status = forms.ChoiceField(label=_("Nouvel état de la fiche action"), required=False)
    action_title = forms.CharField(
        label=_("Intitulé de la nouvelle fiche action"),
        required=False,
        max_length=255,
        help_text=_("Par défaut, le texte de la décision."),
    )
    task_title = forms.CharField(
        label=_("Tâche de suivi"),
        required=False,
        max_length=255,
        help_text=_("Laissez vide pour ne pas créer de tâche."),
    )
    task_owner = ModelChoice(
        queryset=None,
        required=False,
        label=_("Organisation chargée de la tâche"),
        help_text=_("Par défaut, l’organisation responsable de la décision."),
    )
    task_assignee = PersonChoiceField(queryset=None, required=False, label=_("Personne chargée"))
    task_due_date = forms.DateField(
        label=_("Échéance de la tâche"), required=False, widget=DateInput()
    )

    def __init__(
        self, *args: Any, meeting: Meeting, user: Any, items: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)

        territory = meeting.body.territory
        self.fields["item"].queryset = meeting.items.all()
        orgs = selectors.organisations(territory)
        self.fields["owner"].queryset = orgs
        self.fields["task_owner"].queryset = orgs
        offer_people(self.fields["task_assignee"], territory)
        offer_actions(self.fields["action"], user, territory)
        self.fields["action_status"].choices = [("", "—"), *Action.Status.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("task_title") and (data.get("task_assignee") or data.get("task_owner")):
            self.add_error("task_title", _("Donnez un intitulé à la tâche de suivi."))
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        follow_up = None
        if data.get("task_title"):
            follow_up = {
                "title": data["task_title"],
                "owner": data.get("task_owner"),
                "assignee": data.get("task_assignee"),
                "due_date": data.get("task_due_date"),
            }
        return {
            "text": data["text"],
            "item": data.get("item"),
            "owner": data.get("owner"),
            "due_date": data.get("due_date"),
            "action": data.get("action"),
            "action_effect": data.get("action_effect") or "",
            "action_status": data.get("action_status") or "",
            "action_title": data.get("action_title") or "",
            "follow_up": follow_up,
        }


class DecisionUpdateForm(ServiceErrorsMixin, DsfrBaseForm):
    text = forms.CharField(label=_("Décision"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = ModelChoice(queryset=None, required=False, label=_("Organisation responsable"))
    due_date = forms.DateField(label=_("Échéance"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("État"), choices=Decision.Status.choices)

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.organisations(territory)


class TaskForm(ServiceErrorsMixin, DsfrBaseForm):
    title = forms.CharField(label=_("Tâche"), max_length=255)
    description = forms.CharField(
        label=_("Précisions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = ModelChoice(queryset=None, required=False, label=_("Organisation responsable"))
    assignee = PersonChoiceField(queryset=None, required=False, label=_("Personne chargée"))
    due_date = forms.DateField(label=_("Échéance"), required=False, widget=DateInput())

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.organisations(territory)
        offer_people(self.fields["assignee"], territory)


class TaskStatusForm(ServiceErrorsMixin, DsfrBaseForm):
    field_map = {"status_note": "note"}
    status = forms.ChoiceField(label=_("État"), choices=FollowUpTask.Status.choices)
    note = forms.CharField(label=_("Point d’avancement"), required=False, max_length=255)


# --------------------------------------------------------------------------- register


class RegisterFilterForm(QuickSelects, DsfrBaseForm):
    VIEWS = [("decisions", _("Décisions")), ("taches", _("Tâches de suivi"))]

    q = forms.CharField(label=_("Rechercher"), required=False, max_length=100)
    body = forms.TypedChoiceField(label=_("Instance"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Type d’instance"), required=False)
    status = forms.ChoiceField(label=_("État"), required=False)
    owner = forms.TypedChoiceField(
        label=_("Organisation responsable"), required=False, coerce=int, empty_value=None
    )
    year = forms.TypedChoiceField(label=_("Année"), required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label=_("En retard seulement"), required=False)

    def __init__(
        self,
        *args: Any,
        view: str,
        bodies: list[Body],
        owners: list[Any],
        years: list[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", _("Toutes"))] + [(b.pk, b.name) for b in bodies]
        self.fields["kind"].choices = [("", _("Tous")), *Body.Kind.choices]
        self.fields["owner"].choices = [("", _("Toutes"))] + [
            (pk, name) for pk, name, *_acronym in owners
        ]
        self.fields["year"].choices = [("", _("Toutes"))] + [(y, str(y)) for y in years]
        if view == "taches":
            statuses = [("open", _("Ouvertes")), *FollowUpTask.Status.choices]
        else:
            statuses = [
                *Decision.Status.choices,
                ("pending_action", _("Effet sur une fiche action à appliquer")),
            ]
        self.fields["status"].choices = [("", _("Tous")), *statuses]

    def filters(self) -> selectors.RegisterFilters:
        if not self.is_valid():
            return selectors.RegisterFilters()
        data = self.cleaned_data
        return selectors.RegisterFilters(
            body=data.get("body"),
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            owner=data.get("owner"),
            year=data.get("year"),
            text=data.get("q") or "",
            overdue=bool(data.get("overdue")),
        )


class SearchForm(DsfrBaseForm):
    q = forms.CharField(label=_("Rechercher dans les instances"), max_length=100, required=False)

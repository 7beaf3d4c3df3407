"""Forms of the governance pages. They validate what the browser sends and turn it into
service arguments; the rules themselves live in the services."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm
from dsfr.utils import dsfr_input_class_attr

from maillage.core.forms import DsfrModelForm
from maillage.core.forms_errors import apply_validation_error
from maillage.governance import selectors
from maillage.governance.models import (
    Agreement,
    Attendance,
    Body,
    CalendarFeed,
    Decision,
    FollowUpTask,
    Meeting,
    local_datetime,
)
from maillage.governance.personal_data import findings
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


def _person_label(user: Any) -> str:
    return user.full_name or user.email


class ModelChoice(forms.ModelChoiceField):
    """A choice of rows, its queryset set by the form for the territory at hand."""


class ModelMultipleChoice(forms.ModelMultipleChoiceField):
    """Several rows, their queryset set by the form."""


class OrganisationChoiceField(ModelChoice):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class PersonChoiceField(ModelChoice):
    def label_from_instance(self, obj: Any) -> str:
        return _person_label(obj)


class ActionChoiceField(ModelChoice):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.title}"


def _style(form: forms.BaseForm) -> None:
    """Design-system classes for fields added after the form was built."""
    for bound in form.visible_fields():
        dsfr_input_class_attr(bound)


class ServiceErrorsMixin:
    """Show a service's ValidationError on this form, renaming model fields to the form's
    own (a meeting's ``ends_at`` is the form's end time)."""

    field_map: dict[str, str] = {}

    def add_service_error(self, error: ValidationError) -> None:
        # core's mapping reads ``field_map``; kept for the few views outside the form loop.
        form: forms.BaseForm = self  # type: ignore[assignment]
        apply_validation_error(form, error)


# --------------------------------------------------------------------------- bodies


class BodyForm(ServiceErrorsMixin, DsfrModelForm):
    chair = PersonChoiceField(queryset=None, required=False, label=_("Présidence"))
    secretary = PersonChoiceField(
        queryset=None,
        required=False,
        label=_("Secrétariat"),
        help_text=_("Prépare les séances, convoque, note les présences et rédige le compte rendu."),
    )

    class Meta:
        model = Body
        fields = [
            "kind",
            "name",
            "short_name",
            "theme",
            "axis",
            "mandate",
            "rhythm",
            "chair",
            "secretary",
            "visibility",
            "documents_visibility",
            "is_archived",
        ]
        widgets = {"mandate": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = selectors.people(territory)
        self.fields["chair"].queryset = people  # type: ignore[attr-defined]
        self.fields["secretary"].queryset = people  # type: ignore[attr-defined]
        self.fields["axis"].queryset = selectors.axes(territory)  # type: ignore[attr-defined]
        if not self.instance.pk:
            del self.fields["is_archived"]

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


class MemberForm(ServiceErrorsMixin, DsfrBaseForm):
    organisation = OrganisationChoiceField(queryset=None, label=_("Organisation"))
    titular = PersonChoiceField(queryset=None, required=False, label=_("Titulaire"))
    substitute = PersonChoiceField(queryset=None, required=False, label=_("Suppléant·e"))
    started_on = forms.DateField(
        label=_("Membre depuis"), widget=DateInput(), initial=timezone.localdate
    )

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisations(territory)
        people = selectors.people(territory)
        self.fields["titular"].queryset = people
        self.fields["substitute"].queryset = people


class RepresentativesForm(ServiceErrorsMixin, DsfrBaseForm):
    titular = PersonChoiceField(queryset=None, required=False, label=_("Titulaire"))
    substitute = PersonChoiceField(queryset=None, required=False, label=_("Suppléant·e"))
    on = forms.DateField(
        label=_("À compter du"),
        widget=DateInput(),
        initial=timezone.localdate,
        help_text=_("La période précédente reste dans l’historique de l’instance."),
    )

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = selectors.people(territory)
        self.fields["titular"].queryset = people
        self.fields["substitute"].queryset = people


class EndMemberForm(ServiceErrorsMixin, DsfrBaseForm):
    field_map = {"ended_on": "on"}
    on = forms.DateField(
        label=_("Fin de l’appartenance"), widget=DateInput(), initial=timezone.localdate
    )
    reason = forms.CharField(label=_("Motif"), required=False, max_length=255)


# --------------------------------------------------------------------------- meetings


class MeetingForm(ServiceErrorsMixin, DsfrBaseForm):
    field_map = {"starts_at": "start_time", "ends_at": "end_time"}

    title = forms.CharField(label=_("Intitulé"), max_length=200)
    day = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Heure de début"), widget=TimeInput())
    end_day = forms.DateField(
        label=_("Date de fin"),
        required=False,
        widget=DateInput(),
        help_text=_("Pour une séance sur plusieurs jours ; sinon, laissez vide."),
    )
    end_time = forms.TimeField(label=_("Heure de fin"), widget=TimeInput())
    place = forms.CharField(label=_("Lieu"), required=False, max_length=255)
    video_url = forms.URLField(
        label=_("Lien de visioconférence"), required=False, assume_scheme="https"
    )
    description = forms.CharField(
        label=_("Présentation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, Any]:
        start = timezone.localtime(meeting.starts_at)
        end = timezone.localtime(meeting.ends_at)
        return {
            "title": meeting.title,
            "day": start.date(),
            "start_time": start.time(),
            "end_day": end.date() if end.date() != start.date() else None,
            "end_time": end.time(),
            "place": meeting.place,
            "video_url": meeting.video_url,
            "description": meeting.description,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            data["starts_at"] = local_datetime(day, start)
            data["ends_at"] = local_datetime(data.get("end_day") or day, end)
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "place": data["place"],
            "video_url": data["video_url"],
            "description": data["description"],
        }


class ConveneForm(DsfrBaseForm):
    message = forms.CharField(
        label=_("Message joint à la convocation"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CancelForm(DsfrBaseForm):
    reason = forms.CharField(
        label=_("Motif de l’annulation"),
        max_length=255,
        help_text=_("Envoyé aux personnes convoquées."),
    )


class AgendaItemForm(ServiceErrorsMixin, DsfrBaseForm):
    title = forms.CharField(label=_("Sujet"), max_length=255)
    description = forms.CharField(
        label=_("Précisions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    duration_minutes = forms.IntegerField(
        label=_("Durée prévue (minutes)"), min_value=1, max_value=600, initial=15
    )
    presenter = PersonChoiceField(queryset=None, required=False, label=_("Présenté par"))
    action = ActionChoiceField(queryset=None, required=False, label=_("Fiche action liée"))

    def __init__(self, *args: Any, territory: Territory, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = selectors.people(territory)
        self.fields["action"].queryset = selectors.visible_actions(user, territory)


class ScheduleForm(DsfrBaseForm):
    meeting = ModelChoice(queryset=None, label=_("Séance"))

    def __init__(self, *args: Any, meetings: list[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = Meeting.objects.filter(pk__in=[m.pk for m in meetings])
        field.label_from_instance = lambda m: (
            f"{timezone.localtime(m.starts_at):%d/%m/%Y} — {m.title}"
        )


class AttendanceForm(ServiceErrorsMixin, DsfrBaseForm):
    """One status per expected person, with who represented them when they were."""

    def __init__(self, *args: Any, rows: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.people = {row.user.pk: row.user for row in rows}
        choices = [("", _("Non renseigné")), *Attendance.Status.choices]
        represented_choices = [("", "—")] + [(row.user.pk, _person_label(row.user)) for row in rows]
        for row in rows:
            uid = row.user.pk
            record = row.record
            self.fields[f"status_{uid}"] = forms.ChoiceField(
                label=_("Présence de %(name)s") % {"name": _person_label(row.user)},
                choices=choices,
                required=False,
                initial=record.status if record else "",
            )
            self.fields[f"represented_{uid}"] = forms.TypedChoiceField(
                label=_("Représenté·e par"),
                choices=represented_choices,
                coerce=int,
                required=False,
                empty_value=None,
                initial=record.represented_by_id if record else None,
            )
            self.fields[f"note_{uid}"] = forms.CharField(
                label=_("Remarque"),
                required=False,
                max_length=255,
                initial=record.note if record else "",
            )
        _style(self)

    def lines(self) -> list[dict[str, Any]]:
        return [
            {
                "row": row,
                "status": self[f"status_{row.user.pk}"],
                "represented": self[f"represented_{row.user.pk}"],
                "note": self[f"note_{row.user.pk}"],
            }
            for row in self.rows
        ]

    def entries(self) -> list[dict[str, Any]]:
        entries = []
        for uid, user in self.people.items():
            status = self.cleaned_data.get(f"status_{uid}")
            if not status:
                continue
            represented = self.cleaned_data.get(f"represented_{uid}")
            entries.append(
                {
                    "user": user,
                    "status": status,
                    "represented_by": self.people.get(represented) if represented else None,
                    "note": self.cleaned_data.get(f"note_{uid}", ""),
                }
            )
        return entries


class PersonalDataCheckMixin:
    """Warn when free text seems to hold personal data; saving then needs a tick."""

    confirm_field = "confirm_personal_data"

    def personal_data_warnings(self, texts: list[str]) -> list[str]:
        found: list[str] = []
        for text in texts:
            for label in findings(text):
                if label not in found:
                    found.append(label)
        return found

    def require_confirmation(self, texts: list[str]) -> list[str]:
        form: forms.BaseForm = self  # type: ignore[assignment]
        found = self.personal_data_warnings(texts)
        if found and not form.cleaned_data.get(self.confirm_field):
            form.add_error(
                self.confirm_field,
                _(
                    "Le texte semble contenir %(what)s. Le compte rendu est lu par d’autres "
                    "professionnels : retirez ces données, ou cochez la case pour confirmer "
                    "qu’elles doivent y figurer."
                )
                % {"what": ", ".join(found)},
            )
        return found


class MinutesForm(PersonalDataCheckMixin, ServiceErrorsMixin, DsfrBaseForm):
    general = forms.CharField(
        label=_("Notes générales"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ouverture, points divers, prochaine séance."),
    )
    confirm_personal_data = forms.BooleanField(
        label=_("J’ai relu : les données personnelles signalées doivent figurer au compte rendu."),
        required=False,
    )

    def __init__(self, *args: Any, items: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=item.title,
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
        _style(self)

    def item_fields(self) -> list[Any]:
        return [self[f"item_{item.pk}"] for item in self.items]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        texts = [data.get("general", "")] + [data.get(f"item_{i.pk}", "") for i in self.items]
        self.require_confirmation([t for t in texts if t])
        return data

    def item_texts(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"item_{item.pk}", "") for item in self.items}


# --------------------------------------------------------------------------- decisions


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
        self.fields["task_assignee"].queryset = selectors.people(territory)
        self.fields["action"].queryset = selectors.visible_actions(user, territory)
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
        self.fields["assignee"].queryset = selectors.people(territory)


class TaskStatusForm(ServiceErrorsMixin, DsfrBaseForm):
    field_map = {"status_note": "note"}
    status = forms.ChoiceField(label=_("État"), choices=FollowUpTask.Status.choices)
    note = forms.CharField(label=_("Point d’avancement"), required=False, max_length=255)


# --------------------------------------------------------------------------- register


class RegisterFilterForm(DsfrBaseForm):
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
        self.fields["owner"].choices = [("", _("Toutes"))] + [(o.pk, o.name) for o in owners]
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


# --------------------------------------------------------------------------- agreements


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


class FeedForm(DsfrBaseForm):
    name = forms.CharField(
        label=_("Nom du flux"),
        max_length=100,
        initial=_("Mon agenda"),
        help_text=_("Pour le reconnaître, par exemple : téléphone, agenda du bureau."),
    )
    scope = forms.ChoiceField(
        label=_("Contenu"),
        choices=CalendarFeed.Scope.choices,
        initial=CalendarFeed.Scope.MINE,
        widget=forms.RadioSelect,
    )


def month_from(value: str | None) -> datetime.date:
    """``2026-03`` → 1 March 2026; anything else → the current month."""
    today = timezone.localdate()
    if value:
        try:
            year, month = (int(part) for part in value.split("-", 1))
            if 1900 <= year <= 2200 and 1 <= month <= 12:
                return datetime.date(year, month, 1)
        except ValueError:
            pass
    return today.replace(day=1)

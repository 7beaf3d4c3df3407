"""Forms for meetings: scheduling, convocation, agenda, attendance, minutes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.core.text import fold
from maillage.governance.forms.common import (
    ActionChoiceField,
    DateInput,
    ModelChoice,
    PersonChoiceField,
    ServiceErrorsMixin,
    TimeInput,
    _style,
    offer_actions,
    offer_people,
    person_label,
)
from maillage.governance.models import (
    Attendance,
    ConvocationAnswer,
    Meeting,
    local_datetime,
)
from maillage.governance.personal_data import findings
from maillage.territories.models import Territory


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
        offer_people(self.fields["presenter"], territory)
        offer_actions(self.fields["action"], user, territory)


class ScheduleForm(DsfrBaseForm):
    meeting = ModelChoice(queryset=None, label=_("Séance"))

    def __init__(self, *args: Any, meetings: list[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = Meeting.objects.filter(pk__in=[m.pk for m in meetings])
        field.label_from_instance = lambda m: (
            f"{timezone.localtime(m.starts_at):%d/%m/%Y} — {m.title}"
        )


def _answer_initial(row: Any, by_name: dict[str, int]) -> tuple[str, int | None, str]:
    """What a convocation answer pre-fills on the attendance sheet: its status, and for
    « représenté·e par » the person named when they are one of the expected people (the
    sheet's « représenté·e par » is a person); otherwise the name goes to the remark."""
    answer = getattr(row, "answer", None)
    if answer is None:
        return "", None, ""
    if answer.answer != ConvocationAnswer.Answer.REPRESENTED:
        return answer.answer, None, answer.comment[:255]
    found = by_name.get(fold(answer.represented_by))
    note = _("A répondu : représenté·e par %(name)s") % {"name": answer.represented_by}
    if found is not None and found != row.user.pk:
        return Attendance.Status.REPRESENTED, found, note[:255]
    return "", None, note[:255]


class AttendanceForm(ServiceErrorsMixin, DsfrBaseForm):
    """One status per expected person, with who represented them when they were."""

    def __init__(self, *args: Any, rows: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.people = {row.user.pk: row.user for row in rows}
        choices = [("", _("Non renseigné")), *Attendance.Status.choices]
        represented_choices = [("", "—")] + [(row.user.pk, person_label(row.user)) for row in rows]
        by_name = {fold(person_label(row.user)): row.user.pk for row in rows}
        by_name.update({fold(row.user.full_name): row.user.pk for row in rows})
        for row in rows:
            uid = row.user.pk
            record = row.record
            status, represented, note = _answer_initial(row, by_name)
            self.fields[f"status_{uid}"] = forms.ChoiceField(
                label=_("Présence de %(name)s") % {"name": person_label(row.user)},
                choices=choices,
                required=False,
                initial=record.status if record else status,
            )
            self.fields[f"represented_{uid}"] = forms.TypedChoiceField(
                label=_("Représenté·e par"),
                choices=represented_choices,
                coerce=int,
                required=False,
                empty_value=None,
                initial=record.represented_by_id if record else represented,
            )
            self.fields[f"note_{uid}"] = forms.CharField(
                label=_("Remarque"),
                required=False,
                max_length=255,
                initial=record.note if record else note,
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


class ConvocationAnswerForm(ServiceErrorsMixin, DsfrBaseForm):
    """A convened person's answer: present, excused, or represented by someone."""

    answer = forms.ChoiceField(
        label=_("Votre réponse"),
        choices=ConvocationAnswer.Answer.choices,
        widget=forms.RadioSelect,
    )
    represented_by = forms.CharField(
        label=_("Représenté·e par"),
        required=False,
        max_length=150,
        help_text=_("Si vous êtes représenté·e : le nom de la personne ou de l’organisation."),
    )
    comment = forms.CharField(label=_("Commentaire (facultatif)"), required=False, max_length=255)

    def __init__(self, *args: Any, answer: ConvocationAnswer | None = None, **kwargs: Any) -> None:
        if answer is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "answer": answer.answer,
                "represented_by": answer.represented_by,
                "comment": answer.comment,
            }
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("answer") == ConvocationAnswer.Answer.REPRESENTED
            and not (data.get("represented_by") or "").strip()
        ):
            self.add_error(
                "represented_by",
                _("Indiquez qui vous représente : une personne ou une organisation."),
            )
        return data

    def service_fields(self) -> dict[str, Any]:
        return {
            "answer": self.cleaned_data["answer"],
            "represented_by": self.cleaned_data.get("represented_by", ""),
            "comment": self.cleaned_data.get("comment", ""),
        }

"""Meetings of a body: agenda items, the invitations sent, attendance and minutes."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel
from maillage.governance.models.bodies import Body


class Meeting(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("En préparation")
        CONVENED = "convened", _("Convoquée")
        HELD = "held", _("Tenue")
        APPROVED = "approved", _("Compte rendu approuvé")
        CANCELLED = "cancelled", _("Annulée")

    body = models.ForeignKey(
        Body, verbose_name=_("instance"), on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("intitulé"), max_length=200)
    status = models.CharField(
        _("état"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    video_url = models.URLField(_("lien de visioconférence"), blank=True)
    description = models.TextField(_("présentation"), blank=True)
    # The ICS identity of the meeting, stable across changes; SEQUENCE grows with each
    # change that attendees must see (RFC 5545 §3.8.7.4).
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    convened_at = models.DateTimeField(_("convoquée le"), null=True, blank=True)
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    convocation_message = models.TextField(_("message de convocation"), blank=True)
    approved_at = models.DateTimeField(_("compte rendu approuvé le"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_reason = models.CharField(_("motif d’annulation"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["body", "-starts_at"]), models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.body.label} — {self.title} ({local:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "governance:meeting",
            kwargs={"territory_slug": self.body.territory.slug, "pk": self.pk},
        )

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def local_date(self) -> datetime.date:
        return timezone.localtime(self.starts_at).date()

    @property
    def is_past(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_open_for_records(self) -> bool:
        """Attendance, minutes and decisions are written once the meeting is held, until
        the minutes are approved."""
        return self.status == self.Status.HELD


class AgendaItem(TimeStampedModel):
    """A subject for a body: in its backlog while ``meeting`` is empty, on a meeting's
    agenda once scheduled."""

    body = models.ForeignKey(
        Body, verbose_name=_("instance"), on_delete=models.CASCADE, related_name="items"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("séance"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("intitulé"), max_length=255)
    description = models.TextField(_("précisions"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"), default=15, help_text=_("Temps prévu à l’ordre du jour.")
    )
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("présenté par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presented_items",
    )
    action = models.ForeignKey(
        "programme.Action",
        verbose_name=_("fiche action liée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("reporté de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
    )

    class Meta:
        verbose_name = _("point d’ordre du jour")
        verbose_name_plural = _("points d’ordre du jour")
        ordering = ["meeting_id", "position", "created_at", "id"]
        indexes = [models.Index(fields=["body", "meeting"])]

    def __str__(self) -> str:
        return self.title

    @property
    def in_backlog(self) -> bool:
        return self.meeting_id is None


class ConvocationInvitation(models.Model):
    """One e-mail sent about a meeting to one person (convocation, update, cancellation)."""

    class Kind(models.TextChoices):
        CONVOCATION = "convocation", _("Convocation")
        UPDATE = "update", _("Modification")
        CANCELLATION = "cancellation", _("Annulation")

    class Seat(models.TextChoices):
        CHAIR = "chair", _("Présidence")
        SECRETARY = "secretary", _("Secrétariat")
        TITULAR = "titular", _("Titulaire")
        SUBSTITUTE = "substitute", _("Suppléant·e")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_invitations"
    )
    organisation = models.ForeignKey(
        "territories.Organisation", null=True, blank=True, on_delete=models.SET_NULL
    )
    seat = models.CharField(max_length=12, choices=Seat.choices)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CONVOCATION)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("envoi de convocation")
        verbose_name_plural = _("envois de convocation")
        ordering = ["meeting", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.meeting_id} → {self.user_id}"


class ConvocationAnswer(models.Model):
    """A convened person's answer before the meeting: present, excused, or represented by
    someone (a name or an organisation, free text). Given from the e-mail's signed link,
    the meeting page or the API; the secretary reads the answers, and they pre-fill the
    attendance sheet once the meeting is held."""

    class Answer(models.TextChoices):
        PRESENT = "present", _("Présent·e")
        EXCUSED = "excused", _("Excusé·e")
        REPRESENTED = "represented", _("Représenté·e")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Lien de la convocation")
        PAGE = "page", _("Page de la séance")
        API = "api", _("API")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="convocation_answers",
    )
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer = models.CharField(_("réponse"), max_length=12, choices=Answer.choices)
    represented_by = models.CharField(
        _("représenté·e par"),
        max_length=150,
        blank=True,
        help_text=_("Le nom de la personne ou de l’organisation qui vous représente."),
    )
    comment = models.CharField(_("commentaire"), max_length=255, blank=True)
    channel = models.CharField(_("donnée depuis"), max_length=8, choices=Channel.choices)
    answered_at = models.DateTimeField(_("répondu le"))

    class Meta:
        verbose_name = _("réponse à une convocation")
        verbose_name_plural = _("réponses aux convocations")
        ordering = ["meeting", "user__full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="convocation_answer_unique")
        ]

    def __str__(self) -> str:
        label = self.get_answer_display()
        if self.answer == self.Answer.REPRESENTED and self.represented_by:
            label = f"{label} ({self.represented_by})"
        return f"{self.user} — {label}"

    def clean(self) -> None:
        if self.answer == self.Answer.REPRESENTED and not self.represented_by.strip():
            raise ValidationError(
                {
                    "represented_by": _(
                        "Indiquez qui vous représente : une personne ou une organisation."
                    )
                }
            )
        if self.answer != self.Answer.REPRESENTED:
            self.represented_by = ""


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Présent·e")
        EXCUSED = "excused", _("Excusé·e")
        ABSENT = "absent", _("Absent·e")
        REPRESENTED = "represented", _("Représenté·e")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("présence"), max_length=12, choices=Status.choices)
    represented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("représenté·e par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("remarque"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        ordering = ["meeting", "organisation__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_unique_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_status_display()}"


class MinutesEntry(TimeStampedModel):
    """The minutes of one agenda item (or the meeting's general notes when ``item`` is
    empty). Read by whoever reads the body's documents."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="minutes"
    )
    text = models.TextField(_("compte rendu"), blank=True)
    search_text = models.TextField(editable=False, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("compte rendu")
        verbose_name_plural = _("comptes rendus")
        ordering = ["meeting", "item__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(item__isnull=True), name="minutes_one_general"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.item or _('notes générales')}"

"""The register: decisions taken by bodies and the follow-up tasks that come after
(a decision's, or an agreement's review)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel
from maillage.governance.models.agreements import Agreement
from maillage.governance.models.bodies import Body
from maillage.governance.models.meetings import AgendaItem, Meeting


class DecisionQuerySet(models.QuerySet["Decision"]):
    def overdue(self, today: datetime.date) -> DecisionQuerySet:
        """Open decisions past their due date: the one definition of a late decision."""
        return self.filter(status=Decision.Status.OPEN, due_date__lt=today)


class FollowUpTaskQuerySet(models.QuerySet["FollowUpTask"]):
    def overdue(self, today: datetime.date) -> FollowUpTaskQuerySet:
        """Open tasks past their due date: the one definition of a late task."""
        return self.filter(status__in=FollowUpTask.OPEN_STATUSES, due_date__lt=today)


class Decision(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("À mettre en œuvre")
        DONE = "done", _("Mise en œuvre")
        ABANDONED = "abandoned", _("Abandonnée")

    class ActionEffect(models.TextChoices):
        NONE = "", _("Aucun effet sur une fiche action")
        CREATE = "create", _("Créer une nouvelle fiche action (idée)")
        STATUS = "status", _("Changer l’état de la fiche action liée")

    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="decisions"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("instance"), on_delete=models.CASCADE, related_name="decisions"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("séance"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("point de l’ordre du jour"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    number = models.PositiveIntegerField(_("numéro"), editable=False)
    decided_on = models.DateField(_("date de la décision"), db_index=True)
    text = models.TextField(_("décision"))
    owner = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation responsable"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, default=Status.OPEN)
    action = models.ForeignKey(
        "programme.Action",
        verbose_name=_("fiche action liée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    action_effect = models.CharField(
        _("effet sur la fiche action"),
        max_length=8,
        choices=ActionEffect.choices,
        default=ActionEffect.NONE,
        blank=True,
    )
    action_status = models.CharField(_("nouvel état de la fiche action"), max_length=16, blank=True)
    action_title = models.CharField(_("intitulé de la nouvelle fiche"), max_length=255, blank=True)
    action_applied_at = models.DateTimeField(_("appliquée à la fiche le"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="decision_unique_number")
        ]
        indexes = [
            models.Index(fields=["territory", "-decided_on", "-id"]),
            models.Index(fields=["body", "-decided_on"]),
            models.Index(fields=["territory", "status", "due_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.text[:60]}"

    @property
    def reference(self) -> str:
        return f"{self.body.label} n° {self.decided_on:%Y}-{self.number}"

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == self.Status.OPEN
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )

    @property
    def action_pending(self) -> bool:
        return bool(self.action_effect) and self.action_applied_at is None


class FollowUpTask(TimeStampedModel):
    """Something to do after a decision, or before an agreement's review."""

    class Status(models.TextChoices):
        PENDING = "pending", _("À faire")
        IN_PROGRESS = "in_progress", _("En cours")
        DONE = "done", _("Faite")
        CANCELLED = "cancelled", _("Abandonnée")

    OPEN_STATUSES = (Status.PENDING, Status.IN_PROGRESS)

    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="follow_up_tasks"
    )
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.CASCADE, related_name="tasks"
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("décision"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("convention"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    title = models.CharField(_("tâche"), max_length=255)
    description = models.TextField(_("précisions"), blank=True)
    owner = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation responsable"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_up_tasks",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne chargée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_up_tasks",
    )
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    status = models.CharField(
        _("état"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    completed_on = models.DateField(_("faite le"), null=True, blank=True)
    status_note = models.CharField(_("dernier point"), max_length=255, blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = FollowUpTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("tâche de suivi")
        verbose_name_plural = _("tâches de suivi")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["territory", "status", "due_date"]),
            # The register's tasks view walks a territory's tasks by due date and stops at
            # the page (no sort of every open task).
            models.Index(fields=["territory", "due_date", "id"]),
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["assignee", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()

"""Governance: the bodies that steer the PST, their meetings, what they decide and what
follows (docs/architecture.md, "What the users do").

A body (comité stratégique, comité technique, groupe de travail…) has member organisations
with a titular and a substitute person; memberships are dated and never deleted, so the
history of who sat where stays readable. Meetings go draft → convened → held → minutes
approved. Decisions and follow-up tasks form the territory's register.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.files import RandomName
from maillage.core.models import TimeStampedModel
from maillage.core.roles import Visibility

# Bodies show their documents to the public, the partners or their members; "restricted"
# (named organisations under a data-sharing agreement) has no meaning for a committee.
BODY_VISIBILITIES = [
    (Visibility.PUBLIC, Visibility.PUBLIC.label),
    (Visibility.PARTNERS, Visibility.PARTNERS.label),
    (Visibility.MEMBERS, Visibility.MEMBERS.label),
]
VISIBILITY_RANK: dict[str, int] = {
    Visibility.PUBLIC: 0,
    Visibility.PARTNERS: 1,
    Visibility.MEMBERS: 2,
}


def active_on_q(on: datetime.date | None = None, prefix: str = "") -> Q:
    """Memberships running on ``on`` (today by default): started, and not yet ended. The end
    date is exclusive, like ``territories.Membership``: a membership ended today is over."""
    day = on or timezone.localdate()
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})
    )


# --------------------------------------------------------------------------- bodies


class Body(TimeStampedModel):
    """A standing committee, a working group or a network of the PST."""

    class Kind(models.TextChoices):
        STRATEGIC = "strategic", _("Comité stratégique")
        TECHNICAL = "technical", _("Comité technique")
        WORKING_GROUP = "working_group", _("Groupe de travail")
        NETWORK = "network", _("Réseau")
        WATCH = "watch", _("Cellule de veille")
        SOCIAL_CONFERENCE = "social_conference", _("Conférence sociale")
        OTHER = "other", _("Autre instance")

    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="bodies",
    )
    kind = models.CharField(_("type d’instance"), max_length=24, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=200)
    short_name = models.CharField(
        _("nom court"),
        max_length=40,
        blank=True,
        help_text=_(
            "Utilisé dans l’agenda et les références des décisions, par exemple CT Logement."
        ),
    )
    theme = models.CharField(_("thème"), max_length=150, blank=True)
    axis = models.ForeignKey(
        "programme.Axis",
        verbose_name=_("axe du programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bodies",
    )
    mandate = models.TextField(_("mandat"), blank=True)
    rhythm = models.CharField(
        _("rythme des séances"), max_length=100, blank=True, help_text=_("Par exemple : annuel.")
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("présidence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chaired_bodies",
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secrétariat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bodies_as_secretary",
        help_text=_("La personne qui prépare les séances, convoque et rédige le compte rendu."),
    )
    visibility = models.CharField(
        _("visibilité de l’instance"),
        max_length=16,
        choices=BODY_VISIBILITIES,
        default=Visibility.PUBLIC,
        db_index=True,
        help_text=_("Qui voit l’instance, ses membres et le calendrier de ses séances."),
    )
    documents_visibility = models.CharField(
        _("visibilité des documents"),
        max_length=16,
        choices=BODY_VISIBILITIES,
        default=Visibility.MEMBERS,
        help_text=_(
            "Qui lit les comptes rendus, les décisions et les tâches de suivi. "
            "Membres : les organisations membres, la présidence, le secrétariat et la "
            "coordination."
        ),
    )
    is_archived = models.BooleanField(_("instance dissoute"), default=False)

    class Meta:
        verbose_name = _("instance")
        verbose_name_plural = _("instances")
        ordering = ["territory", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "name"], name="body_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("governance:body", kwargs={"territory": self.territory.slug, "pk": self.pk})


class BodyMembership(TimeStampedModel):
    """An organisation sits in a body from ``started_on`` until the day before
    ``ended_on``. Changing its representatives ends the row and opens a new one, so each
    row is one period with one titular and one substitute."""

    body = models.ForeignKey(
        Body, verbose_name=_("instance"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="body_memberships",
    )
    titular = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("titulaire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="titular_seats",
    )
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suppléant·e"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="substitute_seats",
    )
    started_on = models.DateField(_("membre depuis"))
    ended_on = models.DateField(_("fin"), null=True, blank=True)
    end_reason = models.CharField(_("motif de fin"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("membre d’une instance")
        verbose_name_plural = _("membres des instances")
        ordering = ["body", "organisation__name", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "organisation"],
                condition=Q(ended_on__isnull=True),
                name="body_membership_one_open_row",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="body_membership_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.body}"

    def is_active(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.started_on <= day and (self.ended_on is None or self.ended_on > day)


# --------------------------------------------------------------------------- meetings


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
            kwargs={"territory": self.body.territory.slug, "pk": self.pk},
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


class Invitation(models.Model):
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


# --------------------------------------------------------------------------- register


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


class Agreement(TimeStampedModel):
    """A convention or a feuille de route signed by partners of the PST."""

    class Kind(models.TextChoices):
        CONVENTION = "convention", _("Convention")
        ROADMAP = "roadmap", _("Feuille de route")
        AMENDMENT = "amendment", _("Avenant")
        CHARTER = "charter", _("Charte")
        OTHER = "other", _("Autre accord")

    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="agreements"
    )
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=255)
    summary = models.TextField(_("objet"), blank=True)
    signed_on = models.DateField(_("date de signature"), null=True, blank=True)
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    review_on = models.DateField(_("date de révision"), null=True, blank=True)
    reminder_days = models.PositiveSmallIntegerField(
        _("rappel (jours avant la révision)"), default=30
    )
    signatories = models.ManyToManyField(
        "territories.Organisation",
        through="AgreementSignatory",
        verbose_name=_("signataires"),
        related_name="agreements",
    )
    axes = models.ManyToManyField(
        "programme.Axis", verbose_name=_("axes co-pilotés"), blank=True, related_name="agreements"
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("instance de suivi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
    )
    visibility = models.CharField(
        _("visibilité"),
        max_length=16,
        choices=BODY_VISIBILITIES,
        default=Visibility.PARTNERS,
        db_index=True,
        help_text=_("Membres : les organisations signataires et la coordination."),
    )
    reminder_task = models.OneToOneField(
        "FollowUpTask",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("convention ou feuille de route")
        verbose_name_plural = _("conventions et feuilles de route")
        ordering = ["territory", "-signed_on", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def review_due(self) -> bool:
        if self.review_on is None:
            return False
        return self.review_on - datetime.timedelta(days=self.reminder_days) <= timezone.localdate()


class AgreementSignatory(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signings")
    organisation = models.ForeignKey(
        "territories.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    signed_by = models.CharField(
        _("représentée par"), max_length=150, blank=True, help_text=_("Par exemple : le Maire.")
    )

    class Meta:
        verbose_name = _("signataire")
        verbose_name_plural = _("signataires")
        ordering = ["agreement", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="agreement_signatory_unique"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.organisation} ({self.signed_by})" if self.signed_by else str(self.organisation)
        )


class Commitment(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("engagement"))
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation engagée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Vide : tous les signataires."),
    )

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["agreement", "position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


def agreement_upload_to(instance: AgreementDocument, filename: str) -> str:
    # The former names, with the original name in them (kept for migration 0001).
    return f"governance/agreements/{instance.agreement_id}/{uuid.uuid4().hex}/{filename}"


class AgreementDocument(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("intitulé"), max_length=200)
    file = models.FileField(
        _("fichier"), upload_to=RandomName("governance/agreements"), max_length=255
    )
    # The name it was uploaded with: the download name (the storage name is random).
    filename = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["agreement", "-uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


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

    class Meta:
        verbose_name = _("tâche de suivi")
        verbose_name_plural = _("tâches de suivi")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["territory", "status", "due_date"]),
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


# --------------------------------------------------------------------------- calendar feeds


class CalendarFeed(models.Model):
    """A personal ICS address. Only the SHA-256 of its secret is kept: the address is
    shown once; revoking it stops every calendar that subscribed to it."""

    class Scope(models.TextChoices):
        MINE = "mine", _("Les séances des instances dont je fais partie")
        ALL = "all", _("Toutes les séances que je peux voir")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="+"
    )
    scope = models.CharField(_("contenu"), max_length=8, choices=Scope.choices, default=Scope.MINE)
    name = models.CharField(_("nom"), max_length=100)
    prefix = models.CharField(max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("flux d’agenda")
        verbose_name_plural = _("flux d’agenda")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """An aware datetime for a wall-clock time in the project's zone (Europe/Paris): the
    offset is the one in force on that day, summer or winter."""
    return timezone.make_aware(datetime.datetime.combine(day, time))

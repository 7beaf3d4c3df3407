"""Consultations: a questionnaire the coordinators put to the residents, answered online,
at a permanence or in a workshop, and its results (docs/participation.md)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel
from maillage.participation.models.contributions import ModerationReason, Origin

# In results split by origin or quartier, a group with fewer answers than this is not
# shown, and a count below it reads "moins de 5" (docs/participation.md).
SMALL_CELL = 5


class ConsultationState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    OPEN = "open", _("Ouverte")
    CLOSED = "closed", _("Close")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Un seul choix")
    MULTIPLE = "multiple", _("Plusieurs choix possibles")
    SCALE = "scale", _("Une note sur une échelle")
    TEXT = "text", _("Une réponse courte écrite")


class TextModeration(models.TextChoices):
    PENDING = "pending", _("En attente de relecture")
    PUBLISHED = "published", _("Publiée")
    REFUSED = "refused", _("Refusée")
    HIDDEN = "hidden", _("Masquée")


class Consultation(TimeStampedModel):
    """A questionnaire of one territory. Drafts are the coordinators'; answers are taken
    while it is open and today is between its dates."""

    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="consultations",
    )
    title = models.CharField(_("titre"), max_length=160)
    description = models.TextField(_("présentation"), max_length=3000, blank=True)
    state = models.CharField(
        _("état"),
        max_length=8,
        choices=ConsultationState.choices,
        default=ConsultationState.DRAFT,
        db_index=True,
    )
    opens_on = models.DateField(_("ouverte du"))
    closes_on = models.DateField(_("au"))
    quartiers = models.ManyToManyField(
        "territories.GeoUnit",
        verbose_name=_("quartiers concernés"),
        blank=True,
        related_name="consultations",
    )
    anonymous = models.BooleanField(
        _("réponses anonymes"),
        default=False,
        help_text=_(
            "Sans compte : une réponse par navigateur. Avec compte : une réponse par "
            "personne, modifiable jusqu’à la clôture."
        ),
    )
    results_published = models.BooleanField(_("résultats publiés"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations_created",
    )

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "participation:consultation",
            kwargs={"territory_slug": self.territory.slug, "pk": self.pk},
        )

    def accepts_answers(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.state == ConsultationState.OPEN and self.opens_on <= today <= self.closes_on


class Question(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    position = models.PositiveSmallIntegerField(_("rang"), default=0)
    kind = models.CharField(_("type de question"), max_length=8, choices=QuestionKind.choices)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("aide"), max_length=300, blank=True)
    required = models.BooleanField(_("réponse obligatoire"), default=False)
    scale_min = models.PositiveSmallIntegerField(_("note la plus basse"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("note la plus haute"), default=5)
    scale_min_label = models.CharField(_("sens de la note basse"), max_length=60, blank=True)
    scale_max_label = models.CharField(_("sens de la note haute"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["consultation", "position", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def has_options(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)

    def scale_values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))


class Option(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="options"
    )
    position = models.PositiveSmallIntegerField(_("rang"), default=0)
    label = models.CharField(_("choix"), max_length=200)

    class Meta:
        verbose_name = _("choix de réponse")
        verbose_name_plural = _("choix de réponse")
        ordering = ["question", "position", "id"]

    def __str__(self) -> str:
        return self.label


class Response(TimeStampedModel):
    """One person's answers to a consultation: signed (one per account, editable until the
    closing date), anonymous (one per browser session) or entered by a professional for a
    resident, with their consent."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_responses",
    )
    # A hash of the browser session of an anonymous answer (never the session key itself).
    session_hash = models.CharField(max_length=64, blank=True, editable=False)
    quartier = models.ForeignKey(
        "territories.GeoUnit",
        verbose_name=_("quartier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_responses",
    )
    origin = models.CharField(
        _("origine"), max_length=16, choices=Origin.choices, default=Origin.WEB, db_index=True
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisie par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assisted_consultation_responses",
    )
    entered_for = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("structure qui a aidé à la saisie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assisted_consultation_responses",
    )
    consent_given_at = models.DateTimeField(
        _("accord de l’habitant·e recueilli le"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("réponse à une consultation")
        verbose_name_plural = _("réponses à une consultation")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "respondent"],
                condition=Q(respondent__isnull=False),
                name="participation_response_once",
                violation_error_message=_("Vous avez déjà répondu à cette consultation."),
            ),
            models.UniqueConstraint(
                fields=["consultation", "session_hash"],
                condition=~Q(session_hash=""),
                name="participation_response_once_per_session",
                violation_error_message=_("Vous avez déjà répondu depuis ce navigateur."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id} · {self.pk}"


class Answer(models.Model):
    """The answer to one question: a chosen option (one row per option for a multiple
    choice), a note on the scale, or a short text, published only after moderation."""

    response = models.ForeignKey(
        Response, verbose_name=_("réponse"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    option = models.ForeignKey(
        Option,
        verbose_name=_("choix"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="answers",
    )
    value = models.SmallIntegerField(_("note"), null=True, blank=True)
    text = models.TextField(_("réponse écrite"), max_length=1000, blank=True)
    moderation = models.CharField(
        _("modération"),
        max_length=16,
        choices=TextModeration.choices,
        blank=True,
        db_index=True,
    )
    moderation_reason = models.CharField(
        _("motif"), max_length=32, choices=ModerationReason.choices, blank=True
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modérée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderated_consultation_answers",
    )
    moderated_at = models.DateTimeField(_("modérée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("réponse à une question")
        verbose_name_plural = _("réponses aux questions")
        ordering = ["response", "question", "id"]
        indexes = [
            models.Index(fields=["question", "option"], name="participation_answer_option"),
            models.Index(fields=["question", "moderation"], name="participation_answer_text"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} · {self.pk}"

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.files import RandomName
from maillage.core.models import TimeStampedModel


class Kind(models.TextChoices):
    NEED = "need", _("Dans mon quartier, il manque…")
    IDEA = "idea", _("J’ai une idée")
    QUESTION = "question", _("J’ai une question")


class Category(models.TextChoices):
    """What residents call the subject, in plain words; ``DATA_INCLUSION`` maps each onto
    the data·inclusion category the network and the programme use."""

    CHILDCARE = "childcare", _("Enfants et famille")
    HOUSING = "housing", _("Logement")
    HEALTH = "health", _("Santé")
    WORK = "work", _("Travail et formation")
    FRENCH = "french", _("Apprendre le français")
    MONEY = "money", _("Argent et papiers")
    TRANSPORT = "transport", _("Se déplacer")
    DIGITAL = "digital", _("Internet et ordinateur")
    OTHER = "other", _("Autre chose")


# Resident category → data·inclusion ``Categorie`` value (checked against the schema
# package by tests/participation/test_models.py).
DATA_INCLUSION: dict[str, str] = {
    Category.CHILDCARE: "famille",
    Category.HOUSING: "logement-hebergement",
    Category.HEALTH: "sante",
    Category.WORK: "trouver-un-emploi",
    Category.FRENCH: "lecture-ecriture-calcul",
    Category.MONEY: "difficultes-financieres",
    Category.TRANSPORT: "mobilite",
    Category.DIGITAL: "numerique",
}


class Origin(models.TextChoices):
    WEB = "web", _("En ligne")
    PERMANENCE = "permanence", _("Permanence")
    PAPER = "paper", _("Papier")
    WORKSHOP = "workshop", _("Atelier")
    WALK = "walk", _("Marche exploratoire")


class ModerationState(models.TextChoices):
    PENDING = "pending", _("En attente de relecture")
    PUBLISHED = "published", _("Publiée")
    REFUSED = "refused", _("Refusée")
    HIDDEN = "hidden", _("Masquée")


class ModerationReason(models.TextChoices):
    PERSONAL_DATA = "personal_data", _("Elle contient des informations personnelles")
    OFFENSIVE = "offensive", _("Elle contient des propos injurieux ou discriminants")
    OFF_TOPIC = "off_topic", _("Elle ne concerne pas le territoire")
    DUPLICATE = "duplicate", _("La même contribution existe déjà")
    INDIVIDUAL_CASE = (
        "individual_case",
        _("C’est une situation personnelle : un service peut vous aider"),
    )
    ADVERTISING = "advertising", _("C’est de la publicité")


class Status(models.TextChoices):
    RECEIVED = "received", _("Reçue")
    STUDYING = "studying", _("À l’étude")
    TRANSMITTED = "transmitted", _("Transmise à une instance")
    INTEGRATED = "integrated", _("Intégrée à une fiche action")
    NOT_RETAINED = "not_retained", _("Pas retenue")


class ContributionQuerySet(models.QuerySet["Contribution"]):
    def published(self) -> ContributionQuerySet:
        return self.filter(moderation=ModerationState.PUBLISHED)

    def answered(self) -> ContributionQuerySet:
        return self.published().exclude(status=Status.RECEIVED).exclude(answer="")


class Contribution(TimeStampedModel):
    """What a resident says: a need, an idea or a question. Public only once moderated."""

    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    category = models.CharField(_("sujet"), max_length=16, choices=Category.choices)
    quartier = models.ForeignKey(
        "territories.GeoUnit",
        verbose_name=_("quartier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    title = models.CharField(_("en quelques mots"), max_length=120)
    text = models.TextField(_("votre message"), max_length=2000)
    display_name = models.CharField(
        _("prénom ou pseudo"),
        max_length=40,
        help_text=_("Il sera affiché avec votre message. Pas besoin de votre nom."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur ou autrice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    # Assisted entry: a partner professional writes for a resident, with their consent.
    origin = models.CharField(
        _("origine"), max_length=16, choices=Origin.choices, default=Origin.WEB, db_index=True
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisie par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assisted_contributions",
    )
    entered_for = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("structure qui a aidé à la saisie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assisted_contributions",
    )
    consent_given_at = models.DateTimeField(
        _("accord de l’habitant·e recueilli le"), null=True, blank=True
    )
    # Moderation
    moderation = models.CharField(
        _("modération"),
        max_length=16,
        choices=ModerationState.choices,
        default=ModerationState.PENDING,
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
        related_name="moderated_contributions",
    )
    moderated_at = models.DateTimeField(_("modérée le"), null=True, blank=True)
    # The official answer
    status = models.CharField(
        _("suite donnée"),
        max_length=16,
        choices=Status.choices,
        default=Status.RECEIVED,
        db_index=True,
    )
    answer = models.TextField(_("réponse officielle"), blank=True, max_length=4000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("réponse donnée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answered_contributions",
    )
    answered_at = models.DateTimeField(_("réponse donnée le"), null=True, blank=True)
    body = models.ForeignKey(
        "governance.Body",
        verbose_name=_("instance"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    action = models.ForeignKey(
        "programme.Action",
        verbose_name=_("fiche action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    # The watch signal the contribution was sent to. Signals are never public: the public
    # pages say only that it went to the cellule de veille, never what the signal holds.
    signal = models.ForeignKey(
        "watch.Signal",
        verbose_name=_("signal de veille"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    supports_count = models.PositiveIntegerField(_("soutiens"), default=0)
    # Checked and stripped of its metadata by participation.photos before it is stored.
    photo = models.FileField(
        _("photo"), upload_to=RandomName("participation/contribution"), blank=True
    )

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["territory", "moderation", "-created_at"],
                name="participation_contrib_list",
            ),
            # « Nous avons fait », latest answer first: read in order, stopped at the page.
            models.Index(
                fields=["territory", "moderation", "-answered_at", "-id"],
                name="participation_contrib_answered",
                condition=models.Q(answered_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "participation:contribution",
            kwargs={"territory_slug": self.territory.slug, "pk": self.pk},
        )

    @property
    def is_public(self) -> bool:
        return self.moderation == ModerationState.PUBLISHED

    @property
    def is_assisted(self) -> bool:
        return self.origin != Origin.WEB or self.entered_by_id is not None

    @property
    def data_inclusion_category(self) -> str:
        return DATA_INCLUSION.get(self.category, "")

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.quartier is not None and self.quartier.territory_id != self.territory_id:
            errors["quartier"] = str(_("Ce quartier n’est pas dans ce territoire."))
        if self.entered_by_id and not self.consent_given_at:
            errors["consent_given_at"] = str(
                _("Il faut l’accord de l’habitant·e pour saisir à sa place.")
            )
        if self.moderation == ModerationState.REFUSED and not self.moderation_reason:
            errors["moderation_reason"] = str(_("Choisissez un motif de refus."))
        if self.status == Status.TRANSMITTED and not (self.body_id or self.signal_id):
            errors["body"] = str(
                _("Choisissez l’instance ou le signal de veille à qui elle est transmise.")
            )
        if self.status == Status.INTEGRATED and not self.action_id:
            errors["action"] = str(_("Choisissez la fiche action qui la reprend."))
        if self.status == Status.NOT_RETAINED and not self.answer.strip():
            errors["answer"] = str(_("Expliquez pourquoi elle n’est pas retenue."))
        if self.body is not None and self.body.territory_id != self.territory_id:
            errors["body"] = str(_("Cette instance n’est pas dans ce territoire."))
        if self.action is not None and self.action.territory_id != self.territory_id:
            errors["action"] = str(_("Cette fiche action n’est pas dans ce territoire."))
        if self.status != Status.RECEIVED and self.moderation != ModerationState.PUBLISHED:
            errors["status"] = str(_("Une contribution doit être publiée avant d’être suivie."))
        if errors:
            raise ValidationError(errors)


class Support(models.Model):
    """ "Moi aussi": one per resident and contribution."""

    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="supports",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participation_supports",
    )
    created_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        verbose_name = _("soutien")
        verbose_name_plural = _("soutiens")
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "user"],
                name="participation_support_once",
                violation_error_message=_("Vous soutenez déjà cette contribution."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.contribution_id} · {self.user_id}"

"""The conférence sociale: a séance of the territory's governance body of kind conférence
sociale, with its programme (plenary and workshops), the residents' registrations (a
community public event's registrations, with their needs), the proposals collected in
the workshops, a vote to rank them and the answer given to each after the event."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel

# Each participant distributes this many points between the proposals (at most
# MAX_POINTS_PER_PROPOSAL on one), unless the conférence says otherwise.
DEFAULT_POINTS = 5
MAX_POINTS_PER_PROPOSAL = 3


class Conference(TimeStampedModel):
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="conferences"
    )
    meeting = models.OneToOneField(
        "governance.Meeting",
        verbose_name=_("séance"),
        on_delete=models.PROTECT,
        related_name="conference",
    )
    year = models.PositiveSmallIntegerField(_("année"), db_index=True)
    # The public event residents register for (community's registrations, capacity and
    # waiting list); created when the coordination opens the registrations.
    event = models.OneToOneField(
        "community.Event",
        verbose_name=_("événement public"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conference",
    )
    introduction = models.TextField(_("présentation"), blank=True)
    # Participants counted on the day (sign-in sheets on paper, the 2016 seminar…),
    # beside the attendance recorded here.
    headcount = models.PositiveIntegerField(
        _("participants comptés sur place"), null=True, blank=True
    )
    points_per_ballot = models.PositiveSmallIntegerField(
        _("points par participant"), default=DEFAULT_POINTS
    )
    voting_open = models.BooleanField(_("vote ouvert"), default=False)
    voting_closed = models.BooleanField(_("vote clos"), default=False)
    proposals_open = models.BooleanField(_("propositions ouvertes"), default=True)

    class Meta:
        verbose_name = _("conférence sociale")
        verbose_name_plural = _("conférences sociales")
        ordering = ["territory", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "year"], name="evaluation_conference_year")
        ]

    def __str__(self) -> str:
        return str(_("Conférence sociale %(year)s") % {"year": self.year})

    def get_absolute_url(self) -> str:
        return reverse("evaluation:conference", args=[self.territory.slug, self.year])

    @property
    def is_held(self) -> bool:
        return self.meeting.status in ("held", "approved")

    @property
    def registration_open(self) -> bool:
        return (
            self.event is not None
            and self.event.status == "published"
            and self.event.registration_open
        )


class Session(models.Model):
    """One moment of the programme: the plenary, a workshop on an axis…"""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plénière")
        WORKSHOP = "workshop", _("Atelier")
        OTHER = "other", _("Autre temps")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    axis = models.ForeignKey(
        "programme.Axis",
        verbose_name=_("axe"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    room = models.CharField(_("salle"), max_length=120, blank=True)
    speakers = models.CharField(
        _("intervenant·es"),
        max_length=400,
        blank=True,
        help_text=_("Fonctions et organisations, séparées par des virgules."),
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("animateur·rice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("temps du programme")
        verbose_name_plural = _("programme")
        ordering = ["conference", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="evaluation_session_ends_after_start",
                violation_error_message=_("Un temps du programme doit finir après son début."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError(
                {"ends_at": _("Un temps du programme doit finir après son début.")}
            )


class Needs(models.Model):
    """What a resident registered for the conférence needs to take part: kept beside the
    community registration (capacity, waiting list, cancellation link)."""

    registration = models.OneToOneField(
        "community.Registration", on_delete=models.CASCADE, related_name="conference_needs"
    )
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="needs")
    interpretation = models.CharField(
        _("interprétariat (langue)"),
        max_length=8,
        blank=True,
        help_text=_("La langue dans laquelle vous souhaitez une interprétation."),
    )
    sign_language = models.BooleanField(_("interprète en langue des signes (LSF)"), default=False)
    childcare_count = models.PositiveSmallIntegerField(_("enfants à faire garder"), default=0)
    childcare_ages = models.CharField(_("âges des enfants"), max_length=100, blank=True)
    step_free = models.BooleanField(_("accès PMR (fauteuil roulant)"), default=False)
    other = models.TextField(_("autre besoin"), max_length=500, blank=True)
    attended = models.BooleanField(_("présent·e"), default=False)

    class Meta:
        verbose_name = _("besoins d’un·e participant·e")
        verbose_name_plural = _("besoins des participant·es")

    def __str__(self) -> str:
        return str(self.registration)

    @property
    def has_needs(self) -> bool:
        return bool(
            self.interpretation
            or self.sign_language
            or self.childcare_count
            or self.step_free
            or self.other
        )


class Proposal(TimeStampedModel):
    class Origin(models.TextChoices):
        WORKSHOP = "workshop", _("Atelier")
        RESIDENT = "resident", _("Habitant·e")

    class Answer(models.TextChoices):
        RETAINED = "retained", _("Retenue")
        STUDY = "study", _("À étudier")
        REJECTED = "rejected", _("Non retenue")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="proposals")
    session = models.ForeignKey(
        Session,
        verbose_name=_("atelier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("proposition"), max_length=200)
    text = models.TextField(_("précisions"), blank=True)
    origin = models.CharField(_("origine"), max_length=10, choices=Origin.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.CharField(_("réponse"), max_length=10, choices=Answer.choices, blank=True)
    answer_reason = models.TextField(_("pourquoi"), blank=True)
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the answer created (links both ways: these objects' text names the proposal).
    decision = models.ForeignKey(
        "governance.Decision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conference_proposals",
    )
    task = models.ForeignKey(
        "governance.FollowUpTask",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conference_proposals",
    )
    action = models.ForeignKey(
        "programme.Action",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conference_proposals",
    )

    class Meta:
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        ordering = ["conference", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "number"], name="evaluation_proposal_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "evaluation:proposal",
            args=[self.conference.territory.slug, self.conference.year, self.number],
        )


class Ballot(models.Model):
    """One participant's ballot: the points they gave, at most one ballot each."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    cast_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        constraints = [
            models.UniqueConstraint(fields=["conference", "voter"], name="evaluation_ballot_once")
        ]

    def __str__(self) -> str:
        return f"{self.conference} — {self.voter_id}"


class BallotPoints(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="points")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="ballot_points")
    points = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "proposal"], name="evaluation_points_once")
        ]

    def __str__(self) -> str:
        return f"{self.points}"

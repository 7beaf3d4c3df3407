"""The demo's evaluation (issue 15), through the services: a closed 2024 campaign with a
bilan for each fiche of the year and its frozen snapshot, and an open 2025 campaign in
progress (some bilans drafted, some submitted, one validated, a partner's comment).
Loading twice changes nothing.

"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from maillage.core.demo import DemoContext
from maillage.core.roles import Role
from maillage.evaluation import selectors, services
from maillage.evaluation.models import Bilan, Campaign
from maillage.programme.models import Action
from maillage.territories.models import Membership, Organisation, Territory

FOLLOW_UPS = (
    Bilan.FollowUp.CONTINUE,
    Bilan.FollowUp.ADJUST,
    Bilan.FollowUp.SPREAD,
    Bilan.FollowUp.CONTINUE,
)
DIFFICULTIES = (
    "Des horaires peu adaptés aux parents qui travaillent tôt.",
    "Le turn-over des professionnels a ralenti le démarrage.",
    "La salle prévue n’a été disponible qu’au second semestre.",
)
LEVERS = (
    "Le relais des écoles et des centres sociaux pour faire connaître l’action.",
    "Une réunion mensuelle entre les pilotes.",
    "L’appui des médiatrices sociales et culturelles.",
)
PARTNERSHIP = (
    # (organisation key, knowledge, trust, practices, what to change) per year
    ("caf", (3, 3, 2), (4, 4, 3), "Partager plus tôt les calendriers des actions."),
    ("ville", (4, 3, 3), (4, 4, 3), "Associer davantage les habitants aux bilans."),
)


def _person(organisation: Organisation, territory: Territory) -> Any:
    """A professional (partner role) of the organisation on the territory."""
    membership = (
        Membership.objects.active()
        .filter(organisation=organisation, territory=territory, role=Role.PARTNER)
        .select_related("user")
        .order_by("user_id")
        .first()
    )
    return membership.user if membership else None


def _pilot(action: Action) -> Any:
    for organisation in action.pilots.order_by("pk"):
        person = _person(organisation, action.territory)
        if person is not None:
            return person
    return None


def _write(bilan: Bilan, index: int) -> Bilan:
    action = bilan.action
    return services.save_bilan(
        actor=_pilot(action),
        bilan=bilan,
        achievements=(
            f"« {action.title} » : l’action s’est tenue comme prévu sur l’année, "
            "avec un bilan d’étape en comité technique."
        ),
        publics_reached="Des familles du Bas-Clichy et du Haut-Clichy, dont une moitié "
        "de nouveaux publics.",
        difficulties=DIFFICULTIES[index % len(DIFFICULTIES)],
        levers=LEVERS[index % len(LEVERS)],
        follow_up=FOLLOW_UPS[index % len(FOLLOW_UPS)],
        rating=(Bilan.Rating.STARTED, Bilan.Rating.ADVANCED, Bilan.Rating.ACHIEVED)[index % 3],
        answers={
            "pertinence": "Oui : la demande des familles reste forte.",
            "efficacite": "Les objectifs de l’année sont atteints pour l’essentiel.",
        },
    )


def _scope(territory: Territory, year: int) -> list[Action]:
    found = list(selectors.default_scope(territory, year).order_by("sort_key"))
    if not found:
        found = list(
            Action.objects.filter(
                territory=territory, status__in=(Action.Status.ONGOING, Action.Status.DONE)
            ).order_by("sort_key")
        )
    return found


def _answers(ctx: DemoContext, campaign: Campaign, position: int) -> None:
    for key, *scales, to_change in PARTNERSHIP:
        organisation = ctx.organisations.get(key)
        if organisation is None:
            continue
        knowledge, trust, practices = scales[position]
        services.answer_questionnaire(
            actor=_person(organisation, campaign.territory),
            campaign=campaign,
            organisation=organisation,
            knowledge=knowledge,
            trust=trust,
            practices=practices,
            to_change=to_change if position else "",
        )


def _closed_2024(ctx: DemoContext, territory: Territory, coordinator: Any) -> None:
    if Campaign.objects.filter(territory=territory, year=2024).exists():
        return
    campaign = services.open_campaign(
        actor=coordinator,
        territory=territory,
        year=2024,
        bilans_due_on=datetime.date(2025, 1, 31),
        questionnaire_due_on=datetime.date(2025, 2, 14),
        conference_on=datetime.date(2025, 3, 20),
        decisions_on=datetime.date(2025, 4, 10),
        avenant_on=datetime.date(2025, 6, 30),
        actions=_scope(territory, 2024),
    )
    for index, bilan in enumerate(campaign.bilans.select_related("action", "campaign")):
        if _pilot(bilan.action) is None:
            continue
        _write(bilan, index)
        services.submit_bilan(
            actor=_pilot(bilan.action), bilan=bilan, today=datetime.date(2025, 1, 20)
        )
        services.validate_bilan(actor=coordinator, bilan=bilan)
    _answers(ctx, campaign, 0)
    services.close_collection(actor=coordinator, campaign=campaign)


def _open_2025(ctx: DemoContext, territory: Territory, coordinator: Any) -> None:
    if Campaign.objects.filter(territory=territory, year=2025).exists():
        return
    today = timezone.localdate()
    campaign = services.open_campaign(
        actor=coordinator,
        territory=territory,
        year=2025,
        bilans_due_on=today + datetime.timedelta(days=21),
        questionnaire_due_on=today + datetime.timedelta(days=35),
        conference_on=today + datetime.timedelta(days=60),
        decisions_on=today + datetime.timedelta(days=75),
        bilans_public=True,
        actions=_scope(territory, 2025),
    )
    bilans = [
        b
        for b in campaign.bilans.select_related("action", "campaign").order_by("action__sort_key")
        if _pilot(b.action) is not None
    ]
    for index, bilan in enumerate(bilans[:6]):
        _write(bilan, index)
        if index >= 2:
            services.submit_bilan(actor=_pilot(bilan.action), bilan=bilan, today=today)
    if len(bilans) > 2:
        services.validate_bilan(actor=coordinator, bilan=bilans[2])
    for bilan in bilans[3:6]:
        partners = [link.organisation for link in bilan.action.partner_links.order_by("pk")]
        person = next(((o, p) for o in partners if (p := _person(o, territory)) is not None), None)
        if person is not None:
            services.comment_bilan(
                actor=person[1],
                bilan=bilan,
                organisation=person[0],
                text="Nous partageons ce bilan : la coopération entre nos équipes a progressé.",
                cosigned=True,
            )
            break
    _answers(ctx, campaign, 1)


def load(ctx: DemoContext) -> None:
    territory = ctx.territories.get("clichy-sous-bois")
    coordinator = ctx.users.get("coordinator")
    if territory is None or coordinator is None:
        return
    _closed_2024(ctx, territory, coordinator)
    _open_2025(ctx, territory, coordinator)
    # The conférences sociales (2016's seminar, this year's) and their proposals.
    from maillage.evaluation.demo_conference import load_conferences

    load_conferences(ctx)

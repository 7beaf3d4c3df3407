"""Evaluation objects for tests, made through the services users call."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from maillage.core.roles import Visibility
from maillage.evaluation import services
from maillage.evaluation.models import Bilan, Campaign
from maillage.programme import services as programme
from maillage.programme.models import Action, MeansLine
from maillage.territories.models import Organisation, Territory
from tests.programme import factories


def fiche(
    territory: Territory,
    code: str,
    *,
    pilot: Organisation,
    partner: Organisation | None = None,
    year: int = 2025,
    visibility: str = Visibility.PARTNERS,
    with_indicator: bool = True,
) -> Action:
    action = factories.action(
        territory,
        code,
        pilots=[pilot],
        status=Action.Status.ONGOING,
        visibility=visibility,
    )
    if partner is not None:
        programme.add_partner(actor=None, action=action, organisation=partner, role="Accueil")
    if with_indicator:
        factories.indicator(
            action,
            targets={year: Decimal(50)},
            measurements=[
                (datetime.date(year, 3, 1), Decimal(20)),
                (datetime.date(year, 9, 1), Decimal(35)),
            ],
        )
        programme.add_means(
            actor=None,
            action=action,
            kind=MeansLine.Kind.BUDGET,
            organisation=pilot,
            year=year,
            amount=Decimal(12000),
        )
    return action


def campaign(
    territory: Territory,
    actions: list[Action],
    *,
    year: int = 2025,
    actor: Any = None,
    due_in_days: int = 30,
    **fields: Any,
) -> Campaign:
    today = timezone.localdate()
    due = today + datetime.timedelta(days=due_in_days)
    return services.open_campaign(
        actor=actor,
        territory=territory,
        year=year,
        bilans_due_on=fields.pop("bilans_due_on", due),
        questionnaire_due_on=fields.pop("questionnaire_due_on", due + datetime.timedelta(days=15)),
        actions=actions,
        **fields,
    )


def bilan_of(camp: Campaign, action: Action) -> Bilan:
    return Bilan.objects.select_related("campaign__territory", "action").get(
        campaign=camp, action=action
    )


FILLED = {
    "achievements": "Douze ateliers parents-enfants tenus au centre social.",
    "publics_reached": "Quarante familles du quartier.",
    "difficulties": "Peu de places le mercredi.",
    "levers": "Le relais des écoles.",
    "follow_up": Bilan.FollowUp.CONTINUE,
    "rating": Bilan.Rating.ADVANCED,
}


def written(bilan: Bilan, actor: Any = None, **fields: Any) -> Bilan:
    return services.save_bilan(actor=actor, bilan=bilan, **{**FILLED, **fields})


def submitted(bilan: Bilan, actor: Any = None) -> Bilan:
    written(bilan, actor)
    return services.submit_bilan(actor=actor, bilan=bilan)


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "achievements": FILLED["achievements"],
        "publics_reached": FILLED["publics_reached"],
        "difficulties": FILLED["difficulties"],
        "levers": FILLED["levers"],
        "follow_up": "continue",
        "follow_up_note": "",
        "rating": "3",
        "q_pertinence": "Oui, la demande est forte.",
    }
    data.update(overrides)
    return data


def campaign_form_data(year: int = 2030, **overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data = {
        "year": str(year),
        "bilans_due_on": (today + datetime.timedelta(days=30)).isoformat(),
        "questionnaire_due_on": (today + datetime.timedelta(days=45)).isoformat(),
        "conference_on": "",
        "decisions_on": "",
        "avenant_on": "",
        "late_policy": "flag",
        "questions": "Pertinence : L’action répond-elle aux besoins ?\nImpact : Qu’est-ce qui a changé ?",
    }
    data.update(overrides)
    return data

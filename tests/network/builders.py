"""Services, contact points and procedures for tests, made through the app's services."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from maillage.core.roles import Visibility
from maillage.network import services
from maillage.network.models import ContactPoint, Procedure, Service


def make_service(territory: Any, organisation: Any, **fields: Any) -> Service:
    values: dict[str, Any] = {
        "name": "Aide au maintien dans le logement",
        "description": "Accompagnement des ménages en impayé de loyer pour éviter l’expulsion.",
        "thematiques": ["logement-hebergement--se-maintenir-dans-le-logement"],
        "publics": ["familles"],
        "modes_accueil": ["en-presentiel"],
        "frais": "gratuit",
        "telephone": "01 23 45 67 89",
        "visibility": Visibility.PUBLIC,
    }
    values.update(fields)
    return services.create_service(
        actor=None, territory=territory, organisation=organisation, **values
    )


def make_contact(territory: Any, organisation: Any, **fields: Any) -> ContactPoint:
    values: dict[str, Any] = {
        "thematique": "logement-hebergement",
        "function": "Référente prévention des expulsions",
        "phone": "01 23 45 67 80",
        "visibility": Visibility.PARTNERS,
    }
    values.update(fields)
    return services.create_contact_point(
        actor=None, territory=territory, organisation=organisation, **values
    )


def make_procedure(territory: Any, organisation: Any, **fields: Any) -> Procedure:
    values: dict[str, Any] = {
        "title": "Demander une aide au maintien dans le logement",
        "summary": "Le Fonds de solidarité logement peut apurer une dette de loyer.",
        "thematique": "logement-hebergement--se-maintenir-dans-le-logement",
        "visibility": Visibility.PUBLIC,
        "steps": [{"title": "Rencontrer un travailleur social", "actor_label": "La famille"}],
    }
    values.update(fields)
    return services.create_procedure(
        actor=None, territory=territory, organisation=organisation, **values
    )


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)

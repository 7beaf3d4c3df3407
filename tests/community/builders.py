"""Objects of the network's life for tests, made through the services."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from maillage.community import services
from maillage.territories.models import Organisation, Territory
from tests.factories import UserFactory, member


def author(territory: Territory, organisation: Organisation) -> Any:
    return member(territory, "partner", organisation)


def post(
    territory: Territory,
    organisation: Organisation,
    *,
    cosigners: list[Organisation] = (),  # type: ignore[assignment]
    visibility: str = "public",
    publish: bool = False,
    actor: Any = None,
    title: str = "Ouverture de la garderie éphémère",
) -> Any:
    actor = actor or UserFactory(admin=True)
    created = services.create_post(
        actor=actor,
        territory=territory,
        organisation=organisation,
        title=title,
        summary="Une garderie ouvre pour les parents en formation.",
        body="Texte complet.",
        visibility=visibility,
        cosigners=list(cosigners),
    )
    if publish:
        services.publish_post(actor=actor, post=created)
    return created


def event(
    territory: Territory,
    organisation: Organisation,
    *,
    cosigners: list[Organisation] = (),  # type: ignore[assignment]
    capacity: int | None = 2,
    publish: bool = True,
    visibility: str = "public",
    days: int = 10,
    actor: Any = None,
    title: str = "Information collective des familles",
) -> Any:
    actor = actor or UserFactory(admin=True)
    start = (timezone.now() + datetime.timedelta(days=days)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    created = services.create_event(
        actor=actor,
        territory=territory,
        organisation=organisation,
        title=title,
        summary="Les modes d’accueil du jeune enfant expliqués simplement.",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Centre social de l’Orange bleue",
        address="1 allée de l’Orange bleue, Clichy-sous-Bois",
        step_free=True,
        accessibility="Boucle magnétique à l’accueil.",
        languages=["fr", "ar"],
        audience="Familles avec de jeunes enfants",
        visibility=visibility,
        registration_open=True,
        capacity=capacity,
        cosigners=list(cosigners),
    )
    if publish:
        services.publish_event(actor=actor, event=created)
    return created


def logo(organisation: Organisation, size: tuple[int, int], *, consent: bool = True) -> None:
    """A PNG logo of ``size`` (the size tells the logos apart in a PDF), with consent."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 60, 140)).save(buffer, format="PNG")
    organisation.logo.save(
        f"logo-{organisation.pk}.png", ContentFile(buffer.getvalue()), save=False
    )
    organisation.logo_consent = consent
    organisation.save()


def communication(
    territory: Territory,
    organisation: Organisation,
    *,
    cosigners: list[Organisation] = (),  # type: ignore[assignment]
    event: Any = None,
    kind: str = "letter",
    actor: Any = None,
) -> Any:
    actor = actor or UserFactory(admin=True)
    return services.create_communication(
        actor=actor,
        territory=territory,
        organisation=organisation,
        kind=kind,
        title="Courrier commun aux familles",
        body="Madame, Monsieur,\nNous vous invitons à la réunion d’information.",
        recipient="Aux familles du quartier",
        place_and_date="Clichy-sous-Bois, le 3 mars 2026",
        event=event,
        cosigners=list(cosigners),
    )

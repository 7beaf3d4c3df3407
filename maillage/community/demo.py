"""The demo's network life, through the services: news co-signed by partners, public
events with registrations and a waiting list, and a joint letter released as a PDF with
the logos of the Ville, the CAF and a social centre. Loading twice changes nothing."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from maillage.community import demo_data, demo_library, pdf, services
from maillage.community.models import Communication, Event, Post
from maillage.core.demo import DemoContext
from maillage.programme.models import Action
from maillage.territories import services as territory_services
from maillage.territories.models import Territory


def _person(ctx: DemoContext, org_key: str) -> Any:
    """Someone of the organisation, to act in its name (the coordination otherwise)."""
    for key, user in sorted(ctx.users.items()):
        if key.startswith(f"{org_key}."):
            return user
    return ctx.users.get("coordinator")


def _logo_png(text: str, colour: tuple[int, int, int]) -> bytes:
    image = Image.new("RGB", (240, 96), colour)
    ImageDraw.Draw(image).text((16, 36), text, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _logos(ctx: DemoContext, territory: Territory) -> None:
    for key, (text, colour) in demo_data.LOGOS.items():
        organisation = ctx.organisations.get(key)
        if organisation is None or organisation.logo:
            continue
        territory_services.update_organisation(
            actor=ctx.users.get("coordinator"),
            organisation=organisation,
            territory=territory,
            logo=ContentFile(_logo_png(text, colour), name=f"logo-{key}.png"),
            logo_consent=True,
        )


def _action(territory: Territory, code: str | None) -> Any:
    return Action.objects.filter(territory=territory, code=code).first() if code else None


def _posts(ctx: DemoContext, territory: Territory) -> None:
    for spec in demo_data.POSTS:
        if Post.objects.filter(territory=territory, title=spec["title"]).exists():
            continue
        author = _person(ctx, spec["organisation"])
        action = _action(territory, spec["action"])
        post = services.create_post(
            actor=author,
            territory=territory,
            organisation=ctx.organisations[spec["organisation"]],
            title=spec["title"],
            summary=spec["summary"],
            body=spec["body"],
            visibility=spec["visibility"],
            cosigners=[ctx.organisations[k] for k in spec["cosigners"]],
            actions=[action] if action else [],
        )
        for key in spec["approved"]:
            services.sign_post(
                actor=_person(ctx, key),
                post=post,
                organisation=ctx.organisations[key],
                approve=True,
            )
        services.publish_post(actor=author, post=post)


def _events(ctx: DemoContext, territory: Territory) -> dict[str, Event]:
    found: dict[str, Event] = {}
    today = timezone.localdate()
    for spec in demo_data.EVENTS:
        existing = Event.objects.filter(territory=territory, title=spec["title"]).first()
        if existing is not None:
            found[spec["key"]] = existing
            continue
        author = _person(ctx, spec["organisation"])
        day = today + datetime.timedelta(days=spec["days"])
        starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(spec["hour"])))
        event = services.create_event(
            actor=author,
            territory=territory,
            organisation=ctx.organisations[spec["organisation"]],
            title=spec["title"],
            summary=spec["summary"],
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=spec["hours"]),
            place=spec["place"],
            address=spec["address"],
            audience=spec["audience"],
            step_free=spec["step_free"],
            accessibility=spec["accessibility"],
            languages=spec["languages"],
            visibility=spec["visibility"],
            registration_open=spec["registration_open"],
            capacity=spec["capacity"],
            action=_action(territory, spec["action"]),
            cosigners=[ctx.organisations[k] for k in spec["cosigners"]],
        )
        for key in spec["approved"]:
            services.sign_event(
                actor=_person(ctx, key),
                event=event,
                organisation=ctx.organisations[key],
                approve=True,
            )
        services.publish_event(actor=author, event=event)
        for user_key, name, email in spec["registrations"]:
            user = ctx.users.get(user_key) if user_key else None
            services.register(
                actor=user,
                event=event,
                name=name or (user.full_name if user else ""),
                email=email or (user.email if user else ""),
                user=user,
            )
        found[spec["key"]] = event
    return found


def _letter(ctx: DemoContext, territory: Territory, events: dict[str, Event]) -> None:
    spec = demo_data.LETTER
    if Communication.objects.filter(territory=territory, title=spec["title"]).exists():
        return
    author = _person(ctx, spec["organisation"])
    letter = services.create_communication(
        actor=author,
        territory=territory,
        organisation=ctx.organisations[spec["organisation"]],
        kind=Communication.Kind.LETTER,
        title=spec["title"],
        body=spec["body"],
        recipient=spec["recipient"],
        place_and_date=f"Clichy-sous-Bois, le {timezone.localdate():%d/%m/%Y}",
        event=events.get(spec["event"]),
        cosigners=[ctx.organisations[k] for k in spec["cosigners"]],
    )
    services.request_approvals(actor=author, communication=letter)
    for key in spec["cosigners"]:
        services.sign_communication(
            actor=_person(ctx, key),
            communication=letter,
            organisation=ctx.organisations[key],
            approve=True,
        )
    # The task would make the PDF once a worker runs; the demo shows it at once.
    letter = Communication.objects.get(pk=letter.pk)
    if not letter.is_released:
        services.release(communication=letter, pdf=pdf.render_pdf(letter))


def load(ctx: DemoContext) -> None:
    territory = ctx.territories.get("clichy-sous-bois")
    if territory is None:
        return
    _logos(ctx, territory)
    _posts(ctx, territory)
    events = _events(ctx, territory)
    _letter(ctx, territory, events)
    demo_library.load(ctx, territory)  # the shared library and follows (community-library)
    ctx.log(
        "  vie du réseau : "
        f"{Post.objects.filter(territory=territory).count()} actualités, "
        f"{Event.objects.filter(territory=territory).count()} événements, "
        f"{Communication.objects.filter(territory=territory).count()} courrier commun"
    )

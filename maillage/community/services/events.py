"""Public events: written and co-organised like news, then registrations with a capacity
and a waiting list.

Places are counted under a lock on the event's row (``select_for_update``), so two people
registering for the last place, or two cancellations arriving together, are served one
after the other: the last place goes to one of them and a cancellation promotes exactly
one person from the waiting list, once."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from maillage.community.models import Event, EventOrganiser, Registration
from maillage.community.services import cosigning
from maillage.community.services.common import (
    check_author,
    publish_or_submit,
    raise_if,
    validate,
)
from maillage.core import audit, queue
from maillage.territories.models import Organisation, Territory

EVENT_FIELDS = (
    "organisation",
    "title",
    "summary",
    "description",
    "audience",
    "starts_at",
    "ends_at",
    "place",
    "address",
    "step_free",
    "accessibility",
    "languages",
    "visibility",
    "registration_open",
    "capacity",
    "action",
    "thematiques",
)
# Changes that attendees' calendars must see (RFC 5545 SEQUENCE).
SCHEDULE_FIELDS = ("starts_at", "ends_at", "place", "address")
MAX_EVENT_DAYS = 14


def _when(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "l j F Y à H:i")


def _check(event: Event) -> None:
    errors: dict[str, str] = {}
    if event.starts_at and event.ends_at:
        if event.ends_at <= event.starts_at:
            errors["ends_at"] = _(
                "L’événement doit finir après son début : la fin indiquée (%(end)s) précède "
                "ou égale le début (%(start)s)."
            ) % {"end": _when(event.ends_at), "start": _when(event.starts_at)}
        elif event.ends_at - event.starts_at > datetime.timedelta(days=MAX_EVENT_DAYS):
            errors["ends_at"] = _("Un événement dure au plus %(days)s jours.") % {
                "days": MAX_EVENT_DAYS
            }
    if event.action is not None and event.action.territory_id != event.territory_id:
        errors["action"] = _("Cette fiche action appartient à un autre territoire.")
    raise_if(errors)
    event.full_clean()


@transaction.atomic
def create_event(
    *,
    actor: Any,
    territory: Territory,
    organisation: Organisation,
    title: str,
    summary: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    cosigners: Iterable[Organisation] = (),
    **fields: Any,
) -> Event:
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"create_event() got unexpected fields {sorted(unknown)}")
    check_author(actor, territory, organisation)
    cosigners = list(cosigners)
    cosigning.check_partners(territory, cosigners)
    event = Event(
        territory=territory,
        organisation=organisation,
        title=title,
        summary=summary,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        created_by=actor,
        **fields,
    )
    _check(event)
    event.save()
    cosigning.sync_signatories(event, "organisers", cosigners, exclude=organisation.pk)
    audit.record(
        actor=actor,
        action="event.create",
        obj=event,
        territory=territory,
        changes=audit.snapshot(event),
    )
    return event


@transaction.atomic
def update_event(
    *, actor: Any, event: Event, cosigners: Iterable[Organisation] | None = None, **fields: Any
) -> Event:
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"update_event() got unexpected fields {sorted(unknown)}")
    event = Event.objects.select_for_update().select_related("territory").get(pk=event.pk)
    if "organisation" in fields and fields["organisation"] != event.organisation:
        check_author(actor, event.territory, fields["organisation"])
    before = audit.snapshot(event)
    for name, value in fields.items():
        setattr(event, name, value)
    _check(event)
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    if event.capacity is not None and confirmed > event.capacity:
        raise_if(
            {
                "capacity": _(
                    "%(count)s personnes sont déjà inscrites : la jauge ne peut pas descendre "
                    "en dessous."
                )
                % {"count": confirmed}
            }
        )
    changes = audit.diff(before, audit.snapshot(event))
    if any(name in changes for name in SCHEDULE_FIELDS):
        event.sequence += 1
    event.save()
    if cosigners is not None:
        cosigning.request(
            event,
            "organisers",
            cosigners,
            territory=event.territory,
            author_id=event.organisation_id,
        )
    _promote(event)
    audit.record(
        actor=actor, action="event.update", obj=event, territory=event.territory, changes=changes
    )
    return event


@transaction.atomic
def publish_event(*, actor: Any, event: Event) -> Event:
    if event.status in (Event.Status.PUBLISHED, Event.Status.CANCELLED):
        raise_if({"__all__": _("Cet événement est déjà publié.")})
    publish_or_submit(actor=actor, obj=event, kind="event")
    return event


@transaction.atomic
def validate_event(*, actor: Any, event: Event) -> Event:
    if event.status != Event.Status.REVIEW:
        raise_if({"__all__": _("Cet événement n’attend pas de validation.")})
    validate(actor=actor, obj=event, kind="event")
    return event


@transaction.atomic
def sign_event(
    *, actor: Any, event: Event, organisation: Organisation, approve: bool
) -> EventOrganiser:
    return cosigning.sign(
        actor=actor,
        signatories=EventOrganiser.objects.filter(event=event),
        organisation=organisation,
        approve=approve,
        territory=event.territory,
        kind="event",
        not_asked=_("Cette organisation n’est pas sollicitée pour co-organiser."),
    )


# --------------------------------------------------------------------------- registrations


def _confirmed(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count()


def _promote(event: Event) -> list[Registration]:
    """Fill the free places from the waiting list, first come first served. Called with
    the event's row locked."""
    promoted: list[Registration] = []
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - _confirmed(event)
        if free <= 0:
            return promoted
    waiting = event.registrations.filter(status=Registration.Status.WAITING).order_by(
        "created_at", "id"
    )
    if free is not None:
        waiting = waiting[:free]
    now = timezone.now()
    for registration in waiting.select_for_update():
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.full_clean()
        registration.save()
        audit.record(
            actor=None,
            action="registration.promote",
            obj=registration,
            territory=event.territory,
            changes={"status": [Registration.Status.WAITING, Registration.Status.CONFIRMED]},
        )
        queue.enqueue_on_commit(
            "community.send_registration_mail", registration_id=registration.pk, kind="promoted"
        )
        promoted.append(registration)
    return promoted


@transaction.atomic
def register(*, actor: Any, event: Event, name: str, email: str, user: Any = None) -> Registration:
    """A place if one is left, else the waiting list. ``user`` is the signed-in person
    registering themselves (their name and address are then theirs)."""
    locked = Event.objects.select_for_update().select_related("territory").get(pk=event.pk)
    if locked.status != Event.Status.PUBLISHED or not locked.registration_open:
        raise_if({"__all__": _("Les inscriptions à cet événement sont fermées.")})
    if locked.ends_at <= timezone.now():
        raise_if({"__all__": _("Cet événement est terminé : on ne peut plus s’y inscrire.")})
    email = (email or "").strip().lower()
    if (
        email
        and locked.registrations.filter(email=email)
        .exclude(status=Registration.Status.CANCELLED)
        .exists()
    ):
        raise_if({"email": _("Cette adresse est déjà inscrite à cet événement.")})
    full = locked.capacity is not None and _confirmed(locked) >= locked.capacity
    registration = Registration(
        event=locked,
        user=user,
        name=(name or "").strip(),
        email=email,
        status=Registration.Status.WAITING if full else Registration.Status.CONFIRMED,
    )
    registration.full_clean()
    registration.save()
    audit.record(
        actor=actor,
        action="registration.create",
        obj=registration,
        territory=locked.territory,
        changes={"status": registration.status},
    )
    queue.enqueue_on_commit(
        "community.send_registration_mail",
        registration_id=registration.pk,
        kind="waiting" if full else "confirmed",
    )
    return registration


@transaction.atomic
def cancel_registration(*, actor: Any, registration: Registration) -> list[Registration]:
    """Cancel a registration; a place it frees goes to the first person waiting.

    The event's row is locked first, then the registration is read again under that lock:
    of two cancellations of the same registration arriving together, the second finds it
    already cancelled and promotes nobody. Answers the people promoted."""
    event = (
        Event.objects.select_for_update().select_related("territory").get(pk=registration.event_id)
    )
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.status == Registration.Status.CANCELLED:
        raise_if({"__all__": _("Cette inscription est déjà annulée.")})
    previous = current.status
    current.status = Registration.Status.CANCELLED
    current.cancelled_at = timezone.now()
    current.full_clean()
    current.save()
    audit.record(
        actor=actor,
        action="registration.cancel",
        obj=current,
        territory=event.territory,
        changes={"status": [previous, Registration.Status.CANCELLED]},
    )
    registration.status = current.status
    registration.cancelled_at = current.cancelled_at
    return _promote(event) if previous == Registration.Status.CONFIRMED else []


def registration_for_token(token: Any) -> Registration | None:
    """The registration behind the link of a confirmation e-mail, or None."""
    try:
        return Registration.objects.select_related("event__territory").filter(token=token).first()
    except (ValueError, TypeError):
        return None


@transaction.atomic
def mark_reminded(*, registration_ids: Iterable[int]) -> int:
    """The reminder e-mails of these registrations have left (the reminder task)."""
    return Registration.objects.filter(
        pk__in=list(registration_ids), reminded_at__isnull=True
    ).update(reminded_at=timezone.now())


@transaction.atomic
def cancel_event(*, actor: Any, event: Event, reason: str) -> Event:
    if event.status == Event.Status.CANCELLED:
        raise_if({"__all__": _("Cet événement est déjà annulé.")})
    if not (reason or "").strip():
        raise_if({"cancelled_reason": _("Indiquez le motif de l’annulation.")})
    before = audit.snapshot(event, ["status", "cancelled_reason"])
    event.status = Event.Status.CANCELLED
    event.cancelled_reason = reason.strip()
    event.registration_open = False
    event.sequence += 1
    event.full_clean()
    event.save()
    audit.record(
        actor=actor,
        action="event.cancel",
        obj=event,
        territory=event.territory,
        changes=audit.diff(before, audit.snapshot(event, ["status", "cancelled_reason"])),
    )
    for pk in event.registrations.exclude(status=Registration.Status.CANCELLED).values_list(
        "pk", flat=True
    ):
        queue.enqueue_on_commit(
            "community.send_registration_mail", registration_id=pk, kind="event_cancelled"
        )
    return event

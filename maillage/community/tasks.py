"""Background work: the e-mails of registrations (confirmation, waiting list, promotion,
cancellation of the event), the reminders before an event, and the co-branded PDF made
once every organisation has answered. Each calls services to write."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from maillage.community import ics, pdf, services
from maillage.community.models import Communication, Event, Registration
from maillage.core import queue
from maillage.core.ics import absolute

REMINDER_HOURS = 48
KINDS = ("confirmed", "waiting", "promoted", "event_cancelled", "reminder")


def _send(registration: Registration, kind: str) -> None:
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "kind": kind,
        "event_url": absolute(event.get_absolute_url()),
        "cancel_url": absolute(
            reverse("community:registration_token", args=[event.territory.slug, registration.token])
        ),
    }
    with translation.override("fr"), timezone.override(settings.TIME_ZONE):
        subject = " ".join(render_to_string("community/emails/subject.txt", context).split())
        body = render_to_string("community/emails/registration.txt", context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.email])
    if kind in ("confirmed", "promoted", "reminder"):
        message.attach(
            "evenement.ics",
            ics.calendar([event], name=event.title).to_ical(),
            "text/calendar; charset=UTF-8",
        )
    message.send()


@queue.register("community.send_registration_mail")
@task()
def send_registration_mail(*, registration_id: int, kind: str) -> bool:
    registration = (
        Registration.objects.select_related("event__territory", "event__organisation")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or kind not in KINDS:
        return False
    _send(registration, kind)
    return True


@queue.register("community.send_event_reminders")
@task()
def send_event_reminders(*, now: str | None = None) -> int:
    """Remind the people registered for events starting within two days, once each."""
    moment = datetime.datetime.fromisoformat(now) if now else timezone.now()
    due = (
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            reminded_at__isnull=True,
            event__status=Event.Status.PUBLISHED,
            event__starts_at__gt=moment,
            event__starts_at__lte=moment + datetime.timedelta(hours=REMINDER_HOURS),
        )
        .select_related("event__territory", "event__organisation")
        .prefetch_related("event__organisers__organisation")
        .order_by("pk")
    )
    sent: list[int] = []
    for registration in due:
        _send(registration, "reminder")
        sent.append(registration.pk)
    services.mark_reminded(registration_ids=sent)
    return len(sent)


@queue.register("community.render_communication")
@task()
def render_communication(*, communication_id: int) -> bool:
    communication = (
        Communication.objects.select_related(
            "territory", "organisation", "event__territory", "action__territory"
        )
        .prefetch_related("signatories__organisation")
        .filter(pk=communication_id)
        .first()
    )
    if communication is None or communication.is_released:
        return False
    services.release(communication=communication, pdf=pdf.render_pdf(communication))
    return True

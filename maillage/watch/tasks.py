"""Background work of the veille: telling the reporter and the corroborating
organisations what became of a signal, and the daily retention sweep."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from maillage.core import queue
from maillage.watch import services
from maillage.watch.models import Orientation


def recipients(orientation: Orientation) -> list:
    """The signal's author and the authors of its corroborations, each once, active."""
    signal = orientation.signal
    authors = [signal.author_id, *signal.corroborations.values_list("author_id", flat=True)]
    ids = {pk for pk in authors if pk is not None}
    return list(
        get_user_model().objects.filter(pk__in=ids, is_active=True).exclude(email="").order_by("pk")
    )


@queue.register("watch.notify_outcome")
@task()
def notify_outcome(*, orientation_id: int) -> int:
    """« Suite donnée » : one e-mail per person who reported or corroborated the signal.
    The message names the kind of follow-up and links the signal, never its text."""
    orientation = (
        Orientation.objects.filter(pk=orientation_id, state=Orientation.State.DONE)
        .select_related("signal__territory")
        .first()
    )
    if orientation is None:
        return 0
    sent = 0
    for person in recipients(orientation):
        context = {
            "orientation": orientation,
            "signal": orientation.signal,
            "person": person,
            "signal_url": settings.SITE_URL.rstrip("/") + orientation.signal.get_absolute_url(),
        }
        with translation.override(getattr(person, "preferred_language", "") or "fr"):
            subject = " ".join(
                render_to_string("watch/emails/outcome_subject.txt", context).split()
            )
            body = render_to_string("watch/emails/outcome.txt", context)
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]).send()
        sent += 1
    return sent


@queue.register("watch.sweep_retention")
@task()
def sweep_retention(*, now: str | None = None) -> int:
    """Erase the free text of signals past their territory's retention (daily)."""
    moment = datetime.datetime.fromisoformat(now) if now else timezone.now()
    return services.sweep(now=moment)

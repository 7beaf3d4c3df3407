"""The notification e-mails: immediate ones and the daily or weekly digests, sent by the
task worker (``tasks_library.py``; ``manage.py send_digests`` for the scheduler).

Each e-mail is built from ``selectors.notifications.notifications_for`` at sending time,
so the access engine is asked again for every object then — not when the news happened —
and carries a one-click unsubscribe: a signed link (no sign-in needed) in the text and in
the ``List-Unsubscribe`` / ``List-Unsubscribe-Post`` headers (RFC 8058)."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.community.models import DigestRun, Follow, Frequency, NotificationSettings
from maillage.community.selectors import notifications as selectors
from maillage.community.services import notifications as services
from maillage.core.models import AuditEntry

SEND_BATCH = 200
READ_BATCH = 1000  # recipients whose actors are read at once


def _chunks(people: Iterator[Any]) -> Iterator[list[Any]]:
    while chunk := list(itertools.islice(people, READ_BATCH)):
        yield chunk


def unsubscribe_url(user: Any) -> str:
    path = reverse("community:unsubscribe", args=[services.unsubscribe_token(user)])
    return settings.SITE_URL.rstrip("/") + path


def absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def build_message(
    user: Any, found: selectors.Notifications, *, subject: str, intro: str
) -> EmailMultiAlternatives:
    link = unsubscribe_url(user)
    context = {
        "user": user,
        "intro": intro,
        "objects": found.objects,
        "more": found.more,
        "centre_url": absolute(reverse("community:notifications")),
        "settings_url": absolute(reverse("community:notification_settings")),
        "unsubscribe_url": link,
        "site_url": settings.SITE_URL,
    }
    for item in found.objects:
        item.url = absolute(item.url)
    text = render_to_string("community/emails/digest.txt", context)
    html = render_to_string("community/emails/digest.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def recipients(frequency: str) -> QuerySet:
    """Active people with an e-mail who follow something and chose ``frequency`` (a
    daily digest when they never chose)."""
    chosen = NotificationSettings.objects.filter(user_id=OuterRef("pk"))
    people = (
        get_user_model()
        ._default_manager.filter(
            Exists(Follow.objects.filter(user_id=OuterRef("pk"))), is_active=True
        )
        .exclude(email="")
    )
    if frequency == Frequency.DAILY:
        keep = Q(notification_settings__frequency=frequency) | ~Q(Exists(chosen))
    else:
        keep = Q(notification_settings__frequency=frequency)
    return people.filter(keep).order_by("pk")


def send_digests(frequency: str, *, now: datetime.datetime | None = None) -> DigestRun:
    """One run: every recipient's notices of the window, checked for access now, in one
    e-mail grouped by object; nobody with nothing (visible) to read gets an e-mail. The
    window's notices are read once and people by batches, so the queries per person do
    not grow with the number of people or of notices."""
    window = services.digest_window(frequency=frequency, now=now or timezone.now())
    people = emails = 0
    batch: list[EmailMultiAlternatives] = []
    connection = get_connection()
    with translation.override(settings.LANGUAGE_CODE):
        if frequency == Frequency.WEEKLY:
            subject = _("Votre semaine dans le réseau")
            intro = _("Voici ce qui a changé cette semaine dans ce que vous suivez.")
        else:
            subject = _("Vos nouvelles du réseau du %(day)s") % {
                "day": timezone.localtime(window[1]).strftime("%d/%m/%Y")
            }
            intro = _("Voici ce qui a changé depuis hier dans ce que vous suivez.")
        # The window's notices once; people by batches (``selectors.Window``).
        reader = selectors.Window(*window)
        for chunk in _chunks(recipients(frequency).iterator(chunk_size=READ_BATCH)):
            for user, found in reader.read(chunk):
                people += 1
                if not found:
                    continue
                batch.append(build_message(user, found, subject=subject, intro=intro))
                emails += 1
                if len(batch) >= SEND_BATCH:
                    connection.send_messages(batch)
                    batch = []
    if batch:
        connection.send_messages(batch)
    return services.record_digest_run(
        frequency=frequency, window=window, people=people, emails=emails
    )


def send_immediate(entry_id: int) -> int:
    """The e-mails of one audit entry to the followers who want each news at once (the
    access engine asked now, when the worker sends). Returns how many were sent."""
    entry = AuditEntry.objects.select_related("territory").filter(pk=entry_id).first()
    if entry is None:
        return 0
    topics = list(entry.notices.values_list("topic", flat=True))
    people = (
        get_user_model()
        ._default_manager.filter(
            Exists(
                Follow.objects.filter(
                    user_id=OuterRef("pk"), topic__in=topics, territory_id=entry.territory_id or 0
                )
            ),
            notification_settings__frequency=Frequency.IMMEDIATE,
            is_active=True,
        )
        .exclude(email="")
        .exclude(pk=entry.actor_id or 0)
    )
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for user in people.iterator(chunk_size=500):
            at = entry.created_at
            found = selectors.notifications_for(
                user, since=at - datetime.timedelta(microseconds=1), until=at
            )
            found.objects = [o for o in found.objects if str(o.object_id) == entry.object_id]
            if not found:
                continue
            subject = _("Nouveau dans le réseau : %(title)s") % {"title": found.objects[0].title}
            intro = _("Ce que vous suivez vient de changer.")
            messages.append(build_message(user, found, subject=subject, intro=intro))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)

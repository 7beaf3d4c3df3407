"""Reminders to organisations whose services need an update (the territory's rules)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from maillage.core import audit
from maillage.core.roles import Role
from maillage.network import selectors
from maillage.network.models import FreshnessReminder, NetworkSettings, Service
from maillage.territories.models import Membership, Territory


def due_services(territory: Territory, rules: NetworkSettings, now: datetime.datetime) -> Any:
    """Services whose update is advised or required, not reminded within the interval."""
    since = now - datetime.timedelta(days=rules.reminder_interval_days)
    return (
        Service.objects.filter(territory=territory)
        .update_advised(rules)
        .filter(models_q_not_reminded(since))
        .select_related("organisation")
        .order_by("organisation_id", "date_maj")
    )


def models_q_not_reminded(since: datetime.datetime) -> Any:
    from django.db.models import Q

    return Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lt=since)


def send_for_territory(
    territory: Territory, *, actor: Any = None, force: bool = False
) -> list[FreshnessReminder]:
    """One e-mail per member of each organisation with services to update. ``force``
    sends even when the territory turned reminders off (a coordinator's button)."""
    rules = selectors.rules(territory)
    if not rules.reminders_enabled and not force:
        return []
    now = timezone.now()
    by_org: dict[int, list[Service]] = defaultdict(list)
    for service in due_services(territory, rules, now):
        by_org[service.organisation_id].append(service)
    if not by_org:
        return []
    recipients: dict[int, list[str]] = defaultdict(list)
    for org_id, email in (
        Membership.objects.active()
        .filter(
            territory=territory,
            organisation_id__in=list(by_org),
            role__in=[Role.PARTNER, Role.COORDINATOR],
        )
        .values_list("organisation_id", "user__email")
        .distinct()
    ):
        recipients[org_id].append(email)
    freshness_url = settings.SITE_URL.rstrip("/") + reverse(
        "network:freshness", kwargs={"territory_slug": territory.slug}
    )
    messages: list[tuple[str, str, str, list[str]]] = []
    sent: list[FreshnessReminder] = []
    with transaction.atomic():
        for org_id, services in by_org.items():
            emails = sorted(set(recipients.get(org_id, [])))
            organisation = services[0].organisation
            if emails:
                with translation.override("fr"):
                    subject = (
                        f"[Maillage] {len(services)} service(s) de {organisation.name} "
                        "à mettre à jour"
                    )
                    body = render_to_string(
                        "network/emails/freshness_reminder.txt",
                        {
                            "territory": territory,
                            "organisation": organisation,
                            "services": [
                                {
                                    "name": s.name,
                                    "date_maj": s.date_maj,
                                    "status": rules.freshness(s.date_maj),
                                    "url": settings.SITE_URL.rstrip("/") + s.get_absolute_url(),
                                }
                                for s in services
                            ],
                            "rules": rules,
                            "freshness_url": freshness_url,
                        },
                    )
                messages.extend(
                    (subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in emails
                )
            reminder = FreshnessReminder.objects.create(
                territory=territory,
                organisation=organisation,
                service_count=len(services),
                recipient_count=len(emails),
            )
            Service.objects.filter(pk__in=[s.pk for s in services]).update(last_reminded_at=now)
            audit.record(
                actor=actor,
                action="network.reminder.send",
                obj=reminder,
                territory=territory,
                changes={"services": [None, len(services)], "recipients": [None, len(emails)]},
            )
            sent.append(reminder)
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return sent

"""The réseau of the demo territory: services of the seeds' partners in the
data·inclusion model, contact points for housing, care, childcare and employment, and a
few step-by-step procedures. Loaded through the services users call; idempotent.

Phone numbers and e-mail addresses are invented (01 00 00 00 …, @demo.maillage.fr)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from maillage.core.demo import DemoContext
from maillage.core.roles import Visibility
from maillage.network import services
from maillage.network.demo_data import (
    BAS_CLICHY,
    CLICHY,
    CONTACTS,
    PARTNERS_ONLY,
    PROCEDURES,
    SERVICES,
)
from maillage.network.models import ContactPoint, NetworkSettings, Procedure, Service
from maillage.territories.models import GeoUnit


def load(ctx: DemoContext) -> None:
    territory = ctx.territories[CLICHY]
    orgs = ctx.organisations
    if not NetworkSettings.objects.filter(territory=territory).exists():
        services.update_rules(
            actor=None,
            territory=territory,
            update_advised_after_months=6,
            update_required_after_months=12,
            reminders_enabled=True,
            reminder_interval_days=30,
        )
    quarters = {u.code: u for u in GeoUnit.objects.filter(territory=territory)}
    today = timezone.localdate()
    by_key: dict[str, Service] = {}
    for key, org_key, name, age, fields, partners in SERVICES:
        organisation = orgs[org_key]
        service = Service.objects.filter(
            territory=territory, organisation=organisation, name=name
        ).first()
        if service is None:
            service = services.create_service(
                actor=None,
                territory=territory,
                organisation=organisation,
                name=name,
                date_maj=today - datetime.timedelta(days=age),
                visibility=Visibility.PARTNERS if key in PARTNERS_ONLY else Visibility.PUBLIC,
                partners=[orgs[p] for p in partners],
                geounits=[quarters["BAS-CLICHY"]]
                if key in BAS_CLICHY and "BAS-CLICHY" in quarters
                else [],
                **fields,
            )
        by_key[key] = service
    contacts: dict[str, ContactPoint] = {}
    for thematique, org_key, service_key, function, phone, email, hours, notes, quarter in CONTACTS:
        organisation = orgs[org_key]
        contact = ContactPoint.objects.filter(
            territory=territory, organisation=organisation, function=function
        ).first()
        if contact is None:
            contact = services.create_contact_point(
                actor=None,
                territory=territory,
                thematique=thematique,
                organisation=organisation,
                service=by_key.get(service_key) if service_key else None,
                function=function,
                phone=phone,
                email=email,
                hours=hours,
                notes=notes,
                geounit=quarters.get(quarter) if quarter else None,
                checked_on=today - datetime.timedelta(days=30),
                visibility=Visibility.PARTNERS
                if org_key == "service-social"
                else Visibility.PUBLIC,
            )
        contacts[function] = contact
    for item in PROCEDURES:
        if Procedure.objects.filter(territory=territory, title=item["title"]).exists():
            continue
        services.create_procedure(
            actor=None,
            territory=territory,
            title=item["title"],
            summary=item["summary"],
            thematique=item["thematique"],
            organisation=orgs[item["organisation"]],
            documents=item["documents"],
            delays=item["delays"],
            visibility=item["visibility"],
            checked_on=today - datetime.timedelta(days=10),
            steps=[
                {
                    **step,
                    "actor_organisation": orgs[step["actor_organisation"]]
                    if step["actor_organisation"]
                    else None,
                }
                for step in item["steps"]
            ],
            services=[by_key[k] for k in item["services"]],
            contact_points=[contacts[f] for f in item["contacts"]],
        )
    ctx.log(
        f"  {Service.objects.filter(territory=territory).count()} services, "
        f"{ContactPoint.objects.filter(territory=territory).count()} interlocuteurs, "
        f"{Procedure.objects.filter(territory=territory).count()} démarches"
    )

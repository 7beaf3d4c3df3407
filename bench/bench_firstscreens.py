"""The first screens (territories/home.py and the ``home_*`` slots) at department scale:
the public home, a partner's, an elected official's and the coordinator's screen of the
chef-lieu, and the Département agent's, on the commune and across the département.

What the screens read grows with the scale in the chef-lieu: fiches actions (piloted or
partnered by the partner's association), bodies the association and the town hall sit
in, séances to come (convened) and past, subjects waiting for a séance, decisions with
follow-up tasks owned by the association, conventions due for review, and the
association's services, a third of them old enough to need an update."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from bench.harness import Context, Page
from bench.writes import service_updated
from maillage.core.roles import Visibility
from maillage.core.text import fold
from maillage.governance.models import (
    AgendaItem,
    Agreement,
    AgreementSignatory,
    Body,
    BodyMembership,
    Decision,
    FollowUpTask,
    Meeting,
    local_datetime,
)
from maillage.network.models import Service
from maillage.programme.models import Action, ActionPartner, Axis, Objective, natural_key

ACTIONS = 60  # per scale, in the chef-lieu
BODIES = 8
MEETINGS_PER_BODY = 6  # half to come, half past
AGREEMENTS = 6
SERVICES = 60


def build(ctx: Context) -> None:
    dept = ctx.department
    focus, association, hall = dept.focus, dept.association, dept.town_hall
    elected, partner = ctx.actors["elected"], ctx.actors["partner"]
    today = timezone.localdate()
    rng = ctx.rng

    # Programme: four axes (once), then fiches growing with the scale.
    axes = list(Axis.objects.filter(territory=focus))
    if not axes:
        axes = ctx.bulk(
            Axis,
            [
                Axis(territory=focus, number=n, short_name=f"Axe {n}", title=f"Axe {n}")
                for n in range(1, 5)
            ],
        )
    objectives = list(Objective.objects.filter(axis__territory=focus))
    if not objectives:
        objectives = ctx.bulk(
            Objective,
            [
                Objective(
                    axis=axis,
                    code=f"{axis.number}.1",
                    title="Objectif",
                    sort_key=natural_key(f"{axis.number}.1"),
                )
                for axis in axes
            ],
        )
    statuses = list(Action.Status.values)
    start = Action.objects.filter(territory=focus).count()
    actions = ctx.bulk(
        Action,
        [
            Action(
                territory=focus,
                objective=objectives[n % len(objectives)],
                code=f"F{n}",
                title=f"Fiche {n}",
                status=rng.choice(statuses),
                visibility=rng.choice([Visibility.PUBLIC, Visibility.PARTNERS]),
                ends_on=today + datetime.timedelta(days=rng.randint(-200, 400)),
                progress=Decimal(rng.randint(0, 100)),
                search_text=fold(f"F{n} Fiche {n}"),
                sort_key=natural_key(f"F{n}"),
            )
            for n in range(start, start + ACTIONS * ctx.scale)
        ],
    )
    through = Action.pilots.through
    ctx.bulk(
        through,
        [
            through(action_id=a.pk, organisation_id=(association if i % 3 == 0 else hall).pk)
            for i, a in enumerate(actions)
        ],
    )
    ctx.bulk(
        ActionPartner,
        [
            ActionPartner(action=a, organisation=dept.county_wide, role="Co-portage")
            for a in actions[1::4]
        ],
    )

    # Governance: bodies (the first, strategic, chaired by the elected official) where the
    # association, the town hall and the Département-wide organisation sit.
    offset = Body.objects.filter(territory=focus).count()
    bodies = ctx.bulk(
        Body,
        [
            Body(
                territory=focus,
                kind=Body.Kind.STRATEGIC if offset + n == 0 else Body.Kind.TECHNICAL,
                name=f"Instance {offset + n}",
                short_name=f"I{offset + n}",
                chair=elected if offset + n == 0 else None,
                visibility=Visibility.PUBLIC,
                documents_visibility=Visibility.MEMBERS,
            )
            for n in range(BODIES * ctx.scale)
        ],
    )
    since = datetime.date(2015, 1, 1)
    ctx.bulk(
        BodyMembership,
        [
            BodyMembership(
                body=body,
                organisation=org,
                titular=partner if org == association else None,
                started_on=since,
            )
            for body in bodies
            for org in (association, hall, dept.county_wide)
        ],
    )
    days = [
        (body, k, today + datetime.timedelta(days=k * 9 + rng.randint(0, 5)))
        for body in bodies
        for k in range(-(MEETINGS_PER_BODY // 2), MEETINGS_PER_BODY // 2 + 1)
    ]
    meetings = ctx.bulk(
        Meeting,
        [
            Meeting(
                body=body,
                title=f"Séance {k}",
                status=Meeting.Status.CONVENED if k > 0 else Meeting.Status.HELD,
                starts_at=local_datetime(day, datetime.time(14)),
                ends_at=local_datetime(day, datetime.time(16, 30)),
            )
            for body, k, day in days
        ],
    )
    ctx.bulk(
        AgendaItem,
        [
            AgendaItem(body=body, title=f"Sujet proposé {n}", position=n)
            for body in bodies
            for n in range(3)
        ]
        + [
            AgendaItem(body=m.body, meeting=m, title="Point d’étape", position=1, presenter=partner)
            for m in meetings
        ],
    )
    past = [m for m in meetings if m.status == Meeting.Status.HELD]
    top = Decision.objects.filter(territory=focus).count()
    decisions = ctx.bulk(
        Decision,
        [
            Decision(
                territory=focus,
                body=m.body,
                meeting=m,
                number=top + i + 1,
                decided_on=timezone.localtime(m.starts_at).date(),
                text=f"Décision {top + i + 1}",
                search_text=fold(f"Décision {top + i + 1}"),
                owner=association,
                due_date=today + datetime.timedelta(days=rng.randint(-60, 60)),
            )
            for i, m in enumerate(past)
        ],
    )
    ctx.bulk(
        FollowUpTask,
        [
            FollowUpTask(
                territory=focus,
                body=d.body,
                decision=d,
                title=f"Suite de la {d.text}",
                owner=association,
                due_date=d.due_date,
                status=FollowUpTask.Status.PENDING,
            )
            for d in decisions
        ],
    )
    agreements = ctx.bulk(
        Agreement,
        [
            Agreement(
                territory=focus,
                kind=Agreement.Kind.CONVENTION,
                title=f"Convention {n}",
                signed_on=datetime.date(2018, 1, 1),
                review_on=today + datetime.timedelta(days=rng.randint(-100, 200)),
                reminder_days=60,
                visibility=Visibility.PARTNERS,
            )
            for n in range(AGREEMENTS * ctx.scale)
        ],
    )
    ctx.bulk(
        AgreementSignatory,
        [AgreementSignatory(agreement=a, organisation=association) for a in agreements],
    )

    # Network: the association's services, a third of them not updated for two years.
    rows = []
    for n in range(SERVICES * ctx.scale):
        service = Service(
            territory=focus,
            organisation=association,
            name=f"Service {n} de l’association",
            description="Accueil et orientation.",
            date_maj=today - datetime.timedelta(days=800 if n % 3 == 0 else 30),
            thematiques=["famille--soutien-a-la-parentalite-et-a-leducation"],
            publics=["familles"],
            modes_accueil=["en-presentiel"],
            frais="gratuit",
            visibility=Visibility.PUBLIC,
        )
        service._search_organisation_name = association.name  # type: ignore[attr-defined]
        service.refresh_search()
        rows.append(service)
    ctx.bulk(Service, rows)


def pages(ctx: Context) -> list[Page]:
    dept = ctx.department
    commune = f"/territoires/{dept.focus.slug}/"
    return [
        Page("first screen, public", commune, ("anonymous", "resident")),
        Page("first screen, partner", commune, ("partner",)),
        Page("first screen, elected", commune, ("elected",)),
        Page("first screen, coordinator", commune, ("coordinator",)),
        Page("first screen, Département agent on the commune", commune, ("departement",)),
        Page(
            "first screen, Département agent across communes",
            f"/territoires/{dept.departement.slug}/",
            ("departement",),
        ),
        # The same screens made whole after a write, not served from the reader's kept
        # copy (core/kept_parts.py): what the first visit after a migration costs.
        Page("first screen, partner, after a write", commune, ("partner",), after_write=True),
        Page(
            "first screen, coordinator, after a write",
            commune,
            ("coordinator",),
            after_write=True,
        ),
        # And as they are found after the partner updated one of the association's
        # services: the parts that read services made again (docs/decisions/0027).
        Page(
            "first screen, partner, after a service updated",
            commune,
            ("partner",),
            after_write=service_updated(ctx),
        ),
        Page(
            "first screen, coordinator, after a service updated",
            commune,
            ("coordinator",),
            after_write=service_updated(ctx),
        ),
    ]

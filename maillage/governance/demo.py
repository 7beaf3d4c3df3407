"""The demo's governance, from the seeds: the comité stratégique chaired by an elected
official, six comités techniques, working groups, the networks (IRIS, petite enfance,
parentalité), the cellule de veille and the conférence sociale, with their member
organisations; past meetings with minutes and decisions (the 2016 "Point d'étape et
évolutions" seminar, the November 2017 study day on accompaniment), the 2017
Ville–Département feuille de route and the cooperation convention; and meetings to come.

Everything goes through the services; loading twice changes nothing. Fiches actions are
linked when the programme's demo has loaded them (found by code, else by a word of their
title).

The data (bodies, meetings, backlog) is in ``demo_data``; this module loads it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from maillage.core.demo import DemoContext
from maillage.core.roles import Visibility
from maillage.governance import services
from maillage.governance.demo_data import (
    AMENDMENT_ARTICLE_3,
    AMENDMENT_ARTICLE_5,
    AMENDMENT_PREAMBLE,
    AMENDMENT_TITLE,
    BACKLOG,
    BODIES,
    CONVENTION_TEXT,
    PAST,
    UPCOMING,
    BodySpec,
    PastMeeting,
    Upcoming,
)
from maillage.governance.models import (
    AgendaItem,
    Agreement,
    Body,
    BodyMembership,
    Decision,
    FollowUpTask,
    Meeting,
    local_datetime,
)
from maillage.programme.models import Action, Axis
from maillage.territories.models import Territory


def _people(ctx: DemoContext, org_key: str) -> list[Any]:
    """The demo's invented professionals of an organisation, the role accounts first."""
    named = {"solidarites": "coordinator", "caf": "partner", "ville": "elected"}
    found = []
    if org_key in named and named[org_key] in ctx.users:
        found.append(ctx.users[named[org_key]])
    if org_key == "services-centraux" and "departement" in ctx.users:
        found.append(ctx.users["departement"])
    found += [user for key, user in sorted(ctx.users.items()) if key.startswith(f"{org_key}.")]
    return found


def _action(territory: Territory, codes: tuple[str, ...], word: str) -> Any:
    actions = Action.objects.filter(territory=territory)
    for code in codes:
        found = actions.filter(code=code).first()
        if found is not None:
            return found
    return actions.filter(title__icontains=word).order_by("code").first() if word else None


def _axis(territory: Territory, number: int | None) -> Any:
    if number is None:
        return None
    return Axis.objects.filter(territory=territory, number=number).first()


def _body(ctx: DemoContext, territory: Territory, spec: BodySpec) -> Body:
    body = Body.objects.filter(territory=territory, name=spec.name).first()
    if body is None:
        body = services.create_body(
            actor=None,
            territory=territory,
            kind=spec.kind,
            name=spec.name,
            short_name=spec.short_name,
            theme=spec.theme,
            axis=_axis(territory, spec.axis),
            mandate=spec.mandate,
            rhythm=spec.rhythm,
            chair=ctx.users.get(spec.chair) if spec.chair else None,
            secretary=ctx.users.get(spec.secretary),
            visibility=spec.visibility,
            documents_visibility=spec.documents,
        )
    open_orgs = set(
        BodyMembership.objects.filter(body=body, ended_on__isnull=True).values_list(
            "organisation_id", flat=True
        )
    )
    for key in spec.members:
        organisation = ctx.organisations.get(key)
        if organisation is None or organisation.pk in open_orgs:
            continue
        people = _people(ctx, key)
        services.add_member(
            actor=None,
            body=body,
            organisation=organisation,
            titular=people[0] if people else None,
            substitute=people[1] if len(people) > 1 else None,
            started_on=spec.since,
        )
    return body


def _load_past(ctx: DemoContext, bodies: dict[str, Body], spec: PastMeeting) -> None:
    body = bodies[spec.body]
    day = spec.day or (timezone.localdate() - datetime.timedelta(days=60))
    starts_at = local_datetime(day, spec.start)
    meeting = Meeting.objects.filter(body=body, title=spec.title).first()
    if meeting is None:
        meeting = services.create_meeting(
            actor=None,
            body=body,
            title=spec.title,
            starts_at=starts_at,
            ends_at=local_datetime(day, spec.end),
            place=spec.place,
        )
    if meeting.status == Meeting.Status.APPROVED:
        return
    items = {}
    for title, minutes, _text in spec.items:
        item = AgendaItem.objects.filter(meeting=meeting, title=title).first()
        if item is None:
            item = services.propose_item(
                actor=None, body=body, meeting=meeting, title=title, duration_minutes=minutes
            )
        items[title] = item
    if meeting.status != Meeting.Status.HELD:
        services.hold_meeting(actor=None, meeting=meeting)
    rows = services.expected_people(meeting)
    entries = []
    absent_orgs = {ctx.organisations[k].pk for k in spec.absent if k in ctx.organisations}
    for seat in rows.values():
        if seat.role not in ("chair", "secretary", "titular"):
            continue
        excused = seat.organisation is not None and seat.organisation.pk in absent_orgs
        entries.append({"user": seat.user, "status": "excused" if excused else "present"})
    services.record_attendance(actor=None, meeting=meeting, entries=entries)
    services.save_minutes(
        actor=None,
        meeting=meeting,
        general=spec.general,
        items={items[title].pk: text for title, _m, text in spec.items},
    )
    territory = body.territory
    for number, wanted in enumerate(spec.decisions):
        if Decision.objects.filter(meeting=meeting, text=wanted["text"]).exists():
            continue
        due = wanted.get("due") or day + datetime.timedelta(days=60 + wanted.get("due_in", 0))
        owner = ctx.organisations.get(wanted["owner"])
        task_title, task_status = wanted["task"]
        creates = wanted.get("create_action")
        decision = services.record_decision(
            actor=None,
            meeting=meeting,
            text=wanted["text"],
            owner=owner,
            due_date=due,
            item=list(items.values())[min(number, len(items) - 1)],
            action=None if creates else _action(territory, (), wanted.get("action_word", "")),
            action_effect=Decision.ActionEffect.CREATE if creates else "",
            action_title=creates or "",
            apply_action=bool(creates),
            follow_up={"title": task_title, "owner": owner, "due_date": due},
        )
        if wanted.get("status"):
            services.update_decision(actor=None, decision=decision, status=wanted["status"])
        for task in decision.tasks.all():
            if task_status != FollowUpTask.Status.PENDING:
                services.update_task_status(actor=None, task=task, status=task_status)
    if spec.day is not None:
        services.approve_minutes(actor=None, meeting=meeting)


def _load_upcoming(bodies: dict[str, Body], spec: Upcoming) -> None:
    body = bodies[spec.body]
    meeting = Meeting.objects.filter(body=body, title=spec.title).first()
    if meeting is None:
        day = timezone.localdate() + datetime.timedelta(days=spec.in_days)
        meeting = services.create_meeting(
            actor=None,
            body=body,
            title=spec.title,
            starts_at=local_datetime(day, spec.start),
            ends_at=local_datetime(day, spec.end),
            place=spec.place,
            video_url=spec.video_url,
        )
    if meeting.status in (Meeting.Status.DRAFT, Meeting.Status.CONVENED):
        for title, minutes in spec.items:
            if not AgendaItem.objects.filter(meeting=meeting, title=title).exists():
                services.propose_item(
                    actor=None, body=body, meeting=meeting, title=title, duration_minutes=minutes
                )
    if spec.convene and meeting.status == Meeting.Status.DRAFT and not meeting.is_past:
        services.convene_meeting(actor=None, meeting=meeting, notify=False)


def _load_agreements(ctx: DemoContext, territory: Territory, bodies: dict[str, Body]) -> None:
    orgs = ctx.organisations
    if not Agreement.objects.filter(territory=territory, kind=Agreement.Kind.CONVENTION).exists():
        services.create_agreement(
            actor=None,
            territory=territory,
            kind=Agreement.Kind.CONVENTION,
            title="Convention de coopération pour la mise en œuvre du projet social de territoire",
            summary="Volonté conjointe de la commune et du Département de travailler ensemble "
            "à la mise en œuvre de la démarche : coordination optimisée des politiques "
            "territoriales, adéquation aux besoins sociaux repérés localement, lutte contre "
            "les inégalités sociales et territoriales.",
            signed_on=datetime.date(2014, 6, 1),
            starts_on=datetime.date(2014, 6, 1),
            # Relative to the day the demo loads: a review that should have taken place
            # three weeks ago, so that the coordinator is told (docs/governance.md, "Late").
            review_on=timezone.localdate() - datetime.timedelta(days=21),
            reminder_days=30,
            visibility=Visibility.PUBLIC,
            body=bodies.get("Conférence sociale locale"),
            signatories=[
                (orgs["departement"], "le Président du Conseil départemental"),
                (orgs["ville"], "le Maire"),
            ],
            axes=[a for a in (_axis(territory, n) for n in (1, 2, 3, 4)) if a is not None],
            commitments=[
                ("Construire et faire vivre une cellule de veille territoriale.", None),
                (
                    "Organiser des temps de réflexion sur le territoire et sur les actions à "
                    "mettre en œuvre.",
                    None,
                ),
                (
                    "Créer une instance de partage entre élus, habitants et services : une "
                    "conférence sociale locale annuelle.",
                    orgs["ville"],
                ),
                (
                    "Favoriser l’échange de données quantitatives et qualitatives pour nourrir "
                    "l’analyse des besoins sociaux annuelle.",
                    orgs["departement"],
                ),
                (
                    "Mettre à disposition ressources documentaires, statistiques, études et "
                    "cartographies ; participer aux groupes de travail inter-partenariaux.",
                    None,
                ),
            ],
        )
    if not Agreement.objects.filter(territory=territory, kind=Agreement.Kind.ROADMAP).exists():
        roadmap = services.create_agreement(
            actor=None,
            territory=territory,
            kind=Agreement.Kind.ROADMAP,
            title="Feuille de route Ville–Département 2017",
            summary="Première feuille de route commune en faveur d’un co-portage de certains "
            "axes thématiques du projet social de territoire, avec la PMI, la circonscription "
            "de service social et l’aide sociale à l’enfance. Validée par le Maire et le "
            "Vice-Président du Conseil départemental chargé des Solidarités.",
            signed_on=datetime.date(2017, 5, 22),
            starts_on=datetime.date(2017, 5, 22),
            ends_on=datetime.date(2018, 12, 31),
            review_on=datetime.date(2018, 5, 22),
            reminder_days=60,
            visibility=Visibility.PARTNERS,
            body=bodies.get("Comité stratégique du projet social de territoire"),
            signatories=[
                (orgs["ville"], "le Maire"),
                (orgs["departement"], "le Vice-Président chargé des Solidarités"),
            ],
            axes=[a for a in (_axis(territory, n) for n in (3, 4)) if a is not None],
            commitments=[
                (
                    "Co-porter l’axe « Répondre aux besoins des familles » avec la PMI et la "
                    "circonscription de service social.",
                    orgs["departement"],
                ),
                ("Avancer sur le partage de données et l’observation sociale partagée.", None),
                (
                    "Envisager le déploiement local d’actions thématiques en adéquation avec "
                    "les enjeux du territoire.",
                    orgs["ville"],
                ),
            ],
        )
        if roadmap.reminder_task is not None:
            services.update_task_status(
                actor=None,
                task=roadmap.reminder_task,
                status=FollowUpTask.Status.DONE,
                note="Bilan présenté au comité stratégique de juin 2018.",
            )


def _load_amendment(ctx: DemoContext, territory: Territory) -> None:
    """The convention held as articles, and a draft avenant adding means to the childcare
    axis (the axis « Familles et générations »)."""
    convention = Agreement.objects.filter(
        territory=territory, kind=Agreement.Kind.CONVENTION
    ).first()
    if convention is None:
        return
    if not convention.article_versions.exists():
        services.set_articles(
            actor=None, agreement=convention, articles=services.parse_articles(CONVENTION_TEXT)
        )
    if convention.amendments.exists():
        return
    orgs = ctx.organisations
    amendment = services.create_amendment(
        actor=None, agreement=convention, title=AMENDMENT_TITLE, preamble=AMENDMENT_PREAMBLE
    )
    services.set_article_change(
        actor=None, amendment=amendment, operation="modify", number=3, text=AMENDMENT_ARTICLE_3
    )
    services.set_article_change(
        actor=None,
        amendment=amendment,
        operation="add",
        number=5,
        title="Moyens pour la petite enfance",
        text=AMENDMENT_ARTICLE_5,
    )
    axis = _axis(territory, 3)
    garderie = Action.objects.filter(territory=territory, title__icontains="garderie").first()
    for funder in ("departement", "ville"):
        if funder in orgs and (axis is not None or garderie is not None):
            services.add_means_change(
                actor=None,
                amendment=amendment,
                funder=orgs[funder],
                year=timezone.localdate().year + 1,
                amount=Decimal("15000"),
                axis=axis,
                action=garderie,
                note="Garderie éphémère ouverte toute l’année",
            )
    if garderie is not None:
        services.set_annexed_actions(actor=None, amendment=amendment, actions=[garderie])
    for key, who in (
        ("departement", "le Président du Conseil départemental"),
        ("ville", "le Maire"),
    ):
        if key in orgs:
            services.add_amendment_signatory(
                actor=None, amendment=amendment, organisation=orgs[key], signed_by=who
            )


def load(ctx: DemoContext) -> None:
    territory = ctx.territories.get("clichy-sous-bois")
    if territory is None:
        return
    bodies = {spec.name: _body(ctx, territory, spec) for spec in BODIES}
    for past in PAST:
        _load_past(ctx, bodies, past)
    for upcoming in UPCOMING:
        _load_upcoming(bodies, upcoming)
    for name, subjects in BACKLOG.items():
        body = bodies[name]
        for title, minutes in subjects:
            if not AgendaItem.objects.filter(body=body, title=title).exists():
                services.propose_item(actor=None, body=body, title=title, duration_minutes=minutes)
    _load_agreements(ctx, territory, bodies)
    _load_amendment(ctx, territory)
    linked = Decision.objects.filter(territory=territory, action__isnull=False).count()
    ctx.log(
        f"  {len(bodies)} instances, {Meeting.objects.filter(body__territory=territory).count()} "
        f"séances, {Decision.objects.filter(territory=territory).count()} décisions "
        f"({linked} liées à une fiche action)"
    )

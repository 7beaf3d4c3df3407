"""The departmental demo: Seine-Saint-Denis seen from its Département. Beside
Clichy-sous-Bois (which shares everything), Montfermeil shares its programme and governance
in detail and the rest in aggregates, and Coubron shares aggregates only. Each has a small
PST, invented and labelled so (``demo_data``), in which the Département's PMI and service
social pilot actions and owe follow-up tasks, some of them overdue; the département holds
commune-level population and poverty figures for its communes, for the comparison map.

The departments app is the last of INSTALLED_APPS: this loader runs after every other one
and reuses what they loaded (ctx.territories, ctx.organisations, ctx.users). Everything goes
through the services; loading twice changes nothing."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.utils import timezone

from maillage.accounts.models import User
from maillage.core.demo import DEMO_PASSWORD, DemoContext
from maillage.core.roles import Role, Visibility
from maillage.departments.demo_data import (
    COMMUNES,
    FIGURES_PERIOD,
    FIGURES_SOURCE,
    SSD_COMMUNES,
    ActionSpec,
    BodySpec,
    CommuneSpec,
    MeetingSpec,
    household_figures,
)
from maillage.departments.demo_references import load_references
from maillage.governance import services as governance
from maillage.governance.models import (
    AgendaItem,
    Agreement,
    Body,
    Decision,
    FollowUpTask,
    Meeting,
    local_datetime,
)
from maillage.observatory import services as observatory
from maillage.observatory.catalogue import install_catalogue
from maillage.observatory.demo import CENSUS as OBSERVATORY_CENSUS
from maillage.observatory.demo import FILOSOFI as OBSERVATORY_FILOSOFI
from maillage.observatory.models import Dataset, ImportJob
from maillage.programme import services as programme
from maillage.programme.models import Action, Axis, InspiringModel, Objective
from maillage.territories import services as territories
from maillage.territories.demo import CLICHY, DEMO_DOMAIN, SSD, _demo_mfa, _invited
from maillage.territories.models import GeoUnit, Organisation, Partnership, Territory

# The Département's organisations engaged in every demo commune.
DEPARTEMENT_KEYS = ("departement", "pmi", "service-social")
INVENTED = "Contenu inventé pour la démonstration."
CLICHY_CODE = "93014"


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _commune(ctx: DemoContext, ssd: Territory, spec: CommuneSpec) -> Territory:
    territory = Territory.objects.filter(slug=spec.slug).first()
    if territory is None:
        territory = territories.create_territory(
            actor=None,
            name=spec.name,
            slug=spec.slug,
            insee_code=spec.insee_code,
            kind=Territory.Kind.COMMUNE,
            parent=ssd,
            description=spec.description,
        )
        # Decided once, by the commune: a reload does not undo a change made since.
        territories.set_department_sharing(actor=None, territory=territory, levels=spec.sharing)
    ctx.territories[spec.slug] = territory
    if not GeoUnit.objects.filter(
        territory=territory, kind=GeoUnit.Kind.COMMUNE, code=spec.insee_code
    ).exists():
        territories.create_geounit(
            actor=None,
            territory=territory,
            kind=GeoUnit.Kind.COMMUNE,
            code=spec.insee_code,
            name=spec.name,
        )
    return territory


def _organisations(
    ctx: DemoContext, territory: Territory, spec: CommuneSpec
) -> dict[str, Organisation]:
    """The commune's own organisations, and the Département's engaged in it."""
    orgs: dict[str, Organisation] = {}
    for key, name, acronym, kind, parent_key, description in spec.organisations:
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            organisation = territories.create_organisation(
                actor=None,
                territory=territory,
                name=name,
                acronym=acronym,
                kind=kind,
                parent=orgs.get(parent_key) if parent_key else None,
                city=spec.name,
                description=description,
            )
        orgs[key] = organisation
        ctx.organisations[f"{spec.key}.{key}"] = organisation
    for key in DEPARTEMENT_KEYS:
        organisation = ctx.organisations[key]
        if not Partnership.objects.filter(territory=territory, organisation=organisation).exists():
            territories.add_partnership(actor=None, territory=territory, organisation=organisation)
        orgs[key] = organisation
    return orgs


def _staff(ctx: DemoContext, key: str) -> list[User]:
    """The invented professionals the territories' demo created for an organisation."""
    return [user for name, user in sorted(ctx.users.items()) if name.startswith(f"{key}.")]


def _structure(territory: Territory, spec: CommuneSpec) -> dict[str, Objective]:
    objectives: dict[str, Objective] = {}
    for number, short_name, title, colour, items in spec.axes:
        axis = Axis.objects.filter(territory=territory, number=number).first()
        if axis is None:
            axis = programme.create_axis(
                actor=None,
                territory=territory,
                number=number,
                short_name=short_name,
                title=title,
                colour=colour,
                description=INVENTED,
            )
        for code, objective_title in items:
            objective = Objective.objects.filter(axis=axis, code=code).first()
            if objective is None:
                objective = programme.create_objective(
                    actor=None, axis=axis, code=code, title=objective_title
                )
            objectives[code] = objective
    return objectives


def _action(
    territory: Territory,
    objectives: dict[str, Objective],
    orgs: dict[str, Organisation],
    spec: ActionSpec,
) -> None:
    if Action.objects.filter(territory=territory, code=spec.code).exists():
        return
    action = programme.create_action(
        actor=None,
        territory=territory,
        code=spec.code,
        title=spec.title,
        objective=objectives[spec.objective],
        summary=f"{spec.summary}\n\n{INVENTED}",
        publics=spec.publics,
        pilots=[orgs[key] for key in spec.pilots],
        visibility=Visibility.PARTNERS,
        starts_on=_days(-400),
        on=_days(-420),
    )
    for key, role in spec.partners:
        programme.add_partner(actor=None, action=action, organisation=orgs[key], role=role)
    for status, days_ago in spec.steps:
        programme.change_status(
            actor=None,
            action=action,
            status=status,
            reason="Étape de démonstration (inventée).",
            on=_days(-days_ago),
        )
    for title, in_days, done in spec.milestones:
        planned = _days(in_days)
        programme.add_milestone(
            actor=None,
            action=action,
            title=title,
            planned_on=planned,
            done_on=planned if done else None,
        )


def _body(
    ctx: DemoContext,
    territory: Territory,
    orgs: dict[str, Organisation],
    spec: BodySpec,
    coordinator: User,
) -> Body:
    body = Body.objects.filter(territory=territory, name=spec.name).first()
    if body is None:
        body = governance.create_body(
            actor=None,
            territory=territory,
            kind=spec.kind,
            name=spec.name,
            short_name=spec.short_name,
            theme=spec.theme,
            rhythm=spec.rhythm,
            secretary=coordinator,
            visibility=Visibility.PARTNERS,
            documents_visibility=Visibility.PARTNERS,
        )
        for key in spec.members:
            # The Département's invented agents sit for it; the coordinator for the town.
            people = _staff(ctx, key) if key in DEPARTEMENT_KEYS else []
            if key == "ville":
                people = [coordinator]
            governance.add_member(
                actor=None,
                body=body,
                organisation=orgs[key],
                titular=people[0] if people else None,
                substitute=people[1] if len(people) > 1 else None,
                started_on=_days(-500),
            )
    return body


def _meeting(bodies: dict[str, Body], orgs: dict[str, Organisation], spec: MeetingSpec) -> None:
    body = bodies[spec.body]
    meeting = Meeting.objects.filter(body=body, title=spec.title).first()
    if meeting is not None:
        return
    day = _days(-spec.days_ago)
    meeting = governance.create_meeting(
        actor=None,
        body=body,
        title=spec.title,
        starts_at=local_datetime(day, datetime.time(14, 0)),
        ends_at=local_datetime(day, datetime.time(16, 0)),
        place="Salle du conseil (lieu de démonstration)",
        description=INVENTED,
    )
    items: list[AgendaItem] = [
        governance.propose_item(actor=None, body=body, meeting=meeting, title=title)
        for title, _text in spec.items
    ]
    if spec.days_ago < 0:
        return
    governance.hold_meeting(actor=None, meeting=meeting)
    seats = governance.expected_people(meeting)
    governance.record_attendance(
        actor=None,
        meeting=meeting,
        entries=[
            {"user": seat.user, "status": "present"}
            for seat in seats.values()
            if seat.role in ("chair", "secretary", "titular")
        ],
    )
    governance.save_minutes(
        actor=None,
        meeting=meeting,
        general=spec.general,
        items={item.pk: text for item, (_t, text) in zip(items, spec.items, strict=True)},
    )
    for number, wanted in enumerate(spec.decisions):
        owner = orgs[wanted.owner]
        due = _days(wanted.due_in)
        decision = governance.record_decision(
            actor=None,
            meeting=meeting,
            text=wanted.text,
            owner=owner,
            due_date=due,
            item=items[min(number, len(items) - 1)],
            follow_up={"title": wanted.task, "owner": owner, "due_date": due},
        )
        if wanted.done:
            for task in decision.tasks.all():
                governance.update_task_status(
                    actor=None, task=task, status=FollowUpTask.Status.DONE
                )
    if spec.general:
        governance.approve_minutes(actor=None, meeting=meeting)


def _convention(
    territory: Territory, orgs: dict[str, Organisation], bodies: dict[str, Body], spec: CommuneSpec
) -> None:
    if Agreement.objects.filter(territory=territory, kind=Agreement.Kind.CONVENTION).exists():
        return
    title, summary, signed_ago, review_in = spec.convention
    governance.create_agreement(
        actor=None,
        territory=territory,
        kind=Agreement.Kind.CONVENTION,
        title=title,
        summary=summary,
        signed_on=_days(-signed_ago),
        starts_on=_days(-signed_ago),
        review_on=_days(review_in),
        reminder_days=60,
        visibility=Visibility.PARTNERS,
        body=next(iter(bodies.values()), None),
        signatories=[
            (orgs["ville"], "le Maire"),
            (orgs["departement"], "le Président du Conseil départemental"),
        ],
        axes=list(Axis.objects.filter(territory=territory)),
        commitments=[(text, orgs[key] if key else None) for text, key in spec.commitments],
    )


def _load_commune(ctx: DemoContext, ssd: Territory, spec: CommuneSpec) -> Territory:
    territory = _commune(ctx, ssd, spec)
    orgs = _organisations(ctx, territory, spec)
    local, full_name, job_title = spec.coordinator
    coordinator = _invited(
        ctx,
        key=f"coordinator-{spec.key}",
        email=f"{local}@{DEMO_DOMAIN}",
        full_name=full_name,
        territory=territory,
        role=Role.COORDINATOR,
        organisation=orgs["ville"],
        job_title=job_title,
    )
    secret = _demo_mfa(coordinator, local)
    ctx.accounts.append(
        {
            "role": f"Coord. {spec.name} (MFA)",
            "email": coordinator.email,
            "password": DEMO_PASSWORD,
            "extra": f"clé TOTP {secret}",
        }
    )
    objectives = _structure(territory, spec)
    for action in spec.actions:
        _action(territory, objectives, orgs, action)
    bodies = {body.name: _body(ctx, territory, orgs, body, coordinator) for body in spec.bodies}
    for meeting in spec.meetings:
        _meeting(bodies, orgs, meeting)
    _convention(territory, orgs, bodies, spec)
    return territory


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    lines = [";".join(header)] + [";".join(str(c) for c in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _figures_row(code: str, population: int, rate: str) -> list[Any]:
    """A commune's row; Clichy-sous-Bois's is the observatory demo's own 2020 figures, so
    that the newest dataset read for it (this one) says the same."""
    if code == CLICHY_CODE:
        population = OBSERVATORY_CENSUS[code][FIGURES_PERIOD][0]
        households, rate, median = OBSERVATORY_FILOSOFI[code][FIGURES_PERIOD]
    else:
        households, median = household_figures(population, rate)
    return [code, population, households, rate, median]


def _figures(territory: Territory, producer: Organisation, title: str, codes: set[str]) -> None:
    """Population and poverty figures for ``codes``, as an INSEE-layout file imported into
    ``territory``'s observatory."""
    if Dataset.objects.filter(territory=territory, title=title, published=True).exists():
        return
    yy = f"{FIGURES_PERIOD % 100:02d}"
    rows = [_figures_row(code, population, rate) for code, _n, population, rate in SSD_COMMUNES]
    rows = [row for row in rows if row[0] in codes]
    content = _csv(["CODGEO", f"P{yy}_POP", f"NBMENFISC{yy}", f"TP60{yy}", f"MED{yy}"], rows)
    job = observatory.upload(
        actor=None,
        territory=territory,
        producer=producer,
        kind=ImportJob.Kind.INSEE,
        file=io.BytesIO(content),
        filename=f"{title}.csv",
        size=len(content),
        metadata={
            "title": title,
            "source": FIGURES_SOURCE,
            "vintage": str(FIGURES_PERIOD),
            "licence": "Données de démonstration",
            "visibility": Visibility.PUBLIC,
            "restricted_to": [],
            "min_count": 5,
            "round_to_5": False,
            "period": FIGURES_PERIOD,
        },
    )
    job = observatory.run_import(job_id=job.pk)
    if job.state != ImportJob.State.DONE:
        raise RuntimeError(f"Demo dataset {title!r} failed: {job.errors}")


def _observatory(ctx: DemoContext, ssd: Territory, communes: list[Territory]) -> None:
    install_catalogue()
    for code, name, _population, _rate in SSD_COMMUNES:
        if not GeoUnit.objects.filter(territory=ssd, kind=GeoUnit.Kind.COMMUNE, code=code).exists():
            territories.create_geounit(
                actor=None, territory=ssd, kind=GeoUnit.Kind.COMMUNE, code=code, name=name
            )
    _figures(
        ssd,
        ctx.organisations["services-centraux"],
        "Population et pauvreté des communes de la Seine-Saint-Denis (démonstration)",
        {code for code, *_rest in SSD_COMMUNES},
    )
    for territory in communes:
        producer = ctx.organisations[f"{territory.slug}.ville"]
        _figures(
            territory,
            producer,
            f"Population et pauvreté — {territory.name} (démonstration)",
            {territory.insee_code},
        )


def _reuse_garderie(ctx: DemoContext) -> None:
    """Montfermeil's coordinator takes up Clichy's « Garderie éphémère », offered as a fiche
    inspirante by the programme's demo, as a draft in its objective 1.2 (docs/programme.md,
    "Essaimage"). Loading twice changes nothing: one copy per territory."""
    model = InspiringModel.objects.filter(
        action__territory__slug=CLICHY, action__code="2.2.1", withdrawn_at__isnull=True
    ).first()
    montfermeil = ctx.territories["montfermeil"]
    if model is None or Action.objects.filter(territory=montfermeil, inspired_by=model).exists():
        return
    objective = Objective.objects.get(axis__territory=montfermeil, code="1.2")
    programme.copy_model(ctx.users["coordinator-montfermeil"], model, objective=objective)


def load(ctx: DemoContext) -> None:
    ssd = ctx.territories.get(SSD) or Territory.objects.get(slug=SSD)
    communes = [_load_commune(ctx, ssd, spec) for spec in COMMUNES]
    _observatory(ctx, ssd, communes)
    _reuse_garderie(ctx)
    load_references(ctx)
    ctx.notes.append(
        f"Département : {', '.join(c.name for c in communes)} ont un projet social de "
        "territoire inventé pour la démonstration (comptes « Coord. » ci-dessus) ; le compte "
        f"departement@{DEMO_DOMAIN} lit leurs engagements selon ce que chaque commune partage."
    )
    overdue = FollowUpTask.objects.overdue(timezone.localdate()).filter(
        owner__in=[ctx.organisations[key] for key in ("pmi", "service-social")]
    )
    ctx.log(
        f"  {len(communes)} communes de démonstration ({', '.join(c.name for c in communes)}), "
        f"{Decision.objects.filter(territory__in=communes).count()} décisions, "
        f"{overdue.count()} tâches en retard de la PMI et du service social"
    )

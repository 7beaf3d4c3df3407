"""The demo programme of Clichy-sous-Bois: the seeds' four axes and their real actions
(Apriles case study, Ville–Département agreement), loaded through the services.

The axes, the actions, their pilots and partners come from the seeds. The objectives'
wording, the codes, the dates of each step and every figure (indicators, measurements,
budgets) are invented for the demonstration, and say so."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from maillage.accounts.models import User
from maillage.core.demo import DemoContext
from maillage.core.roles import Role
from maillage.programme import services
from maillage.programme.demo_data import (
    ACTIONS,
    AXES,
    INSPIRING_GARDERIE,
    INVENTED,
    SOURCE,
)
from maillage.programme.models import Action, Axis, InspiringModel, Objective
from maillage.territories.models import GeoUnit, Territory


def _referent(organisation: Any) -> User | None:
    return (
        User.objects.filter(memberships__organisation=organisation, memberships__role=Role.PARTNER)
        .order_by("pk")
        .first()
    )


def _structure(ctx: DemoContext, territory: Territory) -> dict[str, Objective]:
    objectives: dict[str, Objective] = {}
    for number, short_name, title, colour, items in AXES:
        axis = Axis.objects.filter(territory=territory, number=number).first()
        if axis is None:
            axis = services.create_axis(
                actor=None,
                territory=territory,
                number=number,
                short_name=short_name,
                title=title,
                colour=colour,
                description="Axe du projet social de territoire adopté en 2014.",
            )
        for code, objective_title in items:
            objective = Objective.objects.filter(axis=axis, code=code).first()
            if objective is None:
                objective = services.create_objective(
                    actor=None, axis=axis, code=code, title=objective_title
                )
            objectives[code] = objective
    return objectives


def _indicators(action: Action, specs: list[dict[str, Any]], today: datetime.date) -> None:
    for spec in specs:
        baseline = spec["baseline"]
        indicator = services.create_indicator(
            actor=None,
            action=action,
            name=spec["name"],
            unit=spec["unit"],
            direction=spec["direction"],
            baseline_value=Decimal(baseline[1]) if baseline else None,
            baseline_on=baseline[0] if baseline else None,
            description=INVENTED,
            targets={year: Decimal(v) for year, v in spec["targets"].items()},
        )
        rows = [
            services.MeasurementRow(
                indicator, datetime.date(year, 12, 31), Decimal(value), SOURCE, ""
            )
            for year, value in spec["series"].items()
            if datetime.date(year, 12, 31) <= today
        ]
        services.import_measurements(
            actor=None, territory=action.territory, rows=rows, filename="démonstration"
        )


def _action(
    ctx: DemoContext, territory: Territory, objectives: dict[str, Objective], spec: dict
) -> Action:
    orgs = ctx.organisations
    places = list(GeoUnit.objects.filter(territory=territory, code__in=spec.get("places", [])))
    pilots = [orgs[key] for key in spec["pilots"]]
    referents = [r for r in (_referent(o) for o in pilots) if r is not None][:2]
    today = timezone.localdate()
    ends_on = spec.get("ends_on")
    if "ends_in" in spec:
        ends_on = today + datetime.timedelta(days=spec["ends_in"])
    action = services.create_action(
        actor=None,
        territory=territory,
        code=spec["code"],
        title=spec["title"],
        objective=objectives[spec["objective"]],
        summary=spec["summary"],
        constat=spec["constat"],
        goals=spec["goals"],
        publics=spec["publics"],
        public_precision=spec["public_precision"],
        places=places,
        pilots=pilots,
        referents=referents,
        visibility=spec["visibility"],
        starts_on=spec.get("starts_on"),
        ends_on=ends_on,
        on=spec["created"],
    )
    for key, role in spec["partners"]:
        services.add_partner(actor=None, action=action, organisation=orgs[key], role=role)
    for status, on, reason in spec["steps"]:
        services.change_status(actor=None, action=action, status=status, reason=reason, on=on)
    for title, planned_on, done_on in spec["milestones"]:
        services.add_milestone(
            actor=None,
            action=action,
            title=title,
            planned_on=planned_on,
            done_on=done_on if done_on and done_on <= today else None,
        )
    for title, in_days in spec.get("relative_milestones", []):
        services.add_milestone(
            actor=None,
            action=action,
            title=title,
            planned_on=today + datetime.timedelta(days=in_days),
        )
    for kind, org_key, name, year, amount, description in spec["means"]:
        services.add_means(
            actor=None,
            action=action,
            kind=kind,
            organisation=orgs[org_key] if org_key else None,
            contributor_name=name or "",
            year=year,
            amount=Decimal(amount) if amount else None,
            description=f"{description} ({INVENTED.lower().rstrip('.')})",
        )
    for happened_on, text in spec.get("journal", []):
        services.add_journal_entry(actor=None, action=action, text=text, happened_on=happened_on)
    _indicators(action, spec["indicators"], today)
    return action


def _departement_co_carries(ctx: DemoContext, territory: Territory) -> None:
    """The 2017 feuille de route has the Département co-carry the families' axis (3): its
    central services are a partner of that axis's fiches, which their agent then finds on
    the first screen, in the commune where they work."""
    organisation = ctx.organisations.get("services-centraux")
    if organisation is None:
        return
    for action in (
        Action.objects.filter(territory=territory, objective__axis__number=3)
        .exclude(partner_links__organisation=organisation)
        .exclude(pilots=organisation)
    ):
        services.add_partner(
            actor=None,
            action=action,
            organisation=organisation,
            role="Co-portage Ville–Département (feuille de route 2017)",
        )


def _offer_garderie(ctx: DemoContext, territory: Territory) -> None:
    """Essaimage: the garderie éphémère offered to the other territories by one of its
    pilots (a centre social's professional), else the coordination."""
    spec = dict(INSPIRING_GARDERIE)
    action = Action.objects.get(territory=territory, code=spec.pop("code"))
    if InspiringModel.objects.filter(action=action).exists():
        return
    pilot = next((p for p in (_referent(o) for o in action.pilots.all()) if p), None)
    services.offer_as_model(pilot or ctx.users["coordinator"], action, **spec)


def load(ctx: DemoContext) -> None:
    territory = ctx.territories["clichy-sous-bois"]
    objectives = _structure(ctx, territory)
    created = 0
    for spec in ACTIONS:
        if Action.objects.filter(territory=territory, code=spec["code"]).exists():
            continue
        _action(ctx, territory, objectives, spec)
        created += 1
    # Link the actions the seeds tie together.
    related = {"2.2.1": ["3.1.1"], "4.2.1": ["1.3.1", "3.2.2"], "1.2.2": ["1.2.1"]}
    for code, others in related.items():
        action = Action.objects.get(territory=territory, code=code)
        if not action.related.exists():
            services.update_action(
                actor=None,
                action=action,
                related=list(Action.objects.filter(territory=territory, code__in=others)),
                note="Actions liées (démonstration)",
            )
    _departement_co_carries(ctx, territory)
    _offer_garderie(ctx, territory)
    ctx.log(
        f"  {territory.axes.count()} axes, "
        f"{Action.objects.filter(territory=territory).count()} fiches actions "
        f"({created} créées)"
    )

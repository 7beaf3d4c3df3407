"""The demo's veille, from the seeds: what the field saw in Clichy-sous-Bois and what
became of it — the delays in young children's development in the bas Clichy (PMI,
service social, a school) oriented to a draft PPEPS' action; parents without childcare for
atypical hours (two social centres, France Travail, DEFI) oriented to the garderie
éphémère; recurring domestic accidents (CCAS, PMI, a social centre) oriented to the
prevention network; rising rent arrears (CCAS, the social landlords) oriented to the
comité technique habitat's backlog; one signal closed as "non confirmé" and one
duplicate merged. Everything goes through the services; loading twice changes nothing.

The organisations' invented professionals report and corroborate; an organisation with
no demo account (France Travail, the school) is entered by the platform admin, as the
cellule's secretary would after a meeting."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from maillage.core.demo import DemoContext
from maillage.governance.models import Body
from maillage.programme.models import Action
from maillage.territories.models import GeoUnit, Territory
from maillage.watch import services
from maillage.watch.models import Orientation, Signal


@dataclass
class Case:
    key: str
    title: str
    description: str
    thematique: str
    reporter: str
    situations: int
    observed_since: datetime.date
    trend: str = Signal.Trend.RISING
    place: str = ""
    publics: list[str] = field(default_factory=list)
    corroborations: list[tuple[str, int, str]] = field(default_factory=list)
    audience: str = Signal.Audience.PARTNERS


CASES = [
    Case(
        "psychomoteur",
        "Retards de développement psychomoteur chez les jeunes enfants du bas Clichy",
        "Les consultations de PMI repèrent davantage de retards de motricité et de langage "
        "chez les enfants de 2 à 4 ans, surtout dans les familles arrivées récemment dans "
        "les copropriétés du bas Clichy.",
        "famille--soutien-a-la-parentalite-et-a-leducation",
        "pmi",
        18,
        datetime.date(2024, 9, 1),
        place="BAS-CLICHY",
        publics=["familles"],
        corroborations=[
            ("service-social", 7, "Des parents isolés qui ne connaissent pas les lieux d’accueil."),
            ("education", 9, "Plusieurs classes de petite section le constatent."),
        ],
    ),
    Case(
        "garde",
        "Parents sans mode de garde pour des horaires décalés",
        "Des parents qui reprennent un emploi ou une formation tôt le matin ou tard le soir "
        "ne trouvent aucun mode de garde ; certains renoncent à l’emploi proposé.",
        "famille--garde-denfants",
        "cs-haut",
        12,
        datetime.date(2024, 6, 1),
        trend=Signal.Trend.RECURRING,
        publics=["familles", "demandeurs-emploi"],
        corroborations=[
            ("cs-bas", 8, ""),
            ("france-travail", 15, "Offres refusées faute de garde avant 7 h."),
            ("defi", 6, "Clause d’insertion : horaires du bâtiment incompatibles."),
        ],
    ),
    Case(
        "accidents",
        "Accidents domestiques répétés chez les jeunes enfants",
        "Chutes, brûlures et intoxications de jeunes enfants reviennent souvent dans les "
        "logements suroccupés ; les familles ne connaissent pas les gestes de prévention.",
        "famille--soutien-a-la-parentalite-et-a-leducation",
        "ccas",
        9,
        datetime.date(2024, 1, 15),
        trend=Signal.Trend.RECURRING,
        publics=["familles"],
        corroborations=[("pmi", 11, ""), ("cs-bas", 4, "")],
    ),
    Case(
        "impayes",
        "Impayés de loyer en hausse après la revalorisation des charges",
        "Les demandes d’aide pour des impayés de loyer augmentent depuis la régularisation "
        "des charges de chauffage, y compris chez des ménages jusque-là sans difficulté.",
        "logement-hebergement--reduire-les-impayes-de-loyer",
        "ccas",
        25,
        datetime.date(2024, 10, 1),
        publics=["familles", "seniors"],
        corroborations=[("bailleurs", 40, "Hausse nette des plans d’apurement.")],
    ),
    Case(
        "demarchage",
        "Démarchages abusifs à domicile signalés par des seniors",
        "Quelques seniors évoquent des démarchages pour des travaux d’isolation ; rien "
        "n’a été confirmé par les autres services.",
        "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
        "cs-bas",
        2,
        datetime.date(2024, 11, 1),
        trend=Signal.Trend.ONE_OFF,
        publics=["seniors"],
        audience=Signal.Audience.CELL,
    ),
    Case(
        "langage",
        "Retards de langage chez les tout-petits",
        "Les assistantes maternelles signalent des enfants qui parlent peu à 3 ans.",
        "famille--soutien-a-la-parentalite-et-a-leducation",
        "ram",
        5,
        datetime.date(2024, 10, 1),
        publics=["familles"],
        audience=Signal.Audience.CELL,
    ),
    Case(
        "numerique",
        "Seniors en difficulté avec les démarches en ligne",
        "Les permanences voient plus de seniors qui ne peuvent plus faire seuls leurs "
        "démarches de retraite et de santé depuis leur passage en ligne.",
        "numerique--acceder-a-des-services-en-ligne",
        "msp",
        20,
        datetime.date(2024, 3, 1),
        trend=Signal.Trend.RECURRING,
        publics=["seniors"],
    ),
]


def _person(ctx: DemoContext, org_key: str) -> Any:
    for key, user in sorted(ctx.users.items()):
        if key.startswith(f"{org_key}."):
            return user
    return ctx.users.get("admin")


def _signal(ctx: DemoContext, territory: Territory, case: Case) -> Signal:
    found = Signal.objects.filter(territory=territory, title=case.title).first()
    if found is not None:
        return found
    place = (
        GeoUnit.objects.filter(territory=territory, code=case.place).first() if case.place else None
    )
    signal = services.report_signal(
        actor=_person(ctx, case.reporter),
        territory=territory,
        organisation=ctx.organisations[case.reporter],
        title=case.title,
        description=case.description,
        thematique=case.thematique,
        publics=case.publics,
        place=place,
        observed_since=case.observed_since,
        trend=case.trend,
        situations_count=case.situations,
        audience=case.audience,
    )
    for org_key, count, note in case.corroborations:
        services.corroborate(
            actor=_person(ctx, org_key),
            signal=signal,
            organisation=ctx.organisations[org_key],
            situations_count=count,
            note=note,
        )
    return signal


def _body(territory: Territory, name: str) -> Body | None:
    return Body.objects.filter(territory=territory, name=name).first()


def _action(territory: Territory, code: str) -> Action | None:
    return Action.objects.filter(territory=territory, code=code).first()


def _orient(ctx: DemoContext, signal: Signal, **kwargs: Any) -> None:
    if signal.orientations.exists() or not signal.is_open:
        return
    actor = ctx.users.get("coordinator") or ctx.users.get("admin")
    services.orient(actor=actor, signal=signal, **kwargs)


def load(ctx: DemoContext) -> None:
    territory = ctx.territories.get("clichy-sous-bois")
    if territory is None or "admin" not in ctx.users:
        return
    if not _body(territory, "Cellule de veille territoriale"):
        return
    services.update_settings(
        actor=None,
        territory=territory,
        controller="Commune de Clichy-sous-Bois, représentée par son maire",
        dpo_contact="Délégué à la protection des données de la commune",
    )
    signals = {case.key: _signal(ctx, territory, case) for case in CASES}
    families = _body(territory, "Comité technique Familles, petite enfance et intergénérationnel")
    housing = _body(territory, "Comité technique Logement et habitat")
    _orient(
        ctx,
        signals["psychomoteur"],
        kind=Orientation.Kind.ACTION,
        title="PPEPS’ : repérage précoce des retards de développement au bas Clichy (projet)",
    )
    if families is not None:
        _orient(
            ctx,
            signals["garde"],
            kind=Orientation.Kind.BACKLOG,
            body=families,
            title="Garderie éphémère : répondre aux horaires décalés",
            action=_action(territory, "2.2.1"),
        )
        _orient(
            ctx,
            signals["accidents"],
            kind=Orientation.Kind.BACKLOG,
            body=families,
            title="Accidents domestiques : saisir le réseau de prévention",
            action=_action(territory, "3.2.2"),
        )
    if housing is not None:
        _orient(
            ctx,
            signals["impayes"],
            kind=Orientation.Kind.BACKLOG,
            body=housing,
            title="Hausse des impayés de loyer après la régularisation des charges",
        )
    cellule = ctx.users.get("coordinator") or ctx.users["admin"]
    demarchage = signals["demarchage"]
    if demarchage.is_open:
        services.mark_unconfirmed(actor=cellule, signal=demarchage)
    langage = signals["langage"]
    if langage.merged_into_id is None:
        services.merge(actor=cellule, duplicate=langage, into=signals["psychomoteur"])
    numerique = signals["numerique"]
    if numerique.status == Signal.Status.NEW:
        services.change_status(
            actor=cellule,
            signal=numerique,
            status=Signal.Status.QUALIFYING,
            reason=Signal.Reason.TO_QUALIFY,
        )
    ctx.log(
        f"  {Signal.objects.filter(territory=territory).count()} signalements, "
        f"{Orientation.objects.filter(signal__territory=territory).count()} orientations"
    )

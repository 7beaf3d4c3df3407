"""Fiches actions as a spreadsheet: one row per action, matched by its code.

Import updates existing fiches only (an unknown code is an error: new fiches are created
in the application, where they get their pilots and visibility). A column missing from the
file leaves that field as it is."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.core import access
from maillage.core.exports import french_number
from maillage.core.roles import Visibility
from maillage.core.text import fold
from maillage.programme import services, tabular
from maillage.programme.models import (
    Action,
    ActionPartner,
    Indicator,
    MeansLine,
    Objective,
    StatusChange,
)
from maillage.programme.publics import public_from_text, public_label
from maillage.programme.roundtrip.common import (
    FieldChange,
    Locator,
    Problem,
    Report,
    RowChange,
    run,
    validation_messages,
)
from maillage.territories.models import GeoUnit, Organisation, Territory

COLUMNS: dict[str, str] = {
    "code": "Code",
    "title": "Intitulé",
    "axis": "Axe",
    "objective": "Objectif",
    "status": "État",
    "status_reason": "Motif du dernier changement d’état",
    "starts_on": "Début",
    "ends_on": "Fin",
    "visibility": "Visibilité",
    "pilots": "Pilotes",
    "partners": "Partenaires (organisation : rôle)",
    "publics": "Publics",
    "public_precision": "Précision sur le public",
    "places": "Lieux",
    "summary": "Résumé",
    "constat": "Constat",
    "goals": "Objectifs de l’action",
}
# Which column a service's field error belongs to.
FIELD_COLUMNS = {
    "code": "code",
    "title": "title",
    "objective": "objective",
    "status": "status",
    "reason": "status_reason",
    "on": "status",
    "starts_on": "starts_on",
    "ends_on": "ends_on",
    "visibility": "visibility",
    "restricted_to": "visibility",
    "pilots": "pilots",
    "organisation": "partners",
    "publics": "publics",
    "places": "places",
    "public_precision": "public_precision",
    "summary": "summary",
    "constat": "constat",
    "goals": "goals",
}
TEXT_FIELDS = ("title", "public_precision", "summary", "constat", "goals")
# Columns the export adds for reading (kept by the services or the fiche's follow-up), that
# an import recognises and leaves alone.
READ_ONLY_COLUMNS: dict[str, str] = {
    "progress": "Avancement (%)",
    "late": "Retard",
    "referents": "Personnes référentes",
    "indicators": "Indicateurs (dernière valeur)",
    "budget_total": "Financements (€)",
    "budget": "Financements par financeur et année",
}
EXPORT_HEADERS = [*COLUMNS.values(), *READ_ONLY_COLUMNS.values()]


# --------------------------------------------------------------------------- export


def export_queryset(qs: QuerySet[Action]) -> QuerySet[Action]:
    latest_change = StatusChange.objects.order_by("-changed_on", "-id")
    return qs.select_related("objective__axis").prefetch_related(
        "pilots",
        "places",
        "publics",
        Prefetch("referents", queryset=User.objects.order_by("full_name", "pk")),
        Prefetch("indicators", queryset=Indicator.objects.order_by("id")),
        Prefetch(
            "means",
            queryset=MeansLine.objects.filter(kind=MeansLine.Kind.BUDGET)
            .select_related("organisation")
            .order_by("year", "id"),
            to_attr="budget_lines",
        ),
        Prefetch(
            "partner_links",
            queryset=ActionPartner.objects.select_related("organisation").order_by(
                "organisation__name"
            ),
        ),
        Prefetch("status_changes", queryset=latest_change),
    )


def _partner_cell(link: ActionPartner) -> str:
    return f"{link.organisation.name} : {link.role}" if link.role else link.organisation.name


def _late_cell(action: Action, today: datetime.date) -> str:
    late = getattr(action, "is_late", None)
    late = action.is_late_on(today) if late is None else late
    with_milestone = getattr(action, "has_late_milestone", False)
    parts = []
    if late:
        parts.append(_("fin prévue dépassée"))
    if with_milestone:
        parts.append(_("jalon en retard"))
    return ", ".join(parts)


def _indicator_cell(indicator: Indicator) -> str:
    if indicator.latest_value is None:
        return _("%(name)s : pas de mesure") % {"name": indicator.name}
    value = french_number(Decimal(indicator.latest_value))
    when = indicator.latest_on.strftime("%d/%m/%Y") if indicator.latest_on else ""
    return f"{indicator.name} : {value} {indicator.unit}" + (f" ({when})" if when else "")


def _budget_cells(action: Action) -> tuple[Decimal | None, str]:
    lines = getattr(action, "budget_lines", None)
    if lines is None:
        lines = list(action.means.filter(kind=MeansLine.Kind.BUDGET))
    amounts = [line.amount for line in lines if line.amount is not None]
    total = sum(amounts, Decimal(0)) if amounts else None
    detail = tabular.join_list(
        f"{line.contributor} {line.year or ''} : {french_number(Decimal(line.amount))} €".replace(
            "  ", " "
        )
        for line in lines
        if line.amount is not None
    )
    return total, detail


def row_of(
    action: Action, *, people: bool = False, today: datetime.date | None = None
) -> list[Any]:
    """One line of the export: the columns an import reads back, then the read-only ones
    (the referents' names only for ``people``: partner-level readers, as on the page)."""
    day = today or timezone.localdate()
    total, detail = _budget_cells(action)
    return [
        *_fiche_cells(action),
        action.progress,
        _late_cell(action, day),
        tabular.join_list(u.full_name for u in action.referents.all()) if people else "",
        tabular.join_list(_indicator_cell(i) for i in action.indicators.all()),
        total,
        detail,
    ]


def _fiche_cells(action: Action) -> list[Any]:
    changes = list(action.status_changes.all())
    objective = action.objective
    return [
        action.code,
        action.title,
        objective.axis.number if objective else None,
        objective.code if objective else "",
        str(action.get_status_display()),
        changes[0].reason if changes else "",
        action.starts_on,
        action.ends_on,
        str(action.get_visibility_display()),
        tabular.join_list(sorted(o.name for o in action.pilots.all())),
        tabular.join_list(_partner_cell(link) for link in action.partner_links.all()),
        tabular.join_list(public_label(p.public) for p in action.publics.all()),
        action.public_precision,
        tabular.join_list(sorted(g.name for g in action.places.all())),
        action.summary,
        action.constat,
        action.goals,
    ]


def export_rows(qs: QuerySet[Action], *, people: bool = False) -> list[list[Any]]:
    today = timezone.localdate()
    return [row_of(action, people=people, today=today) for action in export_queryset(qs)]


# --------------------------------------------------------------------------- import


@dataclass
class Lookups:
    """Everything a file may name, loaded once."""

    actions: dict[str, Action]
    organisations: dict[str, Organisation]
    places: dict[str, GeoUnit]
    objectives: list[Objective]

    @classmethod
    def load(cls, user: Any, territory: Territory, codes: list[str]) -> Lookups:
        actions = {
            a.code: a
            for a in export_queryset(
                access.visible(user, Action.objects.filter(territory=territory, code__in=codes))
            )
        }
        organisations: dict[str, Organisation] = {}
        for org in Organisation.objects.partners_of(territory):
            organisations.setdefault(fold(org.name), org)
            if org.acronym:
                organisations.setdefault(fold(org.acronym), org)
        places: dict[str, GeoUnit] = {}
        for unit in GeoUnit.objects.filter(territory=territory):
            places.setdefault(fold(unit.name), unit)
            places.setdefault(fold(unit.code), unit)
        objectives = list(
            Objective.objects.filter(axis__territory=territory).select_related("axis")
        )
        return cls(actions, organisations, places, objectives)


@dataclass
class Plan:
    """What one row asks for."""

    line: int
    action: Action
    fields: dict[str, Any] = field(default_factory=dict)
    partners: dict[int, tuple[Organisation, str]] | None = None
    status: str | None = None
    status_reason: str = ""
    changes: list[FieldChange] = field(default_factory=list)


_STATUSES = {fold(str(label)): value for value, label in Action.Status.choices} | {
    fold(value): value for value in Action.Status.values
}
_VISIBILITIES = {fold(str(label)): value for value, label in Visibility.choices} | {
    fold(value): value for value in Visibility.values
}


class RowReader:
    def __init__(self, locator: Locator, lookups: Lookups, line: int) -> None:
        self.locator = locator
        self.lookups = lookups
        self.line = line
        self.problems: list[Problem] = []

    def error(self, key: str | None, message: str) -> None:
        self.problems.append(self.locator.problem(self.line, key, message))

    def date(self, values: dict[str, Any], key: str) -> datetime.date | None:
        try:
            return tabular.parse_date(values.get(key))
        except ValueError as exc:
            self.error(key, str(exc))
            return None

    def organisations(self, names: list[str], key: str) -> list[Organisation]:
        found, unknown = [], []
        for name in names:
            org = self.lookups.organisations.get(fold(name))
            if org is None:
                unknown.append(name)
            else:
                found.append(org)
        if unknown:
            self.error(
                key,
                _("organisations inconnues (elles doivent être partenaires du territoire) : %s.")
                % ", ".join(f"« {n} »" for n in unknown),
            )
        return found


def _display_list(items: list[str]) -> str:
    return tabular.join_list(items)


def _plan_row(
    row: tabular.Row, locator: Locator, lookups: Lookups, user: Any, present: set[str]
) -> tuple[Plan | None, list[Problem]]:
    reader = RowReader(locator, lookups, row.line)
    values = row.values
    code = tabular.parse_text(values.get("code"))
    action = lookups.actions.get(code)
    if action is None:
        reader.error("code", _("aucune fiche de code « %s » dans ce territoire.") % code)
        return None, reader.problems
    if not access.can(user, "change", action):
        reader.error("code", _("vous ne pouvez pas modifier la fiche « %s ».") % code)
        return None, reader.problems
    plan = Plan(row.line, action)

    def change(label: str, old: str, new: str) -> None:
        plan.changes.append(FieldChange(label, old, new))

    for name in TEXT_FIELDS:
        if name not in present:
            continue
        new = tabular.parse_text(values.get(name))
        if name == "title" and not new:
            reader.error(name, _("l’intitulé est obligatoire."))
            continue
        old = getattr(action, name)
        if new != old.strip():
            plan.fields[name] = new
            change(COLUMNS[name], old, new)

    if "objective" in present:
        objective_code = tabular.parse_text(values.get("objective"))
        axis_text = tabular.parse_text(values.get("axis")) if "axis" in present else ""
        objective = None
        if objective_code:
            candidates = [
                o
                for o in lookups.objectives
                if fold(o.code) == fold(objective_code)
                and (not axis_text or str(o.axis.number) == axis_text)
            ]
            if len(candidates) == 1:
                objective = candidates[0]
            elif not candidates:
                reader.error(
                    "objective",
                    _("aucun objectif « %(code)s »%(axis)s.")
                    % {
                        "code": objective_code,
                        "axis": (_(" dans l’axe %s") % axis_text) if axis_text else "",
                    },
                )
            else:
                reader.error("axis", _("précisez l’axe : plusieurs objectifs ont ce code."))
        elif axis_text:
            reader.error("objective", _("indiquez l’objectif de l’axe %s.") % axis_text)
        if not reader.problems and objective != action.objective:
            plan.fields["objective"] = objective
            change(
                COLUMNS["objective"],
                str(action.objective or ""),
                str(objective or ""),
            )

    starts_on = action.starts_on
    ends_on = action.ends_on
    for name in ("starts_on", "ends_on"):
        if name not in present:
            continue
        new_date = reader.date(values, name)
        if name == "starts_on":
            starts_on = new_date
        else:
            ends_on = new_date
        if new_date != getattr(action, name):
            plan.fields[name] = new_date
            change(
                COLUMNS[name],
                tabular.parse_text(getattr(action, name)),
                tabular.parse_text(new_date),
            )
    if starts_on and ends_on and ends_on < starts_on:
        reader.error(
            "ends_on" if "ends_on" in present else "starts_on",
            _("la fin (%(end)s) précède le début (%(start)s).")
            % {"end": f"{ends_on:%d/%m/%Y}", "start": f"{starts_on:%d/%m/%Y}"},
        )

    if "status" in present:
        text = tabular.parse_text(values.get("status"))
        status = _STATUSES.get(fold(text))
        if status is None:
            reader.error(
                "status",
                _("« %(value)s » n’est pas un état (attendu : %(choices)s).")
                % {
                    "value": text,
                    "choices": ", ".join(str(label) for _v, label in Action.Status.choices),
                },
            )
        elif status != action.status:
            plan.status = status
            change(
                COLUMNS["status"],
                str(action.get_status_display()),
                str(Action.Status(status).label),
            )
            reason = tabular.parse_text(values.get("status_reason"))
            changes = list(action.status_changes.all())
            previous = changes[0].reason if changes else ""
            plan.status_reason = reason if reason and reason != previous else ""

    if "visibility" in present:
        text = tabular.parse_text(values.get("visibility"))
        visibility = _VISIBILITIES.get(fold(text))
        if visibility is None:
            reader.error(
                "visibility",
                _("« %(value)s » n’est pas une visibilité (attendu : %(choices)s).")
                % {
                    "value": text,
                    "choices": ", ".join(str(label) for _v, label in Visibility.choices),
                },
            )
        elif visibility != action.visibility:
            plan.fields["visibility"] = visibility
            change(
                COLUMNS["visibility"],
                str(action.get_visibility_display()),
                str(Visibility(visibility).label),
            )

    pilots: list[Organisation] = list(action.pilots.all())
    if "pilots" in present:
        pilots = reader.organisations(tabular.parse_list(values.get("pilots")), "pilots")
        old_names = sorted(o.name for o in action.pilots.all())
        new_names = sorted(o.name for o in pilots)
        if old_names != new_names:
            plan.fields["pilots"] = pilots
            change(COLUMNS["pilots"], _display_list(old_names), _display_list(new_names))

    if "partners" in present:
        wanted: dict[int, tuple[Organisation, str]] = {}
        for item in tabular.parse_list(values.get("partners")):
            name, _sep, role = item.partition(" : ") if " : " in item else item.partition(":")
            orgs = reader.organisations([name.strip()], "partners")
            if orgs:
                wanted[orgs[0].pk] = (orgs[0], role.strip())
        clash = [o.name for o in pilots if o.pk in wanted]
        if clash:
            reader.error(
                "partners",
                _("une organisation ne peut être à la fois pilote et partenaire : %s.")
                % ", ".join(clash),
            )
        current = {
            link.organisation_id: (link.organisation, link.role)
            for link in action.partner_links.all()
        }
        if {k: v[1] for k, v in current.items()} != {k: v[1] for k, v in wanted.items()}:
            plan.partners = wanted
            change(
                COLUMNS["partners"],
                _display_list(
                    sorted(f"{o.name} : {r}" if r else o.name for o, r in current.values())
                ),
                _display_list(
                    sorted(f"{o.name} : {r}" if r else o.name for o, r in wanted.values())
                ),
            )

    if "publics" in present:
        publics, unknown = [], []
        for item in tabular.parse_list(values.get("publics")):
            value = public_from_text(item)
            if value is None:
                unknown.append(item)
            else:
                publics.append(value)
        if unknown:
            reader.error(
                "publics",
                _("publics inconnus de data·inclusion : %s.")
                % ", ".join(f"« {n} »" for n in unknown),
            )
        old = [p.public for p in action.publics.all()]
        if sorted(set(publics)) != sorted(old):
            plan.fields["publics"] = list(dict.fromkeys(publics))
            change(
                COLUMNS["publics"],
                _display_list([public_label(p) for p in old]),
                _display_list([public_label(p) for p in dict.fromkeys(publics)]),
            )

    if "places" in present:
        places, unknown = [], []
        for item in tabular.parse_list(values.get("places")):
            unit = lookups.places.get(fold(item))
            if unit is None:
                unknown.append(item)
            else:
                places.append(unit)
        if unknown:
            reader.error(
                "places",
                _("lieux inconnus du territoire : %s.") % ", ".join(f"« {n} »" for n in unknown),
            )
        old_names = sorted(g.name for g in action.places.all())
        new_names = sorted(g.name for g in places)
        if old_names != new_names:
            plan.fields["places"] = places
            change(COLUMNS["places"], _display_list(old_names), _display_list(new_names))

    return (None if reader.problems else plan), reader.problems


@dataclass
class ActionImport:
    report: Report
    plans: list[Plan]


def read(
    data: bytes, filename: str, *, user: Any, territory: Territory, prove: bool = True
) -> ActionImport:
    """Read the file and work out every change it asks for, touching nothing. With
    ``prove``, also apply it in a transaction that is then undone, to catch what only the
    services check."""
    report = Report()
    try:
        table = tabular.read_table(data, filename, COLUMNS)
    except tabular.TableError as exc:
        report.problems.append(Problem(None, None, str(exc)))
        return ActionImport(report, [])
    locator = Locator(table, COLUMNS)
    read_only = {fold(header) for header in READ_ONLY_COLUMNS.values()}
    report.ignored_columns = [h for h in table.ignored if fold(h) not in read_only]
    present = set(table.columns)
    if "code" not in present:
        report.problems.append(
            Problem(
                1,
                COLUMNS["code"],
                _("la colonne « Code » est obligatoire : elle relie chaque ligne à sa fiche."),
            )
        )
        return ActionImport(report, [])
    report.missing_columns = [header for key, header in COLUMNS.items() if key not in present]
    codes = [tabular.parse_text(row.values.get("code")) for row in table.rows]
    lookups = Lookups.load(user, territory, [c for c in codes if c])
    seen: dict[str, int] = {}
    plans = []
    for row, code in zip(table.rows, codes, strict=True):
        if not code:
            report.problems.append(locator.problem(row.line, "code", _("le code est vide.")))
            continue
        if code in seen:
            report.problems.append(
                locator.problem(
                    row.line,
                    "code",
                    _("le code « %(code)s » figure déjà ligne %(line)d.")
                    % {"code": code, "line": seen[code]},
                )
            )
            continue
        seen[code] = row.line
        plan, problems = _plan_row(row, locator, lookups, user, present)
        report.problems.extend(problems)
        if plan is None:
            continue
        if plan.changes:
            plans.append(plan)
            report.changes.append(
                RowChange(plan.line, plan.action.code, plan.action.title, "update", plan.changes)
            )
        else:
            report.unchanged += 1
    if prove and report.ok and plans:
        # Prove the file applies (dates, visibility rules…) by applying it and undoing it.
        report.problems.extend(run(lambda: _apply(plans, user, filename, locator), dry_run=True))
    return ActionImport(report, plans)


def _apply(plans: list[Plan], user: Any, filename: str, locator: Locator) -> list[Problem]:
    problems: list[Problem] = []
    for plan in plans:
        try:
            with transaction.atomic():
                _apply_one(plan, user, filename)
        except ValidationError as exc:
            for name, message in validation_messages(exc):
                problems.append(locator.problem(plan.line, FIELD_COLUMNS.get(name or ""), message))
    return problems


def _apply_one(plan: Plan, user: Any, filename: str) -> None:
    action = Action.objects.select_related("territory", "objective__axis").get(pk=plan.action.pk)
    note = _("Import de « %s »") % filename
    if plan.fields:
        services.update_action(actor=user, action=action, note=note, **plan.fields)
    if plan.partners is not None:
        current = {link.organisation_id: link for link in action.partner_links.all()}
        for org_id, link in current.items():
            if org_id not in plan.partners:
                services.remove_partner(actor=user, link=link)
        for org_id, (organisation, role) in plan.partners.items():
            if org_id not in current:
                services.add_partner(
                    actor=user, action=action, organisation=organisation, role=role
                )
            elif current[org_id].role != role:
                services.update_partner(actor=user, link=current[org_id], role=role)
    if plan.status is not None:
        services.change_status(
            actor=user,
            action=action,
            status=plan.status,
            reason=plan.status_reason or _("Changement importé depuis « %s ».") % filename,
        )


def apply(data: bytes, filename: str, *, user: Any, territory: Territory) -> Report:
    """Apply the whole file, or nothing of it."""
    result = read(data, filename, user=user, territory=territory, prove=False)
    if not result.report.ok:
        return result.report
    locator = Locator(tabular.read_table(data, filename, COLUMNS), COLUMNS)
    result.report.problems.extend(
        run(lambda: _apply(result.plans, user, filename, locator), dry_run=False)
    )
    return result.report

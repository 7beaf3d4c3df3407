"""Writes on fiches actions: create, edit, change status, partners, means. Each service is
atomic, validates with full_clean(), writes one audit entry and a new version of the fiche."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.core.roles import Visibility
from maillage.programme import history
from maillage.programme.models import (
    Action,
    ActionPartner,
    ActionPublic,
    InspiringModel,
    MeansLine,
    Objective,
    StatusChange,
)
from maillage.programme.publics import is_public
from maillage.programme.services import checks
from maillage.territories.models import GeoUnit, Organisation, Territory

# Plain fields update_action may change; lists are handled apart.
SIMPLE_FIELDS = (
    "objective",
    "code",
    "title",
    "summary",
    "constat",
    "goals",
    "public_precision",
    "starts_on",
    "ends_on",
    "visibility",
)
LIST_FIELDS = ("publics", "places", "pilots", "referents", "related", "restricted_to")


def next_draft_code(territory: Territory) -> str:
    """A code for an action created before it has its place in the programme."""
    taken = set(
        Action.objects.filter(territory=territory, code__startswith="NOUV-").values_list(
            "code", flat=True
        )
    )
    number = 1
    while f"NOUV-{number}" in taken:
        number += 1
    return f"NOUV-{number}"


def _today() -> datetime.date:
    return timezone.localdate()


def _check_date(on: datetime.date | None) -> datetime.date:
    today = _today()
    if on is None:
        return today
    if on > today:
        raise ValidationError({"on": _("La date ne peut pas être dans le futur.")})
    return on


def _record(
    *, actor: Any, action: Action, verb: str, before: dict | None, on: datetime.date, note: str = ""
) -> None:
    """The version and the audit entry every write on a fiche leaves behind."""
    version = history.record(action=action, actor=actor, on=on, note=note)
    after = version.data if version is not None else history.snapshot(action)
    changes = {
        name: [
            history.display(name, (before or {}).get(name)) or None,
            history.display(name, after.get(name)) or None,
        ]
        for name in history.changed_fields(before, after)
    }
    audit.record(actor=actor, action=verb, obj=action, territory=action.territory, changes=changes)


def _check_code(action: Action) -> None:
    clash = Action.objects.filter(territory_id=action.territory_id, code=action.code)
    if action.pk:
        clash = clash.exclude(pk=action.pk)
    if action.code and clash.exists():
        raise ValidationError(
            {"code": _("Une autre fiche porte déjà le code « %s ».") % action.code}
        )


def _set_lists(action: Action, lists: dict[str, Any]) -> None:
    territory = action.territory
    if "publics" in lists:
        values = list(dict.fromkeys(lists["publics"] or []))
        unknown = [v for v in values if not is_public(v)]
        if unknown:
            raise ValidationError(
                {"publics": _("Ces publics n’existent pas : %s.") % ", ".join(unknown)}
            )
        action.publics.exclude(public__in=values).delete()
        existing = set(action.publics.values_list("public", flat=True))
        ActionPublic.objects.bulk_create(
            [ActionPublic(action=action, public=v) for v in values if v not in existing]
        )
    if "places" in lists:
        action.places.set(checks.places(territory, lists["places"] or []))
    if "pilots" in lists:
        pilots = checks.partner_organisations(territory, lists["pilots"] or [], "pilots")
        clash = action.partner_links.filter(organisation__in=pilots).select_related("organisation")
        if clash:
            raise ValidationError(
                {
                    "pilots": _("Déjà partenaires de l’action (retirez-les d’abord) : %s.")
                    % ", ".join(link.organisation.name for link in clash)
                }
            )
        action.pilots.set(pilots)
    if "referents" in lists:
        action.referents.set(checks.referents(territory, lists["referents"] or []))
    if "related" in lists:
        related = list(lists["related"] or [])
        if any(a.territory_id != territory.pk or a.pk == action.pk for a in related):
            raise ValidationError(
                {"related": _("Une action liée est une autre action du même territoire.")}
            )
        action.related.set(related)
    if "restricted_to" in lists:
        action.restricted_to.set(
            checks.partner_organisations(territory, lists["restricted_to"] or [], "restricted_to")
        )
    if action.visibility == Visibility.RESTRICTED and not action.restricted_to.exists():
        raise ValidationError(
            {"restricted_to": _("Une fiche restreinte nomme les organisations qui la lisent.")}
        )


@transaction.atomic
def create_action(
    *,
    actor: Any,
    territory: Territory,
    title: str,
    code: str = "",
    objective: Objective | None = None,
    summary: str = "",
    status: str = Action.Status.IDEA,
    visibility: str = Visibility.PARTNERS,
    pilots: list[Organisation] | None = None,
    constat: str = "",
    goals: str = "",
    publics: list[str] | None = None,
    public_precision: str = "",
    places: list[GeoUnit] | None = None,
    referents: list[Any] | None = None,
    related: list[Action] | None = None,
    restricted_to: list[Organisation] | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    on: datetime.date | None = None,
    inspired_by: InspiringModel | None = None,
) -> Action:
    """A new fiche. ``on`` dates its first version, for a fiche adopted before it was
    entered here (the document-cadre of 2014, say). ``inspired_by``: the fiche inspirante
    it is copied from (``services.inspiring.copy_model``), whose attribution is frozen on
    the new fiche."""
    effective = _check_date(on)
    source = inspired_by.action if inspired_by is not None else None
    action = Action(
        inspired_by=inspired_by,
        inspired_by_title=source.title if source is not None else "",
        inspired_by_territory=source.territory.name if source is not None else "",
        territory=territory,
        objective=objective,
        code=(code or "").strip() or next_draft_code(territory),
        title=(title or "").strip(),
        summary=summary,
        constat=constat,
        goals=goals,
        public_precision=public_precision,
        status=status,
        visibility=visibility,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    _check_code(action)
    action.full_clean()
    action.save()
    _set_lists(
        action,
        {
            "publics": publics or [],
            "places": places or [],
            "pilots": pilots or [],
            "referents": referents or [],
            "related": related or [],
            "restricted_to": restricted_to or [],
        },
    )
    _record(actor=actor, action=action, verb="action.create", before=None, on=effective)
    return action


@transaction.atomic
def update_action(
    *, actor: Any, action: Action, on: datetime.date | None = None, note: str = "", **fields: Any
) -> Action:
    """Change a fiche's fields (not its status: see ``change_status``). ``fields`` are among
    SIMPLE_FIELDS and LIST_FIELDS; those not given stay as they are."""
    unknown = set(fields) - set(SIMPLE_FIELDS) - set(LIST_FIELDS)
    if unknown:
        raise TypeError(f"update_action() got unexpected fields {sorted(unknown)}")
    effective = _check_date(on)
    before = history.snapshot(action)
    for name in SIMPLE_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(action, name, value.strip() if isinstance(value, str) else value)
    _check_code(action)
    action.full_clean()
    # Only the fiche's own fields: progress is kept by the indicator services, and this
    # instance may hold an older value of it.
    action.save(update_fields=[*SIMPLE_FIELDS, "search_text", "sort_key", "updated_at"])
    _set_lists(action, {name: fields[name] for name in LIST_FIELDS if name in fields})
    _record(
        actor=actor, action=action, verb="action.update", before=before, on=effective, note=note
    )
    return action


@transaction.atomic
def change_status(
    *,
    actor: Any,
    action: Action,
    status: str,
    reason: str,
    on: datetime.date | None = None,
) -> StatusChange:
    """Move an action to ``status``, with the dated reason the coordinator will read later."""
    if status not in Action.Status.values:
        raise ValidationError({"status": _("Cet état n’existe pas.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Indiquez le motif du changement d’état.")})
    if status == action.status:
        raise ValidationError({"status": _("L’action est déjà dans cet état.")})
    changed_on = _check_date(on)
    before = history.snapshot(action)
    change = StatusChange(
        action=action,
        from_status=action.status,
        to_status=status,
        reason=reason.strip(),
        changed_on=changed_on,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    change.full_clean()
    change.save()
    action.status = status
    action.save(update_fields=["status", "updated_at"])
    _record(
        actor=actor,
        action=action,
        verb="action.change_status",
        before=before,
        on=changed_on,
        note=change.reason,
    )
    return change


# --------------------------------------------------------------------------- partners


@transaction.atomic
def add_partner(
    *, actor: Any, action: Action, organisation: Organisation, role: str = ""
) -> ActionPartner:
    checks.partner_organisations(action.territory, [organisation], "organisation")
    if action.pilots.filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": _("Cette organisation pilote déjà l’action.")})
    if action.partner_links.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": _("Cette organisation est déjà partenaire.")})
    before = history.snapshot(action)
    link = ActionPartner(action=action, organisation=organisation, role=(role or "").strip())
    link.full_clean()
    link.save()
    _record(actor=actor, action=action, verb="action.add_partner", before=before, on=_today())
    return link


@transaction.atomic
def update_partner(*, actor: Any, link: ActionPartner, role: str) -> ActionPartner:
    action = link.action
    before = history.snapshot(action)
    link.role = (role or "").strip()
    link.full_clean()
    link.save()
    _record(actor=actor, action=action, verb="action.update_partner", before=before, on=_today())
    return link


@transaction.atomic
def remove_partner(*, actor: Any, link: ActionPartner) -> None:
    action = link.action
    before = history.snapshot(action)
    link.delete()
    _record(actor=actor, action=action, verb="action.remove_partner", before=before, on=_today())


# --------------------------------------------------------------------------- means


@transaction.atomic
def add_means(
    *,
    actor: Any,
    action: Action,
    kind: str,
    organisation: Organisation | None = None,
    contributor_name: str = "",
    year: int | None = None,
    amount: Decimal | None = None,
    description: str = "",
) -> MeansLine:
    if organisation is not None:
        checks.partner_organisations(action.territory, [organisation], "organisation")
    before = history.snapshot(action)
    line = MeansLine(
        action=action,
        kind=kind,
        organisation=organisation,
        contributor_name=(contributor_name or "").strip(),
        year=year,
        amount=amount,
        description=(description or "").strip(),
    )
    line.full_clean()
    line.save()
    _record(actor=actor, action=action, verb="action.add_means", before=before, on=_today())
    return line


@transaction.atomic
def remove_means(*, actor: Any, line: MeansLine) -> None:
    action = line.action
    before = history.snapshot(action)
    line.delete()
    _record(actor=actor, action=action, verb="action.remove_means", before=before, on=_today())

"""Writes on the frame of the programme: axes and objectives (the coordinator's job)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.programme.models import Axis, Objective
from maillage.territories.models import Territory

AXIS_FIELDS = ("number", "short_name", "title", "colour", "description")
OBJECTIVE_FIELDS = ("axis", "code", "title", "description")


def _check_axis_number(axis: Axis) -> None:
    clash = Axis.objects.filter(territory_id=axis.territory_id, number=axis.number)
    if axis.pk:
        clash = clash.exclude(pk=axis.pk)
    if clash.exists():
        raise ValidationError({"number": _("Un autre axe porte déjà le numéro %s.") % axis.number})


def _check_objective_code(objective: Objective) -> None:
    clash = Objective.objects.filter(axis_id=objective.axis_id, code=objective.code)
    if objective.pk:
        clash = clash.exclude(pk=objective.pk)
    if clash.exists():
        raise ValidationError(
            {"code": _("Cet axe a déjà un objectif de code « %s ».") % objective.code}
        )


@transaction.atomic
def create_axis(
    *,
    actor: Any,
    territory: Territory,
    number: int,
    short_name: str,
    title: str,
    colour: str = "#000091",
    description: str = "",
) -> Axis:
    axis = Axis(
        territory=territory,
        number=number,
        short_name=short_name.strip(),
        title=title.strip(),
        colour=colour,
        description=description,
    )
    _check_axis_number(axis)
    axis.full_clean()
    axis.save()
    audit.record(
        actor=actor,
        action="axis.create",
        obj=axis,
        territory=territory,
        changes=audit.diff({}, audit.snapshot(axis, AXIS_FIELDS)),
    )
    return axis


@transaction.atomic
def update_axis(*, actor: Any, axis: Axis, **fields: Any) -> Axis:
    unknown = set(fields) - set(AXIS_FIELDS)
    if unknown:
        raise TypeError(f"update_axis() got unexpected fields {sorted(unknown)}")
    before = audit.snapshot(axis, AXIS_FIELDS)
    for name, value in fields.items():
        setattr(axis, name, value.strip() if isinstance(value, str) else value)
    _check_axis_number(axis)
    axis.full_clean()
    axis.save()
    audit.record(
        actor=actor,
        action="axis.update",
        obj=axis,
        territory=axis.territory,
        changes=audit.diff(before, audit.snapshot(axis, AXIS_FIELDS)),
    )
    return axis


@transaction.atomic
def delete_axis(*, actor: Any, axis: Axis) -> None:
    if axis.objectives.exists():
        raise ValidationError(_("Cet axe a des objectifs : supprimez-les ou déplacez-les d’abord."))
    audit.record(
        actor=actor,
        action="axis.delete",
        obj=axis,
        territory=axis.territory,
        changes=audit.diff(audit.snapshot(axis, AXIS_FIELDS), {}),
    )
    axis.delete()


@transaction.atomic
def create_objective(
    *, actor: Any, axis: Axis, code: str, title: str, description: str = ""
) -> Objective:
    objective = Objective(
        axis=axis, code=code.strip(), title=title.strip(), description=description
    )
    _check_objective_code(objective)
    objective.full_clean()
    objective.save()
    audit.record(
        actor=actor,
        action="objective.create",
        obj=objective,
        territory=axis.territory,
        changes=audit.diff({}, audit.snapshot(objective, OBJECTIVE_FIELDS)),
    )
    return objective


@transaction.atomic
def update_objective(*, actor: Any, objective: Objective, **fields: Any) -> Objective:
    unknown = set(fields) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise TypeError(f"update_objective() got unexpected fields {sorted(unknown)}")
    if "axis" in fields and fields["axis"].territory_id != objective.axis.territory_id:
        raise ValidationError({"axis": _("Cet axe appartient à un autre territoire.")})
    before = audit.snapshot(objective, OBJECTIVE_FIELDS)
    for name, value in fields.items():
        setattr(objective, name, value.strip() if isinstance(value, str) else value)
    _check_objective_code(objective)
    objective.full_clean()
    objective.save()
    audit.record(
        actor=actor,
        action="objective.update",
        obj=objective,
        territory=objective.axis.territory,
        changes=audit.diff(before, audit.snapshot(objective, OBJECTIVE_FIELDS)),
    )
    return objective


@transaction.atomic
def delete_objective(*, actor: Any, objective: Objective) -> None:
    if objective.actions.exists():
        raise ValidationError(
            _("Des fiches actions relèvent de cet objectif : rattachez-les ailleurs d’abord.")
        )
    audit.record(
        actor=actor,
        action="objective.delete",
        obj=objective,
        territory=objective.axis.territory,
        changes=audit.diff(audit.snapshot(objective, OBJECTIVE_FIELDS), {}),
    )
    objective.delete()


@transaction.atomic
def copy_structure(*, actor: Any, source: Territory, target: Territory) -> dict[int, Axis]:
    """Copy ``source``'s frame into ``target``: its axes and their objectives (numbers,
    codes, titles, colours, descriptions), never a fiche action nor anything hanging from
    one. Refused when ``target`` already has a programme. Answers the new axes by the
    source axis' id, for the capabilities whose structure points at an axis."""
    if source.pk == target.pk:
        raise ValidationError(_("Choisissez le programme d’un autre territoire."))
    if Axis.objects.filter(territory=target).exists():
        raise ValidationError(
            _(
                "%s a déjà un programme (des axes) : la structure d’un autre projet ne se "
                "copie que dans un territoire qui n’en a pas encore."
            )
            % target.name
        )
    copies: dict[int, Axis] = {}
    for axis in Axis.objects.filter(territory=source).prefetch_related("objectives"):
        copy = create_axis(
            actor=actor,
            territory=target,
            number=axis.number,
            short_name=axis.short_name,
            title=axis.title,
            colour=axis.colour,
            description=axis.description,
        )
        for objective in axis.objectives.all():
            create_objective(
                actor=actor,
                axis=copy,
                code=objective.code,
                title=objective.title,
                description=objective.description,
            )
        copies[axis.pk] = copy
    return copies

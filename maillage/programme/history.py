"""Versions of a fiche: what a version holds, the difference between two, and the
programme as it stood on a date.

A version stores the fiche as its readers saw it (names and labels rather than ids), so an
old version still reads right after an organisation is renamed or an objective recoded."""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from maillage.core import access
from maillage.programme.models import Action, ActionVersion, natural_key
from maillage.programme.publics import public_label

# The fields of a version, in the order a fiche reads.
FIELDS: dict[str, Any] = {
    "code": _("Code"),
    "title": _("Intitulé"),
    "objective": _("Objectif"),
    "status": _("État"),
    "visibility": _("Visibilité"),
    "starts_on": _("Début"),
    "ends_on": _("Fin"),
    "summary": _("Résumé"),
    "constat": _("Constat"),
    "goals": _("Objectifs de l’action"),
    "publics": _("Publics visés"),
    "public_precision": _("Précision sur le public"),
    "places": _("Lieux"),
    "pilots": _("Organisations pilotes"),
    "partners": _("Partenaires"),
    "referents": _("Personnes référentes"),
    "related": _("Actions liées"),
    "means": _("Moyens"),
    "milestones": _("Jalons"),
    "indicators": _("Indicateurs"),
    "restricted_to": _("Réservée à"),
}
DATE_FIELDS = frozenset({"starts_on", "ends_on"})
LONG_TEXT_FIELDS = frozenset({"summary", "constat", "goals"})


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _fr_date(value: str | None) -> str:
    if not value:
        return ""
    return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")


def _number(value: Any) -> str:
    if value is None:
        return ""
    text = f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"
    return text.replace(".", ",")


def snapshot(action: Action) -> dict[str, Any]:
    """The fiche as it is now, read fresh from the database."""
    objective = action.objective
    axis = objective.axis if objective else None
    milestones = []
    for m in action.milestones.all():
        parts = [m.title]
        if m.planned_on:
            parts.append(f"prévu le {m.planned_on:%d/%m/%Y}")
        if m.done_on:
            parts.append(f"réalisé le {m.done_on:%d/%m/%Y}")
        milestones.append(" — ".join(parts))
    indicators = []
    for ind in action.indicators.prefetch_related("yearly_targets"):
        text = f"{ind.name} ({ind.unit})"
        if ind.baseline_value is not None and ind.baseline_on:
            text += f", départ {_number(ind.baseline_value)} au {ind.baseline_on:%d/%m/%Y}"
        targets = ", ".join(f"{t.year} : {_number(t.value)}" for t in ind.yearly_targets.all())
        if targets:
            text += f", cibles {targets}"
        indicators.append(text)
    return {
        "code": action.code,
        "title": action.title,
        "objective": f"{objective.code} {objective.title}" if objective else "",
        "status": str(action.get_status_display()),
        "visibility": str(action.get_visibility_display()),
        "starts_on": _date(action.starts_on),
        "ends_on": _date(action.ends_on),
        "summary": action.summary,
        "constat": action.constat,
        "goals": action.goals,
        "publics": [public_label(p.public) for p in action.publics.order_by("id")],
        "public_precision": action.public_precision,
        "places": sorted(g.name for g in action.places.all()),
        "pilots": sorted(o.name for o in action.pilots.all()),
        "partners": [
            f"{link.organisation.name} : {link.role}" if link.role else link.organisation.name
            for link in action.partner_links.select_related("organisation").order_by(
                "organisation__name"
            )
        ],
        "referents": sorted(u.full_name for u in action.referents.all()),
        "related": sorted(f"{a.code} {a.title}" for a in action.related.all()),
        "means": [str(line) for line in action.means.select_related("organisation")],
        "milestones": milestones,
        "indicators": indicators,
        "restricted_to": sorted(o.name for o in action.restricted_to.all()),
        "_meta": {
            "status": action.status,
            "visibility": action.visibility,
            "axis_number": axis.number if axis else None,
            "axis_name": axis.short_name if axis else "",
            "objective_code": objective.code if objective else "",
        },
    }


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    if before is None:
        return [name for name in FIELDS if after.get(name) not in (None, "", [])]
    return [name for name in FIELDS if before.get(name) != after.get(name)]


def record(
    *, action: Action, actor: Any, on: datetime.date, note: str = ""
) -> ActionVersion | None:
    """Write a new version when the fiche differs from its last version. Called by every
    service that changes a fiche, inside its transaction."""
    data = snapshot(action)
    last = action.versions.order_by("-number").first()
    if last is not None and last.data == data:
        return None
    return ActionVersion.objects.create(
        action=action,
        number=(last.number + 1) if last else 1,
        data=data,
        changed_fields=changed_fields(last.data if last else None, data),
        note=note[:255],
        effective_on=on,
        author=actor if getattr(actor, "is_authenticated", False) else None,
    )


# --------------------------------------------------------------------------- reading


def display(name: str, value: Any) -> str:
    """A version's value as a reader sees it."""
    if value is None:
        return ""
    if name in DATE_FIELDS:
        return _fr_date(value)
    if isinstance(value, list):
        return " ; ".join(value)
    return str(value)


@dataclass
class FieldChange:
    name: str
    label: Any
    old: str
    new: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    text_diff: SafeString | None = None


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    """What changed from ``before`` to ``after``, field by field."""
    changes = []
    for name, label in FIELDS.items():
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        change = FieldChange(name, label, display(name, old), display(name, new))
        if isinstance(old, list) or isinstance(new, list):
            old_items, new_items = list(old or []), list(new or [])
            change.added = [item for item in new_items if item not in old_items]
            change.removed = [item for item in old_items if item not in new_items]
        elif name in LONG_TEXT_FIELDS:
            change.text_diff = word_diff(str(old or ""), str(new or ""))
        changes.append(change)
    return changes


def word_diff(old: str, new: str) -> SafeString:
    """The two texts merged, removed words in <del>, added words in <ins>."""
    a, b = old.split(), new.split()
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(parts))


@dataclass
class StoodAction:
    action: Action
    version: ActionVersion

    @property
    def data(self) -> dict[str, Any]:
        return self.version.data

    @property
    def status(self) -> str:
        return str(self.version.data["_meta"]["status"])

    @property
    def status_label(self) -> str:
        return str(self.version.data["status"])


@dataclass
class StoodAxis:
    number: int | None
    name: str
    actions: list[StoodAction]
    counts: dict[str, int]


def as_of(user: Any, territory: Any, on: datetime.date) -> list[StoodAxis]:
    """The programme as it stood at the end of ``on``: each action the user may see today,
    in the version in force on that date, grouped by the axis it belonged to then."""
    latest = (
        ActionVersion.objects.filter(action=OuterRef("pk"), effective_on__lte=on)
        .order_by("-effective_on", "-number")
        .values("pk")[:1]
    )
    actions = list(
        access.visible(user, Action.objects.filter(territory=territory))
        .select_related("territory")
        .annotate(version_id=Subquery(latest))
        .filter(version_id__isnull=False)
    )
    versions = ActionVersion.objects.in_bulk([a.version_id for a in actions])
    groups: dict[tuple[int | None, str], list[StoodAction]] = {}
    for action in actions:
        version = versions[action.version_id]
        meta = version.data["_meta"]
        key = (meta["axis_number"], meta["axis_name"])
        groups.setdefault(key, []).append(StoodAction(action, version))
    result = []
    for (number, name), items in sorted(
        groups.items(), key=lambda pair: (pair[0][0] is None, pair[0][0] or 0)
    ):
        items.sort(
            key=lambda s: (
                natural_key(s.version.data["_meta"]["objective_code"]),
                s.action.sort_key,
            )
        )
        counts: dict[str, int] = {}
        for item in items:
            counts[item.status] = counts.get(item.status, 0) + 1
        result.append(StoodAxis(number, name, items, counts))
    return result

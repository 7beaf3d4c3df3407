"""Reads of bilans: one bilan with what its page shows, the lists, the pre-filled
indicators and means, and the diff between two versions."""

from __future__ import annotations

import datetime
import difflib
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from maillage.core import access
from maillage.core.roles import Role
from maillage.evaluation.models import TEXT_FIELDS, Bilan, BilanVersion, Campaign
from maillage.programme.models import Action, Indicator, MeansLine, Measurement
from maillage.territories.models import Territory


def bilans(user: Any, campaign: Campaign) -> QuerySet[Bilan]:
    return (
        access.visible(user, Bilan.objects.filter(campaign=campaign))
        .select_related("action", "campaign__territory")
        .order_by("action__sort_key", "pk")
    )


def bilan_or_404(user: Any, territory: Territory, pk: int) -> Bilan:
    bilan = access.get_visible_or_404(
        user,
        Bilan.objects.filter(campaign__territory=territory).select_related(
            "campaign__territory", "action__objective__axis", "author"
        ),
        pk=pk,
    )
    assert isinstance(bilan, Bilan)
    return bilan


def to_write(user: Any, territory: Territory) -> list[Bilan]:
    """The bilans of the open campaigns the user may write (the "à rédiger" of the pilots):
    the rule of ``BilanPolicy.can_write`` as one query."""
    actor = access.actor_for(user)
    if Role.PARTNER not in actor.roles_in(territory.pk):
        return []
    orgs = actor.orgs_in(territory.pk)
    if not orgs:
        return []
    waiting = Bilan.objects.filter(
        campaign__territory=territory,
        campaign__state="open",
        state__in=(Bilan.State.TODO, Bilan.State.DRAFT, Bilan.State.RETURNED),
        action_id__in=Action.objects.filter(pilots__in=orgs).values("pk"),
    )
    # Most of the year no campaign is open: one EXISTS then, and the access filter of a
    # bilan (its fiche's, several kB of SQL) is neither built nor compiled.
    return access.listed_if_any(
        user,
        waiting,
        lambda visible: visible.order_by(
            "campaign__bilans_due_on", "action__sort_key"
        ).select_related("action", "campaign__territory")[:50],
    )


def comments(bilan: Bilan) -> list[Any]:
    return list(bilan.comments.select_related("organisation", "author"))


def versions(bilan: Bilan) -> list[BilanVersion]:
    return list(bilan.versions.select_related("author").order_by("-number"))


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def prefill(action: Action, year: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The year's indicators (latest measurement of the year against the year's target)
    and the means planned for the year, from the programme."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    indicators = Indicator.objects.filter(action=action).prefetch_related(
        "yearly_targets",
        Prefetch(
            "measurements",
            queryset=Measurement.objects.filter(measured_on__range=(start, end)).order_by(
                "measured_on", "pk"
            ),
            to_attr="of_year",
        ),
    )
    rows = []
    for indicator in indicators.order_by("pk"):
        target = next((t.value for t in indicator.yearly_targets.all() if t.year == year), None)
        of_year = getattr(indicator, "of_year", [])
        last = of_year[-1] if of_year else None
        rows.append(
            {
                "name": indicator.name,
                "unit": indicator.unit,
                "baseline": _number(indicator.baseline_value),
                "target": _number(target),
                "value": _number(last.value) if last else None,
                "measured_on": last.measured_on.isoformat() if last else None,
            }
        )
    means = []
    for line in (
        MeansLine.objects.filter(action=action)
        .filter(year=year)
        .select_related("organisation")
        .order_by("kind", "pk")
    ):
        who = line.organisation.name if line.organisation else line.contributor_name
        label = " — ".join(filter(None, [str(line.get_kind_display()), who, line.description]))
        means.append(
            {"label": label, "kind": line.kind, "planned": _number(line.amount), "used": ""}
        )
    return rows, means


def _words_diff(old: str, new: str) -> SafeString:
    """Word by word, in ``<del>`` and ``<ins>`` with their words for screen readers."""
    a, b = old.split(), new.split()
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(
                f'<del><span class="fr-sr-only">{escape(_("supprimé :"))} </span>'
                f"{escape(' '.join(a[i1:i2]))}</del>"
            )
        if op in ("insert", "replace"):
            parts.append(
                f'<ins><span class="fr-sr-only">{escape(_("ajouté :"))} </span>'
                f"{escape(' '.join(b[j1:j2]))}</ins>"
            )
    return mark_safe(" ".join(parts))


def _display(value: Any) -> str:
    if isinstance(value, dict):
        return " ; ".join(f"{k} : {v}" for k, v in sorted(value.items()) if v)
    if isinstance(value, list):
        return " ; ".join(
            f"{m.get('label', '')} : {m.get('used') or '—'}" if isinstance(m, dict) else str(m)
            for m in value
        )
    return "" if value is None else str(value)


def diff(bilan: Bilan, old: BilanVersion, new: BilanVersion) -> list[dict[str, Any]]:
    """Field by field: the label, whether it changed, and the word diff."""
    labels: dict[str, Any] = {
        name: getattr(Bilan._meta.get_field(name), "verbose_name", name) for name in TEXT_FIELDS
    }
    labels.update(
        {
            "follow_up": _("Suite proposée"),
            "rating": _("Appréciation de l’avancement"),
            "answers": _("Réponses à la grille"),
            "means": _("Moyens utilisés"),
        }
    )
    rows = []
    for name, label in labels.items():
        before, after = _display(old.data.get(name)), _display(new.data.get(name))
        rows.append(
            {
                "label": label,
                "changed": before != after,
                "diff": _words_diff(before, after),
            }
        )
    return rows


def version_pair(bilan: Bilan, first: str, second: str) -> tuple[BilanVersion, BilanVersion]:
    try:
        a, b = int(first), int(second)
    except ValueError as exc:
        raise Http404 from exc
    found = {v.number: v for v in bilan.versions.filter(number__in=(a, b))}
    if a not in found or b not in found:
        raise Http404
    return found[a], found[b]

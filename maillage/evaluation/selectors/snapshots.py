"""The content of a year's snapshot, built from what the other capabilities hold, and the
reads of frozen snapshots (one year, year N against year N-1)."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

import maillage.evaluation.selectors.questionnaires as questionnaires
from maillage.core import access
from maillage.evaluation.models import (
    SCALES,
    Bilan,
    Campaign,
    PartnershipAnswer,
    ReportEdition,
    Snapshot,
)
from maillage.governance.models import Decision
from maillage.observatory import selectors as observatory
from maillage.participation.models import Contribution
from maillage.programme.models import Indicator, Measurement
from maillage.territories.models import Territory
from maillage.watch.models import Signal

FORMAT = 1


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _latest(indicator: Indicator) -> str | None:
    of_year = getattr(indicator, "of_year", [])
    return _number(of_year[-1].value) if of_year else None


def _programme(campaign: Campaign) -> list[dict[str, Any]]:
    year = campaign.year
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    indicators = Indicator.objects.order_by("pk").prefetch_related(
        "yearly_targets",
        Prefetch(
            "measurements",
            queryset=Measurement.objects.filter(measured_on__range=(start, end)).order_by(
                "measured_on", "pk"
            ),
            to_attr="of_year",
        ),
    )
    actions = (
        campaign.actions.select_related("objective__axis")
        .prefetch_related("pilots", Prefetch("indicators", queryset=indicators))
        .order_by("sort_key", "pk")
    )
    rows = []
    for action in actions:
        axis = action.objective.axis if action.objective else None
        rows.append(
            {
                "code": action.code,
                "title": action.title,
                "axis": f"{axis.number}. {axis.short_name}" if axis else "",
                "status": action.status,
                "status_label": str(action.get_status_display()),
                "visibility": action.visibility,
                "progress": _number(action.progress),
                "pilots": sorted(p.name for p in action.pilots.all()),
                "indicators": [
                    {
                        "name": ind.name,
                        "unit": ind.unit,
                        "target": _number(
                            next(
                                (t.value for t in ind.yearly_targets.all() if t.year == year), None
                            )
                        ),
                        "value": _latest(ind),
                    }
                    for ind in action.indicators.all()
                ],
            }
        )
    return rows


def _bilans(campaign: Campaign) -> list[dict[str, Any]]:
    found = (
        Bilan.objects.filter(campaign=campaign)
        .select_related("action")
        .prefetch_related("comments__organisation")
        .order_by("action__sort_key", "pk")
    )
    return [
        {
            "action": b.action.code,
            "title": b.action.title,
            "state": b.state,
            "state_label": str(b.get_state_display()),
            "achievements": b.achievements,
            "publics_reached": b.publics_reached,
            "difficulties": b.difficulties,
            "levers": b.levers,
            "follow_up": b.follow_up,
            "follow_up_label": str(b.get_follow_up_display()) if b.follow_up else "",
            "follow_up_note": b.follow_up_note,
            "rating": b.rating,
            "answers": b.answers,
            "indicators": b.indicators,
            "means": b.means,
            "late": b.submitted_late,
            "comments": [
                {"organisation": c.organisation.name, "text": c.text, "cosigned": c.cosigned}
                for c in b.comments.all()
            ],
        }
        for b in found
    ]


def _observatory(territory: Territory) -> list[dict[str, Any]]:
    """The key figures as the public reads them: secrecy applied by the observatory."""
    places, rows, names = observatory.portrait(AnonymousUser(), territory)
    found = []
    for row in rows:
        for (figure, reserved), place in zip(row.cells, places, strict=True):
            if figure is None:
                continue
            found.append(
                {
                    "indicator": row.indicator.name,
                    "place": names.get(place, place[1]),
                    "period": figure.period,
                    "status": figure.status,
                    "value": _number(figure.value) if figure.shown else None,
                    "display": figure.display() if figure.shown else str(figure.reason),
                    "reserved": reserved,
                }
            )
    return found


def _decisions(territory: Territory, year: int) -> dict[str, Any]:
    public = access.visible(
        AnonymousUser(), Decision.objects.filter(territory=territory, decided_on__year=year)
    ).select_related("body")
    return {
        "count": Decision.objects.filter(territory=territory, decided_on__year=year).count(),
        "public": [
            {
                "body": d.body.name,
                "number": d.number,
                "decided_on": d.decided_on.isoformat(),
                "text": d.text,
            }
            for d in public.order_by("decided_on", "pk")
        ],
    }


def _counts(queryset: QuerySet[Any], field: str) -> dict[str, int]:
    return {
        str(value): n
        for value, n in queryset.values_list(field).annotate(n=Count("pk")).order_by(field)
    }


def _partnership(user: Any, campaign: Campaign) -> dict[str, Any]:
    answers = PartnershipAnswer.objects.filter(campaign=campaign)
    rows = [r for r in questionnaires.year_over_year(campaign.territory) if r.year == campaign.year]
    return {
        "answers": answers.count(),
        "means": rows[0].means if rows else {name: None for name, _label in SCALES},
        "to_change": [
            {"organisation": a.organisation.name, "text": a.to_change}
            for a in answers.select_related("organisation").order_by("organisation__name")
            if a.to_change
        ],
        "cooperation": questionnaires.cooperation_counts(user, campaign.territory),
    }


def content(user: Any, campaign: Campaign) -> dict[str, Any]:
    """Everything the year's record holds, as plain JSON data."""
    territory = campaign.territory
    year = campaign.year
    signals = Signal.objects.filter(territory=territory, created_at__year=year)
    contributions = Contribution.objects.filter(territory=territory, created_at__year=year)
    programme = _programme(campaign)
    return {
        "format": FORMAT,
        "territory": {"name": territory.name, "slug": territory.slug},
        "year": year,
        "campaign": {
            "calendar": [
                {"step": step, "label": label, "on": on.isoformat() if on else None}
                for step, label, on in campaign.calendar()
            ],
            "questions": campaign.questions,
            "late_policy": campaign.late_policy,
        },
        "programme": programme,
        "statuses": dict(Counter(a["status"] for a in programme)),
        "bilans": _bilans(campaign),
        "observatory": _observatory(territory),
        "decisions": _decisions(territory, year),
        "watch": {"signals": signals.count(), "by_status": _counts(signals, "status")},
        "participation": {
            "contributions": contributions.count(),
            "published": contributions.filter(moderation="published").count(),
            "by_status": _counts(contributions.filter(moderation="published"), "status"),
        },
        "partnership": _partnership(user, campaign),
        # The conférence sociale's proceedings as anyone may read them (None: none held).
        "conference": _conference(territory, year),
    }


def _conference(territory: Territory, year: int) -> dict[str, Any] | None:
    from maillage.evaluation.selectors.conference import proceedings

    result = proceedings(territory, year)
    return result.data if result.conference is not None else None


def snapshots(user: Any, territory: Territory) -> QuerySet[Snapshot]:
    return access.visible(user, Snapshot.objects.filter(territory=territory)).order_by("-year")


def snapshot_or_404(user: Any, territory: Territory, year: int) -> Snapshot:
    snapshot = access.get_visible_or_404(
        user, Snapshot.objects.filter(territory=territory).select_related("territory"), year=year
    )
    assert isinstance(snapshot, Snapshot)
    return snapshot


def summary_snapshot_or_404(territory: Territory, year: int) -> Snapshot:
    """The resident summary is public: any closed year of the territory."""
    snapshot = (
        Snapshot.objects.filter(territory=territory, year=year).select_related("territory").first()
    )
    if snapshot is None:
        raise Http404
    return snapshot


def previous(snapshot: Snapshot) -> Snapshot | None:
    return (
        Snapshot.objects.filter(territory_id=snapshot.territory_id, year__lt=snapshot.year)
        .order_by("-year")
        .first()
    )


def compare(current: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    """Year N against year N-1: fiches whose status changed, came or went; indicators whose
    value changed; counts side by side."""
    now = {a["code"]: a for a in current.get("programme", [])}
    then = {a["code"]: a for a in before.get("programme", [])}
    statuses = []
    indicators = []
    for code in sorted(now.keys() | then.keys()):
        a, b = now.get(code), then.get(code)
        if a is None or b is None or a["status"] != b["status"]:
            statuses.append(
                {
                    "code": code,
                    "title": (a or b or {}).get("title", ""),
                    "before": b["status_label"] if b else None,
                    "after": a["status_label"] if a else None,
                }
            )
        if a is not None and b is not None:
            old = {i["name"]: i for i in b.get("indicators", [])}
            for ind in a.get("indicators", []):
                prior = old.get(ind["name"])
                if prior is not None and prior.get("value") != ind.get("value"):
                    indicators.append(
                        {
                            "code": code,
                            "name": ind["name"],
                            "unit": ind["unit"],
                            "before": prior.get("value"),
                            "after": ind.get("value"),
                        }
                    )

    def count(data: dict[str, Any], *path: str) -> Any:
        value: Any = data
        for key in path:
            value = value.get(key, {}) if isinstance(value, dict) else {}
        return value if not isinstance(value, dict) else None

    counts = [
        (label, count(before, *path), count(current, *path))
        for label, path in (
            ("Fiches évaluées", ("_fiches",)),
            ("Décisions de l’année", ("decisions", "count")),
            ("Signaux de veille", ("watch", "signals")),
            ("Contributions des habitants", ("participation", "contributions")),
            ("Réponses au questionnaire partenarial", ("partnership", "answers")),
            ("Organisations liées (réseau)", ("partnership", "cooperation", "organisations")),
        )
    ]
    counts[0] = (counts[0][0], len(then), len(now))
    return {"statuses": statuses, "indicators": indicators, "counts": counts}


def report_edition(snapshot: Snapshot | None) -> ReportEdition | None:
    """The stored « Bilan annuel » of a snapshot the reader already sees, if asked for."""
    if snapshot is None:
        return None
    return ReportEdition.objects.filter(snapshot=snapshot).first()


def ready_report_or_404(user: Any, snapshot: Snapshot) -> ReportEdition:
    """The year's generated report, through the access engine; 404 until it is ready."""
    edition = access.get_visible_or_404(
        user,
        ReportEdition.objects.filter(state=ReportEdition.State.READY).select_related(
            "snapshot__territory"
        ),
        snapshot=snapshot,
    )
    assert isinstance(edition, ReportEdition)
    return edition

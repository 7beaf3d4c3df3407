"""Programme objects for tests, made through the services users call."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.core.roles import Visibility
from maillage.programme import services
from maillage.programme.models import Action, Axis, Indicator, Objective
from maillage.territories.models import Territory

PDF_BYTES = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def axis(territory: Territory, number: int = 1, **fields: Any) -> Axis:
    existing = Axis.objects.filter(territory=territory, number=number).first()
    if existing:
        return existing
    return services.create_axis(
        actor=None,
        territory=territory,
        number=number,
        short_name=fields.pop("short_name", f"Axe {number}"),
        title=fields.pop("title", f"Intitulé de l’axe {number}"),
        **fields,
    )


def objective(territory: Territory, code: str = "1.1", axis_number: int = 1) -> Objective:
    parent = axis(territory, axis_number)
    existing = Objective.objects.filter(axis=parent, code=code).first()
    if existing:
        return existing
    return services.create_objective(actor=None, axis=parent, code=code, title=f"Objectif {code}")


def action(territory: Territory, code: str = "1.1.1", **fields: Any) -> Action:
    fields.setdefault("title", f"Action {code}")
    fields.setdefault("objective", objective(territory))
    fields.setdefault("visibility", Visibility.PARTNERS)
    return services.create_action(actor=None, territory=territory, code=code, **fields)


def indicator(
    act: Action,
    name: str = "Familles accueillies",
    *,
    baseline: Decimal | None = Decimal(10),
    targets: dict[int, Decimal] | None = None,
    measurements: list[tuple[datetime.date, Decimal]] = (),  # type: ignore[assignment]
) -> Indicator:
    item = services.create_indicator(
        actor=None,
        action=act,
        name=name,
        unit="familles",
        baseline_value=baseline,
        baseline_on=datetime.date(2023, 1, 1) if baseline is not None else None,
        targets=targets if targets is not None else {2025: Decimal(50)},
    )
    for on, value in measurements:
        services.record_measurement(actor=None, indicator=item, measured_on=on, value=value)
    return item


def pdf_upload(name: str = "compte-rendu.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def full_action(
    territory: Territory, partner_org: Any, code: str = "2.1.1", **fields: Any
) -> Action:
    """An action with one of everything: a partner, means, a milestone, a journal entry with
    an attachment, an indicator with a measurement."""
    act = action(territory, code, **fields)
    services.add_partner(actor=None, action=act, organisation=partner_org, role="Accueil")
    services.add_means(
        actor=None,
        action=act,
        kind="budget",
        contributor_name="État",
        year=2024,
        amount=Decimal("12000"),
    )
    services.add_milestone(
        actor=None, action=act, title="Lancement", planned_on=datetime.date(2024, 3, 1)
    )
    services.add_journal_entry(
        actor=None,
        action=act,
        text="Première réunion du groupe de travail.",
        happened_on=datetime.date(2024, 2, 1),
        files=[pdf_upload()],
    )
    indicator(act, measurements=[(datetime.date(2024, 1, 15), Decimal(20))])
    return act

"""The demo's shared reference lists (docs/departments.md, "Référentiels partagés"): the
Seine-Saint-Denis pushes a few invented items of each kind to its communes, and
Clichy-sous-Bois maps two of them. Everything goes through the services; loading twice
changes nothing. Called by the departments demo (``load_references(ctx)``)."""

from __future__ import annotations

from typing import Any

from maillage.core.demo import DemoContext
from maillage.departments import services_references as services
from maillage.departments.models_references import LocalMapping, ReferenceItem, ReferenceKind
from maillage.territories.demo import CLICHY, SSD
from maillage.territories.models import Territory

INVENTED = "Exemple inventé pour la démonstration."

ITEMS: list[tuple[str, str, str, dict[str, Any]]] = [
    (ReferenceKind.THEMES, "logement", "Logement et habitat", {}),
    (ReferenceKind.THEMES, "petite-enfance", "Petite enfance et parentalité", {}),
    (ReferenceKind.THEMES, "sante", "Santé et accès aux soins", {}),
    (
        ReferenceKind.INDICATORS,
        "part-moins-15-ans",
        "Part des moins de 15 ans",
        {
            "unit": "%",
            "definition": "Personnes de 0 à 14 ans rapportées à la population.",
            "source": "INSEE, recensement de la population",
            "formula": "P_POP0014 / P_POP * 100",
            "theme": "demography",
        },
    ),
    (
        ReferenceKind.EVALUATION_GRID,
        "participation-habitants",
        "Participation des habitants",
        {"text": "Les habitants ont-ils été associés à l’action ?", "answer_type": "scale"},
    ),
    (
        ReferenceKind.BODY_TEMPLATES,
        "comite-technique-sante",
        "Comité technique santé",
        {
            "body_kind": "technical",
            "mandate": "Suivre les fiches actions de l’axe santé et préparer le comité stratégique.",
            "member_roles": ["Animation", "Secrétariat", "Référent·e santé de la commune"],
        },
    ),
]

# Clichy's mappings: reference code → local key.
CLICHY_MAPPINGS = {
    "logement": "participation:housing",
    "petite-enfance": "watch:famille",
    "part-moins-15-ans": "part-moins-15-ans",
}


def load_references(ctx: DemoContext) -> None:
    department = ctx.territories.get(SSD) or Territory.objects.filter(slug=SSD).first()
    if department is None:
        return
    actor = ctx.users.get("admin")
    for kind, code, label, payload in ITEMS:
        exists = ReferenceItem.objects.filter(
            reference_list__territory=department, reference_list__kind=kind, code=code
        ).exists()
        if not exists:
            services.create_item(
                actor=actor, territory=department, kind=kind, code=code, label=label,
                description=INVENTED, payload=payload,
            )  # fmt: skip
    for kind in ReferenceKind.values:
        drafts = ReferenceItem.objects.filter(
            reference_list__territory=department,
            reference_list__kind=kind,
            published_in__isnull=True,
            is_archived=False,
        )
        if drafts.exists():
            services.publish(actor=actor, territory=department, kind=kind)
    clichy = ctx.territories.get(CLICHY) or Territory.objects.filter(slug=CLICHY).first()
    if clichy is None:
        return
    for code, local_key in CLICHY_MAPPINGS.items():
        item = ReferenceItem.objects.filter(reference_list__territory=department, code=code).first()
        if item is None or LocalMapping.objects.filter(territory=clichy, item=item).exists():
            continue
        services.map_item(actor=actor, territory=clichy, item=item, local_key=local_key)
    ctx.log("Référentiels partagés du Département : publiés, Clichy-sous-Bois en rapproche trois.")

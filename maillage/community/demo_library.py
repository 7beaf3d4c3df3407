"""The demo's shared library and follows, through the services: the 2013 document-cadre,
the feuille de route and an ABS (their text read by the worker, so searchable), and a few
people following the territory or a thématique. Loading twice changes nothing.

Called by ``community/demo.py``'s ``load``."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from maillage.community.models import Document, Follow
from maillage.community.services import library as library_services
from maillage.community.services import notifications as notification_services
from maillage.core.demo import DemoContext
from maillage.core.roles import Visibility
from maillage.observatory.models import Indicator
from maillage.programme.models import Action, Axis

DOCUMENTS: list[dict[str, Any]] = [
    {
        "title": "Document-cadre du Projet social de territoire (2013)",
        "kind": "framework",
        "author": "ville",
        "visibility": Visibility.PUBLIC,
        "licence": "etalab-2.0",
        "summary": "Le document fondateur du PST : les axes, les objectifs et les premières "
        "fiches actions arrêtés avec le Département et la CAF.",
        "thematiques": ["famille", "logement-hebergement"],
        "axes": "all",
        "text": [
            "Projet social de territoire — document-cadre",
            "Les signataires s’engagent à partager les ressources documentaires, les "
            "statistiques, les études et les cartographies utiles au diagnostic partagé.",
            "Axe 1 : accompagner les familles et la parentalité.",
            "Axe 2 : favoriser l’accès aux droits et l’insertion.",
        ],
    },
    {
        "title": "Feuille de route du PST 2024-2026",
        "kind": "framework",
        "author": "ville",
        "visibility": Visibility.PARTNERS,
        "licence": "cc-by-4.0",
        "summary": "Les priorités des trois années à venir, fiche par fiche, avec les pilotes "
        "et le calendrier des comités.",
        "thematiques": ["famille--garde-denfants"],
        "actions": 3,
        "text": [
            "Feuille de route 2024-2026",
            "Priorité : la garderie éphémère dans deux centres sociaux et le forum des "
            "assistantes maternelles.",
            "Calendrier : comité stratégique en juin, comités techniques chaque trimestre.",
        ],
    },
    {
        "title": "Analyse des besoins sociaux 2024",
        "kind": "study",
        "author": "ccas",
        "visibility": Visibility.PUBLIC,
        "licence": "etalab-2.0",
        "summary": "L’ABS de la commune : population, familles, revenus, logement ; les "
        "chiffres infra-communaux soumis au secret statistique sont masqués.",
        "thematiques": ["famille", "logement-hebergement"],
        "indicators": 3,
        "text": [
            "Analyse des besoins sociaux 2024",
            "Méthode : données INSEE, CAF et partenaires ; secret statistique respecté.",
            "Les familles monoparentales représentent une part importante des ménages.",
        ],
    },
]

FOLLOWS = [
    ("coordinator", "territory", None),
    ("caf.1", "thematique", "famille"),
]


def _pdf(lines: list[str]) -> bytes:
    from weasyprint import HTML  # heavy: loaded only when the demo builds its files

    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return HTML(string=f"<html lang='fr'><body>{body}</body></html>").write_pdf()


def _documents(ctx: DemoContext, territory: Any) -> None:
    actor = ctx.users.get("coordinator")
    for spec in DOCUMENTS:
        if Document.objects.filter(territory=territory, title=spec["title"]).exists():
            continue
        author = ctx.organisations.get(spec["author"]) or ctx.organisations.get("ville")
        if author is None or actor is None:
            continue
        axes = list(Axis.objects.filter(territory=territory)) if spec.get("axes") else []
        actions = list(
            Action.objects.filter(territory=territory).order_by("code")[: spec.get("actions", 0)]
        )
        indicators = list(Indicator.objects.order_by("code")[: spec.get("indicators", 0)])
        library_services.create_document(
            actor=actor,
            territory=territory,
            file=SimpleUploadedFile(f"{spec['kind']}.pdf", _pdf(spec["text"])),
            title=spec["title"],
            kind=spec["kind"],
            summary=spec["summary"],
            author=author,
            licence=spec["licence"],
            thematiques=spec["thematiques"],
            visibility=spec["visibility"],
            axes=axes,
            actions=actions,
            indicators=indicators,
        )


def _follows(ctx: DemoContext, territory: Any) -> None:
    for user_key, kind, target in FOLLOWS:
        user = ctx.users.get(user_key) or next(
            (u for k, u in sorted(ctx.users.items()) if k.startswith(user_key.split(".")[0] + ".")),
            None,
        )
        if (
            user is None
            or Follow.objects.filter(user=user, territory=territory, kind=kind).exists()
        ):
            continue
        notification_services.follow(
            actor=user, territory=territory, kind=kind, target=target or str(territory.pk)
        )


def load(ctx: DemoContext, territory: Any) -> None:
    _documents(ctx, territory)
    _follows(ctx, territory)
    ctx.log(
        f"  bibliothèque : {Document.objects.filter(territory=territory).count()} documents, "
        f"{Follow.objects.filter(territory=territory).count()} suivis"
    )

"""Reads for a convention's articles and its avenants."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from maillage.core import access
from maillage.governance.models import (
    Agreement,
    AgreementSignatory,
    Amendment,
    AmendmentSignatory,
    Article,
    ArticleVersion,
    CouncilResolution,
    MeansChange,
)


def article_versions(agreement: Agreement) -> list[ArticleVersion]:
    """Every version of the agreement's articles, the one in force last."""
    return list(
        agreement.article_versions.select_related("amendment").prefetch_related(
            Prefetch("articles", queryset=Article.objects.order_by("number"))
        )
    )


def amendments(user: Any, agreement: Agreement) -> list[Amendment]:
    return list(
        access.visible(user, agreement.amendments.all())
        .select_related("agreement")
        .order_by("number")
    )


def amendment_or_404(user: Any, agreement: Agreement, pk: Any) -> Amendment:
    return access.get_visible_or_404(
        user,
        Amendment.objects.filter(agreement=agreement)
        .select_related("agreement__territory", "base_version")
        .prefetch_related(
            Prefetch("base_version__articles", queryset=Article.objects.order_by("number")),
            "changes",
            Prefetch(
                "means_changes",
                queryset=MeansChange.objects.select_related("axis", "action", "funder"),
            ),
            "annexed_actions",
            Prefetch(
                "signatories", queryset=AmendmentSignatory.objects.select_related("organisation")
            ),
            Prefetch(
                "resolutions", queryset=CouncilResolution.objects.select_related("organisation")
            ),
            Prefetch(
                "agreement__signings",
                queryset=AgreementSignatory.objects.select_related("organisation"),
            ),
        ),
        pk=pk,
    )

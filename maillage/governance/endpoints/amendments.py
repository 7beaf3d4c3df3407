"""Read endpoints for a convention's articles and its avenants, under the pages' rules: the
articles of the version in force are read with the convention; a draft or pending avenant
only by the coordination and the signatory organisations' people (governance/access.py,
AmendmentPolicy), a signed one with its convention."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from maillage.api.auth import READ_AUTH
from maillage.api.pagination import paginated
from maillage.api.schemas import READ_ERRORS
from maillage.core import access
from maillage.governance import selectors
from maillage.governance.api_schemas import AmendmentDetailOut, AmendmentOut, ArticleOut
from maillage.governance.endpoints.common import PREFIX, _territory
from maillage.governance.models import Agreement, Article

router = Router()
AGREEMENT = PREFIX + "/agreements/{agreement_id}"


def _agreement(request: HttpRequest, slug: str, agreement_id: int) -> Agreement:
    return selectors.agreement_or_404(request.user, _territory(request, slug), agreement_id)


@router.get(
    AGREEMENT + "/articles", response={200: list[ArticleOut], **READ_ERRORS}, auth=READ_AUTH
)
@paginated()
def list_agreement_articles(request: HttpRequest, slug: str, agreement_id: int) -> Any:
    """The articles of the version in force (the last one), by number; none when the
    convention is not written in articles."""
    agreement = _agreement(request, slug, agreement_id)
    current = agreement.article_versions.order_by("-number").values("pk")[:1]
    return Article.objects.filter(version__in=current).order_by("number")


@router.get(
    AGREEMENT + "/amendments", response={200: list[AmendmentOut], **READ_ERRORS}, auth=READ_AUTH
)
@paginated()
def list_amendments(request: HttpRequest, slug: str, agreement_id: int) -> Any:
    agreement = _agreement(request, slug, agreement_id)
    return access.visible(request.user, agreement.amendments.all()).order_by("number")


@router.get(
    AGREEMENT + "/amendments/{amendment_id}",
    response={200: AmendmentDetailOut, **READ_ERRORS},
    auth=READ_AUTH,
)
def get_amendment(request: HttpRequest, slug: str, agreement_id: int, amendment_id: int) -> Any:
    agreement = _agreement(request, slug, agreement_id)
    return selectors.amendment_or_404(request.user, agreement, amendment_id)

"""The thematic guide, as a page and as a PDF."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.core.types import HtmxRequest
from maillage.network import selectors, vocab
from maillage.network.views.common import crumbs, page
from maillage.territories.selectors import territory_or_404


def _guide_category(request: HtmxRequest) -> str:
    category = request.GET.get("thematique", "logement-hebergement")
    category = vocab.category_of(category)
    if category not in vocab.labels(vocab.Categorie):
        raise Http404
    return category


@require_GET
def guide(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    category = _guide_category(request)
    return page(
        request,
        "network/guide.html",
        current,
        {
            "guide": selectors.guide(request.user, current, category),
            "categories": vocab.choices(vocab.Categorie),
            "today": timezone.localdate(),
            "breadcrumb": crumbs(current, {"label": _("Guide thématique")}),
        },
    )


@require_GET
def guide_pdf(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    from weasyprint import HTML

    current = territory_or_404(request.user, territory_slug)
    category = _guide_category(request)
    html = render_to_string(
        "network/guide_print.html",
        {
            "territory": current,
            "guide": selectors.guide(request.user, current, category),
            "today": timezone.localdate(),
        },
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="guide-{current.slug}-{category}.pdf"'
    return response

"""Search and suggestions of the réseau."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.core import access, replica
from maillage.core.types import HtmxRequest
from maillage.network import selectors, vocab
from maillage.network.forms import (
    SearchForm,
)
from maillage.network.views.common import crumbs, page
from maillage.territories.selectors import territory_or_404


@require_GET
@replica.reads
def search(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    form = SearchForm(request.GET or None, territory=current)
    filters = form.filters()
    context: dict[str, Any] = {"form": form, "filters": filters}
    if filters.any:
        context["results"] = selectors.search_network(
            request.user, current, filters, page=request.GET.get("page", 1)
        )
        context["category_labels"] = vocab.labels(vocab.Categorie)
    else:
        context["entries"] = selectors.problem_entries(request.user, current)
    context["may_contribute"] = access.can(request.user, "contribute_network", current)
    context["may_run"] = access.can(request.user, "run_network", current)
    if request.htmx and not request.htmx.boosted:
        return page(request, "network/partials/search_results.html", current, context)
    context["breadcrumb"] = [*crumbs(current)[:-1], {"label": _("Réseau")}]
    return page(request, "network/search.html", current, context)


@require_GET
def suggest(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    text = request.GET.get("q", "")[:200]
    return page(
        request,
        "network/partials/suggestions.html",
        current,
        {"suggestions": selectors.suggestions(request.user, current, text), "q": text},
    )

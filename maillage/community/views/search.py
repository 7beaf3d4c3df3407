"""The territory's one search: every kind of object at once, with facets by kind,
built only from what the reader may see (selectors/search.py)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.community import forms_library as forms
from maillage.community.indexing import BY_KIND
from maillage.community.selectors import search as selectors
from maillage.community.views.common import territory
from maillage.core.pages import SectionPage, breadcrumbs, crumb
from maillage.core.pagination import querystring_without

page = SectionPage("search")


@require_GET
def search(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = territory(request, territory_slug)
    form = forms.SearchForm(request.GET or None)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    kind = request.GET.get("type", "")
    if kind not in BY_KIND:
        kind = ""
    # What the reader may see among the matching rows, found once for the facets and
    # the results.
    matches = selectors.find(request.user, current, text) if text else None
    facets = selectors.facets(request.user, current, text, matches=matches) if text else []
    total = sum(f.count for f in facets)
    results = None
    if matches is not None:
        # The rows to rank are known: the pages need no count query of their own.
        paginator = Paginator(
            selectors.results(request.user, current, text, kind, matches=matches), 20
        )
        paginator.__dict__["count"] = len(selectors.ranked_pool(matches, kind))
        results = paginator.get_page(request.GET.get("page"))
    return page(
        request,
        "community/search.html",
        current,
        {
            "title": _("Recherche « %(q)s »") % {"q": text} if text else _("Recherche"),
            "form": form,
            "q": text,
            "kind": kind,
            "facets": facets,
            "total": total,
            "more": any(f.more for f in facets),
            "page": results,
            "hits": selectors.hits(results.object_list, current) if results else [],
            "kind_query": querystring_without(request, "type", "page"),
            "page_query": querystring_without(request, "page"),
            "breadcrumb": breadcrumbs(current, crumb(_("Recherche"))),
        },
        form=form,
    )

"""Comparing the communes of a Département: the page and its CSV / XLSX export
(docs/departments.md, "Comparer les communes")."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.core import access, exports, replica
from maillage.core.http import require
from maillage.core.pages import SectionPage, breadcrumbs
from maillage.departments import selectors_compare as compare_selectors
from maillage.departments.forms_compare import CompareForm
from maillage.observatory import charts, svgmap
from maillage.observatory.figures import Figure
from maillage.territories.models import Territory
from maillage.territories.selectors import territory_or_404

_page = SectionPage("observatory", "departments/")
DEFAULT_INDICATOR = "taux-pauvrete"


def _choices(
    request: HttpRequest, department: Territory
) -> tuple[CompareForm, compare_selectors.Comparison, int]:
    """The form read from the query string and the comparison it asks for. Wrong choices
    are reported on the form (status 400) and the default comparison is shown."""
    indicators = compare_selectors.comparable_indicators()
    by_code = {i.code: i for i in indicators}
    if not indicators:
        raise Http404
    code = request.GET.get("indicateur") or DEFAULT_INDICATOR
    indicator = by_code.get(code) or by_code.get(DEFAULT_INDICATOR) or indicators[0]
    found = compare_selectors.communes(department)
    commune_choices = [(c.slug, c.name) for c in found]
    requested_year = request.GET.get("annee") or ""
    highlight = request.GET.get("commune") or ""
    if not highlight:
        default = compare_selectors.default_commune(request.user, department, found)
        highlight = next((c.slug for c in found if c.code == default), "")
    result = compare_selectors.compare(
        request.user,
        department,
        indicator,
        period=int(requested_year) if requested_year.isdigit() else None,
        highlight=highlight,
    )
    data = {"indicateur": indicator.code, "annee": result.period or "", "commune": highlight}
    status = 200
    form = CompareForm(
        request.GET or None,
        indicators=indicators,
        periods=result.periods,
        communes=commune_choices,
    )
    if request.GET and not form.is_valid():
        status = 400
    else:
        form = CompareForm(
            data, indicators=indicators, periods=result.periods, communes=commune_choices
        )
        form.is_valid()
    return form, result, status


def _title(result: compare_selectors.Comparison, department: Territory) -> str:
    return _("%(indicator)s dans les communes de %(department)s, %(year)s") % {
        "indicator": result.indicator.name,
        "department": department.name,
        "year": result.period or "—",
    }


@require_GET
@login_required
@replica.reads
def compare(request: HttpRequest, territory_slug: str) -> HttpResponse:
    department = territory_or_404(request.user, territory_slug)
    require(request, "compare_communes", department)
    form, result, status = _choices(request, department)
    title = _title(result, department)
    department_name = _("%(name)s (ensemble)") % {"name": department.name}
    highlighted = result.highlighted.commune.name if result.highlighted else ""
    chart = charts.ranked_bars(
        title,
        [(row.commune.name, row.figure) for row in result.rows],
        element_id="classement",
        highlight=highlighted,
        reference=(department_name, result.department),
    )
    choropleth = svgmap.render_choropleth(
        areas=result.areas(),
        figures=result.figures(),
        title=title,
        description=_(
            "Carte des communes de %(department)s ; les valeurs figurent dans le tableau "
            "sous la carte."
        )
        % {"department": department.name},
        element_id="carte-communes",
        highlight=result.highlighted.commune.code if result.highlighted else "",
    )
    query = request.GET.urlencode()
    return _page(
        request,
        "compare.html",
        department,
        {
            "title": _("Comparer les communes"),
            "form": form,
            "result": result,
            "chart": chart,
            "map": choropleth if any(a.geometry for a in result.areas()) else None,
            "similar_percent": int(compare_selectors.SIMILAR_SHARE * 100),
            "export_csv": reverse("departments:compare_export", args=[department.slug, "csv"])
            + (f"?{query}" if query else ""),
            "export_xlsx": reverse("departments:compare_export", args=[department.slug, "xlsx"])
            + (f"?{query}" if query else ""),
            "breadcrumb": [*breadcrumbs(department)[:-1], {"label": _("Comparer les communes")}],
        },
        status=status,
    )


HEADERS = [
    "rang",
    "code",
    "commune",
    "indicateur",
    "annee",
    "valeur",
    "statut",
    "unite",
    "source",
    "millesime",
    "mise_en_evidence",
    "taille_comparable",
]


def export_rows(result: compare_selectors.Comparison, department: Territory) -> list[list[Any]]:
    """The comparison table as exported: the same figures, the Département's last."""
    lines: list[tuple[Any, str, str, Figure | None, bool, bool]] = [
        (
            row.rank or "",
            row.commune.code,
            row.commune.name,
            row.figure,
            row.highlighted,
            row.similar,
        )
        for row in result.rows
    ]
    lines.append(("", department.insee_code, department.name, result.department, False, False))
    rows = []
    for rank, code, name, figure, highlighted, similar in lines:
        rows.append(
            [
                rank,
                code,
                name,
                result.indicator.code,
                result.period or "",
                ""
                if figure is None or figure.value is None
                else exports.NumberText(
                    format(round(figure.value, figure.decimals), "f").replace(".", ",")
                ),
                (figure.reason or _("Valeur")) if figure is not None else _("Non disponible"),
                result.indicator.unit,
                figure.source if figure is not None else "",
                figure.vintage if figure is not None else "",
                _("oui") if highlighted else "",
                _("oui") if similar else "",
            ]
        )
    return rows


@require_GET
@login_required
@replica.reads
def compare_export(request: HttpRequest, territory_slug: str, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    department = territory_or_404(request.user, territory_slug)
    require(request, "compare_communes", department)
    _form, result, _status = _choices(request, department)
    return exports.spreadsheet_response(
        f"comparaison-{result.indicator.code}-{department.slug}",
        HEADERS,
        export_rows(result, department),
        fmt=fmt,
        title=_("Comparaison"),
    )


def observatory_link(request: HttpRequest, territory: Territory) -> str:
    """On a commune's observatory portrait (slot ``observatory_portrait``): the link to
    compare it with the other communes of its Département, for those who may."""
    department = territory.parent
    if department is not None and department.kind == Territory.Kind.EPCI:
        department = department.parent
    if (
        territory.kind != Territory.Kind.COMMUNE
        or department is None
        or department.kind != Territory.Kind.DEPARTEMENT
        or not access.can(request.user, "compare_communes", department)
    ):
        return ""
    url = reverse("departments:compare", args=[department.slug]) + f"?commune={territory.slug}"
    return render_to_string(
        "departments/compare_link.html", {"url": url, "department": department}, request=request
    )

"""The observatory's pages: portrait, catalogue, indicator (chart, table, comparison,
actions), CSV export, datasets, the import flow, and the action's targeted indicators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core import access, exports, replica, slots
from maillage.core.files import private_download
from maillage.core.forms_errors import apply_validation_error
from maillage.core.http import require
from maillage.core.pages import (
    Crumb,
    SectionPage,
    breadcrumbs,
    crumb,
    handle_form,
    object_crumb,
    section_crumb,
)
from maillage.core.types import AuthenticatedRequest
from maillage.observatory import charts, selectors, services, svgmap
from maillage.observatory.figures import FigureStatus
from maillage.observatory.figures import GeoLevel as GeoLevelChoices
from maillage.observatory.forms import ActionIndicatorsForm, MapForm, MappingForm, UploadForm
from maillage.observatory.models import ImportJob, Indicator
from maillage.observatory.reading import FileRefused, max_bytes, too_large_message
from maillage.programme.selectors import action_or_404
from maillage.territories.models import Territory
from maillage.territories.selectors import territory_or_404


def _crumbs(territory: Territory, *more: Crumb) -> list[Crumb]:
    observatory = section_crumb(_("Observatoire"), "observatory:portrait", territory)
    return breadcrumbs(territory, observatory, *more)


_page = SectionPage("observatory", "observatory/")


@require_GET
@replica.reads
def portrait(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    places, rows, names = selectors.portrait(request.user, current)
    place_names = [names.get(p, p[1]) for p in places]
    cards = [
        {
            "row": row,
            "main": row.figures[0] if row.figures else None,
            "reserved": bool(row.reserved and row.reserved[0]),
            "chart": charts.comparison_bars(
                row.indicator.name,
                list(zip(place_names, row.figures, strict=True)),
                element_id=f"chiffre-{row.indicator.code}",
            ),
        }
        for row in rows
    ]
    maps = selectors.portrait_maps(request.user, current)
    portrait_map = None
    if maps:
        first = maps[0]
        level_label = str(dict(GeoLevelChoices.choices).get(first.level, first.level))
        portrait_map = svgmap.render_choropleth(
            areas=first.areas,
            figures=first.figures,
            title=_("%(indicator)s par %(level)s, dernière année connue")
            % {"indicator": first.indicator.name, "level": level_label},
            element_id="carte-portrait",
        )
    return _page(
        request,
        "portrait.html",
        current,
        {
            "title": _("Observatoire"),
            "places": places,
            "place_names": place_names,
            "rows": rows,
            "cards": cards,
            "portrait_map": portrait_map,
            "map_indicators": [item.indicator for item in maps],
            "map_level": maps[0].level if maps else "",
            "may_import": access.can(request.user, "import_dataset", current),
            # Other capabilities' links (the comparison with the Département's communes).
            "portrait_links": slots.render(slots.OBSERVATORY_PORTRAIT, request, current),
            "breadcrumb": [*_crumbs(current)[:-1], {"label": _("Observatoire")}],
        },
    )


@require_GET
def catalogue(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    return _page(
        request,
        "catalogue.html",
        current,
        {
            "title": _("Catalogue des indicateurs"),
            "indicators": list(selectors.indicators()),
            "breadcrumb": _crumbs(current, {"label": _("Indicateurs")}),
        },
    )


@require_GET
@replica.reads
def indicator(request: HttpRequest, territory_slug: str, code: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    item = selectors.indicator_or_404(code)
    data = selectors.indicator_page(request.user, current, item)
    names = data["names"]
    series = [(names.get(place, place[1]), data["series"][place]) for place in data["places"]]
    rows = []
    for period in data["periods"]:
        cells = []
        for place in data["places"]:
            found = next((f for f in data["series"][place] if f.period == period), None)
            cells.append(found)
        rows.append((period, cells))
    return _page(
        request,
        "indicator.html",
        current,
        {
            "title": item.name,
            "indicator": item,
            "chart": charts.render(item.name, series, decimals=item.decimals),
            "place_names": [name for name, _figures in series],
            "rows": rows,
            "sub_figures": data["sub_figures"],
            "sources": sorted({f"{f.source} ({f.vintage})" for f in data["figures"]}),
            # The maps (another helper's work) draw from the same figures.
            "map_figures": data["sub_figures"],
            "map_levels": data["map_levels"],
            "reserved": bool(data["reserved"]),
            "reserved_codes": {code for _level, code in data["reserved"]},
            "actions": selectors.actions_targeting(request.user, current, item),
            "secret": FigureStatus.SECRET,
            "breadcrumb": _crumbs(
                current,
                {
                    "label": _("Indicateurs"),
                    "url": reverse("observatory:catalogue", args=[current.slug]),
                },
                {"label": item.name},
            ),
        },
    )


@require_GET
@replica.reads
def indicator_csv(request: HttpRequest, territory_slug: str, code: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    item = selectors.indicator_or_404(code)
    data = selectors.indicator_page(request.user, current, item)
    headers = [
        "indicateur",
        "niveau",
        "code",
        "nom",
        "annee",
        "valeur",
        "statut",
        "unite",
        "source",
    ]
    rows = (
        [
            figure.indicator_code,
            figure.level,
            figure.geo_code,
            figure.geo_name,
            figure.period,
            ""
            if figure.value is None
            else exports.NumberText(
                format(round(figure.value, figure.decimals), "f").replace(".", ",")
            ),
            figure.reason or _("Valeur"),
            figure.unit,
            figure.source,
        ]
        for figure in data["figures"]
    )
    return exports.csv_response(f"{item.code}-{current.slug}.csv", headers, rows)


@require_GET
def datasets(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    return _page(
        request,
        "datasets.html",
        current,
        {
            "title": _("Jeux de données"),
            "datasets": list(selectors.dataset_list(request.user, current)),
            "imports": selectors.recent_imports(request.user, current),
            "may_import": access.can(request.user, "import_dataset", current),
            "breadcrumb": _crumbs(current, {"label": _("Jeux de données")}),
        },
    )


@require_GET
def dataset_file(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponseBase:
    """The original file holds the figures before secrecy: only its producer reads it."""
    current = territory_or_404(request.user, territory_slug)
    item = selectors.dataset_or_404(request.user, current, pk)
    return private_download(
        request, item, "file", verb="view_raw", filename=item.filename or "donnees.csv"
    )


@require_GET
def dataset(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    item = selectors.dataset_or_404(request.user, current, pk)
    return _page(
        request,
        "dataset.html",
        current,
        {
            "title": item.title,
            "dataset": item,
            **selectors.dataset_detail(item),
            "may_delete": access.can(request.user, "delete", item),
            "raw": access.can(request.user, "view_raw", item),
            "breadcrumb": _crumbs(
                current,
                {
                    "label": _("Jeux de données"),
                    "url": reverse("observatory:datasets", args=[current.slug]),
                },
                {"label": item.title},
            ),
        },
    )


@login_required
@require_POST
def dataset_delete(request: AuthenticatedRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    item = selectors.dataset_or_404(request.user, current, pk)
    require(request, "delete", item)
    services.delete_dataset(actor=request.user, dataset=item)
    messages.success(request, _("Le jeu de données a été supprimé."))
    return redirect("observatory:datasets", territory_slug=current.slug)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: AuthenticatedRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    require(request, "import_dataset", current)
    producers = selectors.producer_choices(request.user, current)
    status = 200
    too_large = ""
    if (
        request.method == "POST"
        and int(request.META.get("CONTENT_LENGTH") or 0) > max_bytes() + 1024 * 1024
    ):
        # Refused before the body is read: a 200 MB upload never reaches the disk.
        too_large = too_large_message(int(request.META["CONTENT_LENGTH"]))
        form = UploadForm(territory=current, producers=producers)
        status = 400
    else:
        form = UploadForm(
            request.POST or None, request.FILES or None, territory=current, producers=producers
        )
    if request.method == "POST" and not too_large:
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = services.upload(
                    actor=request.user,
                    territory=current,
                    producer=form.cleaned_data["producer"],
                    kind=form.cleaned_data["kind"],
                    file=upload,
                    filename=upload.name,
                    size=upload.size,
                    metadata=form.metadata(),
                )
            except FileRefused as exc:
                form.add_error("file", str(exc))
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                if job.kind == ImportJob.Kind.PARTNER:
                    return redirect(
                        "observatory:import_mapping", territory_slug=current.slug, pk=job.pk
                    )
                return redirect(
                    "observatory:import_preview", territory_slug=current.slug, pk=job.pk
                )
        status = 400
    return _page(
        request,
        "import_upload.html",
        current,
        {
            "title": _("Importer des données"),
            "form": form,
            "too_large": too_large,
            "breadcrumb": _crumbs(current, {"label": _("Importer des données")}),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_mapping(request: AuthenticatedRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    job = selectors.import_job_or_404(request.user, current, pk)
    require(request, "apply", job)
    inspected = services.inspect(job, limit=0)
    form = MappingForm(
        request.POST or None, header=inspected["header"], initial_mapping=job.mapping
    )
    status = 200
    if request.method == "POST":
        if done := handle_form(
            request,
            form,
            lambda: services.save_mapping(actor=request.user, job=job, mapping=form.mapping()),
            success_url=reverse(
                "observatory:import_preview", kwargs={"territory_slug": current.slug, "pk": job.pk}
            ),
        ):
            return done
        status = 400
    return _page(
        request,
        "import_mapping.html",
        current,
        {
            "title": _("Correspondance des colonnes"),
            "job": job,
            "form": form,
            "file_errors": inspected["errors"],
            "breadcrumb": _crumbs(current, {"label": _("Correspondance des colonnes")}),
        },
        status=status,
    )


PREVIEW_FULL_BYTES = 5 * 1024 * 1024
PREVIEW_ROWS_BIG = 2000


@require_GET
def import_file(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponseBase:
    """The uploaded file as it was sent: for the person who uploaded it."""
    current = territory_or_404(request.user, territory_slug)
    job = selectors.import_job_or_404(request.user, current, pk)
    return private_download(request, job, "file", filename=job.filename)


@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    job = selectors.import_job_or_404(request.user, current, pk)
    if job.state not in (ImportJob.State.UPLOADED, ImportJob.State.PREVIEWED):
        return redirect("observatory:import_status", territory_slug=current.slug, pk=job.pk)
    if job.kind == ImportJob.Kind.PARTNER and not job.mapping:
        return redirect("observatory:import_mapping", territory_slug=current.slug, pk=job.pk)
    limit = None if job.size <= PREVIEW_FULL_BYTES else PREVIEW_ROWS_BIG
    inspected = services.inspect(job, limit=limit)
    if request.method == "POST":
        require(request, "apply", job)
        if not inspected["errors"]:
            services.confirm(
                actor=request.user, job=job, total_rows=inspected.get("total_rows") or 0
            )
            return redirect("observatory:import_status", territory_slug=current.slug, pk=job.pk)
    outcome = inspected["outcome"]
    return _page(
        request,
        "import_preview.html",
        current,
        {
            "title": _("Aperçu avant import"),
            "job": job,
            "inspected": inspected,
            "outcome": outcome,
            "sample_header": inspected["header"],
            "breadcrumb": _crumbs(current, {"label": _("Aperçu avant import")}),
        },
        status=400 if inspected["errors"] else 200,
    )


@require_GET
def import_status(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    job = selectors.import_job_or_404(request.user, current, pk)
    context = {"job": job, "title": _("Import de données")}
    if request.headers.get("HX-Request"):
        return _page(request, "partials/import_status.html", current, context)
    return _page(
        request,
        "import_status.html",
        current,
        {**context, "breadcrumb": _crumbs(current, {"label": _("Import de données")})},
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_indicators(request: AuthenticatedRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    action = action_or_404(request.user, current, pk)
    require(request, "change", action)
    form = ActionIndicatorsForm(
        request.POST or None,
        initial={"indicators": list(Indicator.objects.filter(action_links__action=action))},
    )
    if done := handle_form(
        request,
        form,
        lambda: services.set_action_indicators(
            actor=request.user, action=action, indicators=form.cleaned_data["indicators"]
        ),
        success_message=_("Les indicateurs visés ont été enregistrés."),
        success_url=action.get_absolute_url(),
    ):
        return done
    return _page(
        request,
        "action_indicators.html",
        current,
        {
            "title": _("Indicateurs du territoire visés"),
            "action": action,
            "form": form,
            "breadcrumb": breadcrumbs(
                current, object_crumb(action, action.code), crumb(_("Indicateurs visés"))
            ),
        },
        form=form,
    )


# --------------------------------------------------------------------------- maps


@require_GET
def indicator_map(request: HttpRequest, territory_slug: str, code: str) -> HttpResponse:
    """The choropleth of one indicator by IRIS or QPV for one year, with its data table.
    Only the levels where the reader has figures are offered."""

    current = territory_or_404(request.user, territory_slug)
    item = selectors.indicator_or_404(code)
    levels = selectors.map_levels_with_data(request.user, current, item)
    requested = request.GET.get("niveau", "")
    level = requested if requested in levels else (levels[0] if levels else "")
    found = (
        selectors.territory_figures(request.user, current, indicator=item, level=level)
        if level
        else []
    )
    periods = sorted({f.period for f in found}, reverse=True)
    form = MapForm(request.GET or None, levels=levels, periods=periods)
    period = periods[0] if periods else None
    status = 200
    if request.GET and levels:
        if form.is_valid():
            period = form.cleaned_data["annee"] or period
        else:
            status = 400
    shown = [f for f in found if f.period == period]
    choropleth = None
    reserved = False
    if level:
        level_label = str(dict(GeoLevelChoices.choices).get(level, level))
        title = _("%(indicator)s par %(level)s, %(year)s") % {
            "indicator": item.name,
            "level": level_label,
            "year": period or "—",
        }
        areas = selectors.map_areas(current, level, shown)
        hidden = selectors.hidden_places(
            request.user,
            current,
            indicators=[item],
            places=[(level, area.code) for area in areas],
        ).get(item.code, set())
        choropleth = svgmap.render_choropleth(
            areas=areas,
            figures=shown,
            title=title,
            description=_(
                "Carte de %(territory)s découpée par %(level)s ; les valeurs figurent dans le "
                "tableau sous la carte."
            )
            % {"territory": current.name, "level": level_label},
            reserved_codes={code for _level, code in hidden},
        )
    else:
        places = [
            place
            for map_level in selectors.map_levels(item)
            for place in selectors.sub_places(current, map_level)
        ]
        reserved = bool(
            selectors.hidden_places(request.user, current, indicators=[item], places=places)
        )
    return _page(
        request,
        "indicator_map.html",
        current,
        {
            "title": _("Carte : %(indicator)s") % {"indicator": item.name},
            "indicator": item,
            "map": choropleth,
            "levels": levels,
            "reserved": reserved,
            "form": form,
            "period": period,
            "breadcrumb": _crumbs(
                current,
                {
                    "label": _("Indicateurs"),
                    "url": reverse("observatory:catalogue", args=[current.slug]),
                },
                {
                    "label": item.name,
                    "url": reverse("observatory:indicator", args=[current.slug, item.code]),
                },
                {"label": _("Carte")},
            ),
        },
        status=status,
    )

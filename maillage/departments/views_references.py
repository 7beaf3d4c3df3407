"""Pages of the shared reference lists (docs/departments.md, "Référentiels partagés"):
the Département's lists and publications, a commune's mappings and adoptions."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from maillage.core.access import can
from maillage.core.http import LoginRequired, require
from maillage.core.pages import Crumb, SectionPage, breadcrumbs, crumb, handle_form, run_action
from maillage.departments import selectors_references as selectors
from maillage.departments import services_references as services
from maillage.departments.access import UPPER_LEVELS
from maillage.departments.forms_references import ItemForm, MappingForm
from maillage.departments.models_references import ReferenceItem, ReferenceKind
from maillage.territories.models import Territory
from maillage.territories.selectors import territory_or_404

_page = SectionPage("departments", "departments/")


def _territory(request: HttpRequest, territory_slug: str, verb: str) -> Territory:
    if verb != "view_references" and not request.user.is_authenticated:
        raise LoginRequired
    territory = territory_or_404(request.user, territory_slug)
    require(request, verb, territory)
    return territory


def _home(territory: Territory, anchor: str = "") -> str:
    url = reverse("departments:references", args=[territory.slug])
    return f"{url}#{anchor}" if anchor else url


def _crumbs(territory: Territory, *more: Crumb) -> list[Crumb]:
    return breadcrumbs(territory, crumb(_("Référentiels partagés"), _home(territory)), *more)


@require_GET
def references(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = _territory(request, territory_slug, "view_references")
    if territory.kind in UPPER_LEVELS:
        return _page(
            request,
            "references_department.html",
            territory,
            {
                "breadcrumb": breadcrumbs(territory, crumb(_("Référentiels partagés"))),
                "lists": selectors.department_lists(territory),
                "progress": selectors.progress_by_commune(territory),
                "theme_counts": selectors.theme_counts(territory),
                "can_manage": can(request.user, "manage_references", territory),
            },
        )
    lists = selectors.commune_lists(territory)
    for the_list in lists:
        the_list.can_adopt = services.can_adopt(the_list.kind)  # type: ignore[attr-defined]
        for row in the_list.rows:
            row.form = MappingForm(  # type: ignore[attr-defined]
                options=the_list.options,
                prefix=f"item-{row.item.pk}",
                initial={"local_key": row.mapping.local_key or row.mapping.status}
                if row.mapping
                else {},
            )
    return _page(
        request,
        "references_commune.html",
        territory,
        {
            "breadcrumb": breadcrumbs(territory, crumb(_("Référentiels partagés"))),
            "lists": lists,
            "summary": selectors.summary(lists),
            "department": territory.parent,
            "can_map": can(request.user, "map_references", territory),
        },
    )


def _kind(kind: str) -> str:
    if kind not in ReferenceKind.values:
        raise Http404
    return kind


def item_create(request: HttpRequest, territory_slug: str, kind: str) -> HttpResponse:
    territory = _territory(request, territory_slug, "manage_references")
    kind = _kind(kind)
    form = ItemForm(request.POST or None, kind=kind)
    if done := handle_form(
        request,
        form,
        lambda: services.create_item(
            actor=request.user,
            territory=territory,
            kind=kind,
            code=form.cleaned_data["code"],
            label=form.cleaned_data["label"],
            description=form.cleaned_data["description"],
            payload=form.payload(),
        ),
        success_message=_("L’élément est ajouté ; publiez la liste pour le diffuser."),
        success_url=_home(territory, kind),
    ):
        return done
    title = _("Nouvel élément : %(kind)s") % {"kind": ReferenceKind(kind).label}
    return _item_form_page(request, territory, kind, form, title)


def _item_form_page(
    request: HttpRequest, territory: Territory, kind: str, form: ItemForm, title: str
) -> HttpResponse:
    """The one page of the item form, new or edited."""
    return _page(
        request,
        "references_item_form.html",
        territory,
        {
            "breadcrumb": _crumbs(territory, crumb(title)),
            "title": title,
            "cancel_url": _home(territory, kind),
            "form": form,
        },
        form=form,
    )


def _dept_item(
    request: HttpRequest, territory_slug: str, item_id: int
) -> tuple[Territory, ReferenceItem]:
    territory = _territory(request, territory_slug, "manage_references")
    item = selectors.item_of_department(territory, item_id)
    if item is None:
        raise Http404
    return territory, item


def item_edit(request: HttpRequest, territory_slug: str, item_id: int) -> HttpResponse:
    territory, item = _dept_item(request, territory_slug, item_id)
    kind = item.reference_list.kind
    form = ItemForm(request.POST or None, kind=kind, initial=ItemForm.initial_for(item))
    if done := handle_form(
        request,
        form,
        lambda: services.update_item(
            actor=request.user,
            item=item,
            code=form.cleaned_data["code"],
            label=form.cleaned_data["label"],
            description=form.cleaned_data["description"],
            payload=form.payload(),
        ),
        success_message=_("L’élément est modifié ; publiez la liste pour diffuser le changement."),
        success_url=_home(territory, kind),
        on_refusal=item.refresh_from_db,
    ):
        return done
    title = _("Modifier « %(label)s »") % {"label": item.label}
    return _item_form_page(request, territory, kind, form, title)


@require_POST
def item_archive(request: HttpRequest, territory_slug: str, item_id: int) -> HttpResponse:
    territory, item = _dept_item(request, territory_slug, item_id)
    run_action(
        request,
        lambda: services.archive_item(actor=request.user, item=item),
        success_message=_("L’élément est archivé : les communes ne le voient plus."),
    )
    return redirect(_home(territory, item.reference_list.kind))


@require_POST
def publish(request: HttpRequest, territory_slug: str, kind: str) -> HttpResponse:
    territory = _territory(request, territory_slug, "manage_references")
    kind = _kind(kind)
    run_action(
        request,
        lambda: services.publish(actor=request.user, territory=territory, kind=kind),
        success_message=lambda published: (
            _("Version %(version)s publiée : les communes la voient.")
            % {"version": published.version}
        ),
    )
    return redirect(_home(territory, kind))


def _commune_item(
    request: HttpRequest, territory_slug: str, item_id: int
) -> tuple[Territory, ReferenceItem]:
    territory = _territory(request, territory_slug, "map_references")
    item = selectors.item_for_commune(territory, item_id)
    if item is None:
        raise Http404
    return territory, item


@require_POST
def map_item(request: HttpRequest, territory_slug: str, item_id: int) -> HttpResponse:
    territory, item = _commune_item(request, territory_slug, item_id)
    options = selectors.local_items(territory, item.reference_list.kind)
    form = MappingForm(request.POST, options=options, prefix=f"item-{item.pk}")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        run_action(
            request,
            lambda: services.map_item(
                actor=request.user,
                territory=territory,
                item=item,
                local_key=form.cleaned_data["local_key"],
            ),
            success_message=_("Rapprochement de « %(label)s » enregistré.") % {"label": item.label},
        )
    return redirect(_home(territory, f"item-{item.pk}"))


@require_POST
def adopt_item(request: HttpRequest, territory_slug: str, item_id: int) -> HttpResponse:
    territory, item = _commune_item(request, territory_slug, item_id)
    run_action(
        request,
        lambda: services.adopt_item(actor=request.user, territory=territory, item=item),
        success_message=_("« %(label)s » est adopté : l’élément local est créé.")
        % {"label": item.label},
    )
    return redirect(_home(territory, f"item-{item.pk}"))

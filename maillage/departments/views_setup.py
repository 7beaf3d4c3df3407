"""A new territory in minutes (docs/departments.md, "Nouveau territoire"): a platform admin
creates a commune from its INSEE code and invites its coordination; the commune's
coordinators start its programme from another PST's structure."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.core.access import PLATFORM
from maillage.core.forms_errors import apply_validation_error
from maillage.core.http import require
from maillage.core.pages import breadcrumbs, crumb, handle_form, render_page
from maillage.departments import selectors_setup, services_setup
from maillage.departments.forms_setup import NewTerritoryForm, SetupForm
from maillage.territories import selectors as territory_selectors
from maillage.territories import setup


@require_http_methods(["GET", "POST"])
def territory_new(request: HttpRequest) -> HttpResponse:
    """Step 1: the INSEE code; step 2 (a POST without ``confirm``): what the COG says of
    it; step 3 (``confirm``): the territory, then the invitation of its coordination."""
    require(request, "administer", PLATFORM)
    form = NewTerritoryForm(request.POST or None)
    commune = None
    if request.method == "POST" and "confirm" not in request.POST and form.is_valid():
        try:
            commune = setup.preview(form.cleaned_data["code"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
    elif done := handle_form(
        request,
        form,
        lambda: setup.create_commune_from_cog(
            request.user,
            form.cleaned_data["code"],
            slug=form.cleaned_data["slug"] or None,
            visibility=form.cleaned_data["visibility"],
        ),
        success_message=lambda territory: (
            _(
                "Le territoire %(name)s est créé, rattaché à %(parent)s. Invitez maintenant sa "
                "coordination (organisation : %(town)s)."
            )
            % {
                "name": territory.name,
                "parent": territory.parent.name if territory.parent else "",
                "town": _("Ville de %s") % territory.name,
            }
        ),
        success_url=lambda territory: reverse(
            "accounts:invitations", kwargs={"territory_slug": territory.slug}
        ),
    ):
        return done
    return render_page(
        request,
        "departments/territory_new.html",
        {
            "title": _("Nouveau territoire"),
            "form": form,
            "commune": commune,
            "breadcrumb": breadcrumbs(None, crumb(_("Nouveau territoire"))),
        },
        form=form,
    )


@require_http_methods(["GET", "POST"])
def territory_setup(request: HttpRequest, territory_slug: str) -> HttpResponse:
    """The commune's first step: choose a PST, see its structure, copy it."""
    current = territory_selectors.territory_or_404(request.user, territory_slug)
    require(request, "set_up", current)
    sources = list(selectors_setup.sources_for(request.user, current))
    has_programme = selectors_setup.has_programme(current)
    form = SetupForm(request.POST or None, sources=sources)
    chosen = request.GET.get("source") if request.method == "GET" else None
    structure = None
    by_slug = {t.slug: t for t in sources}
    if chosen in by_slug:
        form = SetupForm(initial={"source": chosen}, sources=sources)
        structure = selectors_setup.structure_of(request.user, by_slug[chosen])
    if done := handle_form(
        request,
        form,
        lambda: services_setup.copy_structure(
            actor=request.user, source=by_slug[form.cleaned_data["source"]], target=current
        ),
        success_message=lambda copied: (
            _(
                "Structure copiée : %(axes)s axes, %(objectives)s objectifs, %(bodies)s "
                "instances, %(indicators)s indicateurs. Aucune fiche action, séance, décision, "
                "donnée ni personne n’a été copiée."
            )
            % {
                "axes": copied.axes,
                "objectives": copied.objectives,
                "bodies": copied.bodies,
                "indicators": copied.indicators,
            }
        ),
        success_url=reverse("programme:overview", kwargs={"territory_slug": current.slug}),
    ):
        return done
    return render_page(
        request,
        "departments/setup.html",
        {
            "territory": current,
            "section": "programme",
            "title": _("Démarrer le projet social de territoire"),
            "form": form,
            "sources": sources,
            "structure": structure,
            "has_programme": has_programme,
            "breadcrumb": breadcrumbs(current, crumb(_("Démarrage"))),
        },
        form=form,
    )

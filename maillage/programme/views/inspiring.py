"""Essaimage (docs/programme.md): the catalogue of fiches inspirantes, a model's page
with its "Reprendre dans mon territoire" form, and, from a fiche, offering it as a model
or withdrawing it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core import access
from maillage.core.http import require
from maillage.core.pages import breadcrumbs, crumb, handle_form, render_page, run_action
from maillage.core.pagination import paginate
from maillage.programme import selectors, services
from maillage.programme.forms import CopyModelForm, InspiringFilterForm, InspiringModelForm
from maillage.programme.models import InspiringModel
from maillage.programme.views.common import action_crumbs
from maillage.territories.selectors import territory_or_404

PAGE_SIZE = 20


def _catalogue_crumb() -> dict:
    return crumb(_("Fiches inspirantes"), reverse("programme:inspiring_models"))


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """Every fiche inspirante the reader may read, searched and filtered."""
    themes, territories = selectors.inspiring_filter_choices(request.user)
    form = InspiringFilterForm(request.GET or None, themes=themes, territories=territories)
    filters = form.filters()
    page = paginate(request, selectors.inspiring_catalogue(request.user, filters), PAGE_SIZE)
    return render_page(
        request,
        "programme/inspiring/catalogue.html",
        {
            "form": form,
            "page": page,
            "filters": filters,
            "query": request.GET.copy(),
            "title": _("Fiches inspirantes"),
            "breadcrumb": breadcrumbs(None, crumb(_("Fiches inspirantes"))),
        },
    )


def _copy_form(request: HttpRequest, model: InspiringModel) -> CopyModelForm:
    return CopyModelForm(
        request.POST or None, territories=selectors.copy_territories(request.user, model)
    )


@require_GET
def model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.inspiring_model_or_404(request.user, pk)
    may_copy = access.can(request.user, "copy", model)
    source = model.action
    return render_page(
        request,
        "programme/inspiring/detail.html",
        {
            "model": model,
            "source": source,
            "may_read_source": access.can(request.user, "view", source),
            "may_change": access.can(request.user, "change", model),
            "may_copy": may_copy,
            "copy_form": _copy_form(request, model) if may_copy else None,
            "reuses": selectors.reuses(request.user, model),
            "title": _("Fiche inspirante « %s »") % source.title,
            "breadcrumb": breadcrumbs(None, _catalogue_crumb(), crumb(source.title)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def model_copy(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.inspiring_model_or_404(request.user, pk)
    require(request, "copy", model)
    form = _copy_form(request, model)
    if done := handle_form(
        request,
        form,
        lambda: services.copy_model(request.user, model, objective=form.chosen()),
        success_message=lambda action: (
            _(
                "La fiche « %(title)s » a été créée en brouillon à %(territory)s : adaptez-la "
                "à votre territoire."
            )
            % {"title": action.title, "territory": action.territory.name}
        ),
    ):
        return done
    source = model.action
    return render_page(
        request,
        "programme/inspiring/copy.html",
        {
            "model": model,
            "source": source,
            "form": form,
            "title": _("Reprendre « %s » dans mon territoire") % source.title,
            "breadcrumb": breadcrumbs(
                None,
                _catalogue_crumb(),
                crumb(source.title, model.get_absolute_url()),
                crumb(_("Reprendre dans mon territoire")),
            ),
        },
        form=form,
    )


@login_required
@require_POST
def model_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.inspiring_model_or_404(request.user, pk)
    require(request, "withdraw", model)
    run_action(
        request,
        lambda: services.withdraw_model(request.user, model),
        success_message=_(
            "La fiche inspirante est retirée du catalogue ; les fiches qui l’ont reprise "
            "gardent leur mention d’origine."
        ),
    )
    return redirect(model.action.get_absolute_url() + "#inspiring")


@login_required
@require_http_methods(["GET", "POST"])
def action_offer(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    """Offer the fiche as a fiche inspirante, or change its model."""
    current = territory_or_404(request.user, territory_slug)
    action = selectors.editable_action_or_404(request.user, current, pk)
    require(request, "offer_model", action)
    model = InspiringModel.objects.filter(action=action).first()
    offered = model is not None and model.withdrawn_at is None
    form = InspiringModelForm(request.POST or None, model=model)
    if done := handle_form(
        request,
        form,
        lambda: services.offer_as_model(request.user, action, **form.service_fields()),
        success_message=_("La fiche inspirante est enregistrée.")
        if offered
        else _("La fiche est proposée comme fiche inspirante aux autres territoires."),
        success_url=action.get_absolute_url() + "#inspiring",
    ):
        return done
    title = (
        _("Modifier la fiche inspirante « %s »")
        if offered
        else _("Proposer « %s » comme fiche inspirante")
    ) % action.title
    return render_page(
        request,
        "programme/inspiring/offer.html",
        {
            "territory": current,
            "section": "actions",
            "action": action,
            "form": form,
            "offered": offered,
            "title": title,
            "cancel_url": action.get_absolute_url(),
            "breadcrumb": action_crumbs(action, {"label": _("Fiche inspirante")}),
        },
        form=form,
    )

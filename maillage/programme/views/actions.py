"""The actions list, "mes actions", the action page and the fiche's edit forms."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core import access, plain_language
from maillage.core.http import require
from maillage.core.kept_parts import kept_page
from maillage.core.pages import handle_form, render_page
from maillage.core.pagination import paginate
from maillage.core.types import HtmxRequest
from maillage.programme import selectors, services
from maillage.programme.forms import (
    ActionFilterForm,
    ActionForm,
    IndicatorForm,
    JournalForm,
    MeansForm,
    MeasurementForm,
    MilestoneForm,
    PartnerForm,
    StatusForm,
)
from maillage.programme.models import Action
from maillage.programme.presenters import indicator_views
from maillage.programme.views.common import action_crumbs, actions_crumb, crumbs, form_page
from maillage.territories.selectors import territory_or_404

PAGE_SIZE = 25


@require_GET
def action_list(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)

    def content() -> dict[str, Any]:
        form = ActionFilterForm(request.GET or None, territory=current)
        filters = form.filters()
        # The list shows neither the long texts nor the search column: leave them in the
        # database.
        rows = selectors.action_list(request.user, current, filters).defer(
            "summary", "constat", "goals", "public_precision", "search_text"
        )
        return {
            "form": form,
            "page": paginate(request, rows, PAGE_SIZE),
            "filters": filters,
            "filtered": filters.active,
            "statuses": Action.Status,
            "may_create": access.can(request.user, "create_action", current),
            "may_import": access.can(request.user, "import_actions", current)
            or access.can(request.user, "import_measurements", current),
            "export_query": request.GET.urlencode(),
        }

    # Kept for the reader until the next write (core/kept_parts.py); htmx asks for the
    # results alone when a filter changes.
    return kept_page(
        request,
        "actions",
        "programme/action_list.html",
        {
            "territory": current,
            "section": "actions",
            "breadcrumb": crumbs(current, {"label": _("Actions")}),
        },
        "programme/partials/action_list_main.html",
        content,
        htmx_part="programme/partials/action_results.html",
    )


@login_required
@require_GET
def my_actions(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    require(request, "follow_actions", current)
    actions = list(selectors.my_actions(request.user, current))
    return render(
        request,
        "programme/my_actions.html",
        {
            "territory": current,
            "section": "my_actions",
            "actions": actions,
            "today": timezone.localdate(),
            "breadcrumb": crumbs(current, actions_crumb(current), {"label": _("Mes actions")}),
        },
    )


# The journal of a fiche followed for years: ten entries a page, under their own parameter
# (``?journal=2#journal``) so that paging it keeps the rest of the page where it is.
JOURNAL_PER_PAGE = 10
JOURNAL_PARAM = "journal"


def detail_context(request: HtmxRequest, action: Action) -> dict[str, Any]:
    """Everything the action page and its parts need, from the prefetched action."""
    user = request.user
    may_edit = access.can(user, "change", action)
    context: dict[str, Any] = {
        "territory": action.territory,
        "section": "actions",
        "action": action,
        "may_edit": may_edit,
        "may_see_history": access.can(user, "view_history", action),
        "may_see_people": access.actor_for(user).is_partner_level(action.territory_id),
        "indicators": indicator_views(
            list(action.indicators.all()), selectors.indicator_series(action)
        ),
        "journal": paginate(
            request, selectors.journal_entries(action), JOURNAL_PER_PAGE, param=JOURNAL_PARAM
        ),
        "today": timezone.localdate(),
        "statuses": Action.Status,
        "breadcrumb": [*action_crumbs(action)[:-1], {"label": action.code}],
        **inspiring_context(request, action),
    }
    if may_edit:
        context.update(
            {
                "partner_form": PartnerForm(action=action, auto_id="id_partner_%s"),
                "means_form": MeansForm(action=action, auto_id="id_means_%s"),
                "milestone_form": MilestoneForm(auto_id="id_milestone_%s"),
                "journal_form": JournalForm(auto_id="id_journal_%s"),
            }
        )
        for view in context["indicators"]:
            view.form = MeasurementForm(prefix_id=f"ind{view.indicator.pk}")
    return context


def inspiring_context(request: HtmxRequest, action: Action) -> dict[str, Any]:
    """The fiche page's "Fiche inspirante" block and "Inspirée de" line (essaimage)."""
    user = request.user
    model = selectors.model_of(action)
    may_offer = access.can(user, "offer_model", action)
    may_view = model is not None and access.can(user, "view", model)
    show = may_offer or may_view
    return {
        "inspiring": model,
        "inspiring_offered": model is not None and model.withdrawn_at is None,
        "may_offer": may_offer,
        "may_view_inspiring": may_view,
        "inspiring_block": show,
        "reuses": selectors.reuses(user, model) if show and model is not None else [],
        "inspired_by_visible": action.inspired_by_id is not None
        and access.can(user, "view", action.inspired_by),
    }


@require_GET
def action_detail(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    action = selectors.visible_action_or_404(request.user, current, pk)

    def content() -> dict[str, Any]:
        # Everything the fiche shows, read only when the reader's copy is not kept.
        return detail_context(request, selectors.action_or_404(request.user, current, pk))

    # Kept for the reader until the next write (core/kept_parts.py).
    return kept_page(
        request,
        f"fiche:{action.pk}",
        "programme/action_detail.html",
        {
            "territory": current,
            "section": "actions",
            "action": action,
            "breadcrumb": [*action_crumbs(action)[:-1], {"label": action.code}],
        },
        "programme/partials/action_main.html",
        content,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    require(request, "create_action", current)
    form = ActionForm(request.POST or None, territory=current)
    if plain_language.is_check(request):
        form.is_valid()  # the report only: nothing is saved
    elif done := handle_form(
        request,
        form,
        lambda: services.create_action(
            actor=request.user, territory=current, **form.service_fields()
        ),
        success_message=lambda action: _("La fiche « %s » a été créée.") % action.title,
    ):
        return done
    return render_page(
        request,
        "programme/action_form.html",
        {
            "territory": current,
            "section": "actions",
            "form": form,
            "title": _("Nouvelle fiche action"),
            "cancel_url": reverse("programme:actions", args=[current.slug]),
            "breadcrumb": crumbs(current, actions_crumb(current), {"label": _("Nouvelle fiche")}),
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_update(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    action = selectors.editable_action_or_404(request.user, current, pk)
    require(request, "change", action)
    form = ActionForm(request.POST or None, territory=current, action=action)
    if plain_language.is_check(request):
        form.is_valid()  # the report only: nothing is saved
    elif done := handle_form(
        request,
        form,
        lambda: services.update_action(actor=request.user, action=action, **form.service_fields()),
        success_message=_("La fiche a été enregistrée."),
        success_url=action.get_absolute_url(),
    ):
        return done
    return render_page(
        request,
        "programme/action_form.html",
        {
            "territory": current,
            "section": "actions",
            "form": form,
            "action": action,
            "title": _("Modifier la fiche « %s »") % action.title,
            "cancel_url": action.get_absolute_url(),
            "breadcrumb": action_crumbs(action, {"label": _("Modifier")}),
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_status(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    action = selectors.editable_action_or_404(request.user, current, pk)
    require(request, "change", action)
    form = StatusForm(request.POST or None, action=action)
    if done := handle_form(
        request,
        form,
        lambda: services.change_status(
            actor=request.user,
            action=action,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            on=form.cleaned_data["on"],
        ),
        success_message=lambda _saved: (
            _("L’action est maintenant « %s ».") % action.get_status_display()
        ),
        success_url=action.get_absolute_url(),
    ):
        return done
    return form_page(
        request,
        territory=current,
        form=form,
        title=_("Changer l’état de « %s »") % action.title,
        intro=_("État actuel : %s.") % action.get_status_display(),
        cancel_url=action.get_absolute_url(),
        breadcrumb=action_crumbs(action, {"label": _("Changer l’état")}),
        section="actions",
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    action = selectors.editable_action_or_404(request.user, current, pk)
    require(request, "change", action)
    form = IndicatorForm(request.POST or None)
    if done := handle_form(
        request,
        form,
        lambda: services.create_indicator(
            actor=request.user, action=action, targets=form.targets(), **form.service_fields()
        ),
        success_message=lambda indicator: _("L’indicateur « %s » a été ajouté.") % indicator.name,
        success_url=lambda indicator: f"{action.get_absolute_url()}#indicator-{indicator.pk}",
    ):
        return done
    return render_page(
        request,
        "programme/indicator_form.html",
        {
            "territory": current,
            "section": "actions",
            "form": form,
            "action": action,
            "title": _("Nouvel indicateur"),
            "cancel_url": action.get_absolute_url(),
            "breadcrumb": action_crumbs(action, {"label": _("Nouvel indicateur")}),
        },
        form=form,
    )

"""Records of the réseau: services, contact points and procedures (detail, create,
update, mark fresh, delete)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core import access
from maillage.core.http import require
from maillage.core.pages import (
    confirm_delete,
    crumb,
    handle_form,
    object_crumb,
)
from maillage.core.types import HtmxRequest
from maillage.network import mapping, selectors, services
from maillage.network.forms import (
    ContactPointForm,
    ProcedureForm,
    ServiceForm,
    StepFormSet,
    steps_from,
)
from maillage.network.views.common import crumbs, page
from maillage.territories.models import Territory
from maillage.territories.selectors import territory_or_404


@require_GET
def service_detail(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    service = selectors.service_or_404(request.user, current, pk)
    contacts, procedures = selectors.service_links(request.user, service)
    rules = selectors.rules(current)
    return page(
        request,
        "network/service_detail.html",
        current,
        {
            "service": service,
            "rules": rules,
            "freshness": rules.freshness(service.date_maj),
            "contacts": contacts,
            "procedures": procedures,
            "may_change": access.can(request.user, "change", service),
            "di_json": _pretty(
                mapping.service_to_di(
                    service, structure_id=mapping.structure_id_of(service.organisation)
                )
            ),
            "breadcrumb": crumbs(current, {"label": service.name}),
        },
    )


def _pretty(record: dict[str, Any]) -> str:
    import json

    return json.dumps(record, ensure_ascii=False, indent=2)


def _service_form_page(
    request: HtmxRequest, current: Any, form: ServiceForm, service: Any = None
) -> HttpResponse:
    title = _("Modifier « %s »") % service.name if service else _("Publier un service")
    return page(
        request,
        "network/service_form.html",
        current,
        {
            "form": form,
            "service": service,
            "title": title,
            "breadcrumb": crumbs(current, {"label": title}),
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_create(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    require(request, "contribute_network", current)
    form = ServiceForm(request.POST or None, territory=current, user=request.user)
    if done := handle_form(
        request,
        form,
        lambda: services.create_service(
            actor=request.user,
            territory=current,
            partners=form.cleaned_data["partners"],
            geounits=form.cleaned_data["geounits"],
            **form.service_fields(),
        ),
        success_message=lambda service: _("Le service « %s » est publié.") % service.name,
    ):
        return done
    return _service_form_page(request, current, form)


@login_required
@require_http_methods(["GET", "POST"])
def service_update(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    service = selectors.service_or_404(request.user, current, pk)
    require(request, "change", service)
    form = ServiceForm(
        request.POST or None,
        initial=ServiceForm.initial_from(service),
        territory=current,
        user=request.user,
    )
    if done := handle_form(
        request,
        form,
        lambda: services.update_service(
            actor=request.user,
            service=service,
            partners=form.cleaned_data["partners"],
            geounits=form.cleaned_data["geounits"],
            mark_fresh=form.cleaned_data["confirm"],
            **form.service_fields(),
        ),
        success_message=_("Les modifications sont enregistrées."),
        success_url=service.get_absolute_url(),
    ):
        return done
    return _service_form_page(request, current, form, service)


@login_required
@require_POST
def service_mark_fresh(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    service = selectors.service_or_404(request.user, current, pk)
    require(request, "change", service)
    services.mark_service_fresh(actor=request.user, service=service)
    rules = selectors.rules(current)
    if request.htmx:
        return page(
            request,
            "network/partials/freshness_badge.html",
            current,
            {
                "item": service,
                "freshness": rules.freshness(service.date_maj),
                "rules": rules,
                "just_marked": True,
                "may_change": True,
                "mark_url": reverse("network:service_mark_fresh", args=[current.slug, service.pk]),
            },
        )
    messages.success(request, _("« %s » est marqué comme à jour.") % service.name)
    target = request.POST.get("next", "")
    return redirect(target if _safe_next(request) else service.get_absolute_url())


def _safe_next(request: HtmxRequest) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_delete(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    service = selectors.service_or_404(request.user, current, pk)
    require(request, "change", service)
    return _confirm_delete(
        request,
        current,
        service,
        delete=lambda: services.delete_service(actor=request.user, service=service),
        title=_("Supprimer « %s » ?") % service.name,
        label=service.name,
        success_message=_("Le service « %s » est supprimé.") % service.name,
    )


def _confirm_delete(
    request: HtmxRequest,
    current: Territory,
    obj: Any,
    *,
    delete: Callable[[], object],
    title: str,
    label: str,
    success_message: str,
) -> HttpResponse:
    """Back to the search once deleted."""
    return confirm_delete(
        request,
        delete=delete,
        title=title,
        warning=_("La suppression est définitive ; elle est inscrite au journal du territoire."),
        success_message=success_message,
        success_url=reverse("network:search", args=[current.slug]),
        cancel_url=obj.get_absolute_url(),
        breadcrumb=crumbs(current, object_crumb(obj, label), crumb(_("Supprimer"))),
        base_template="network/base.html",
        context={"territory": current, "section": "network", "object": obj},
    )


# --------------------------------------------------------------------------- contact points


@require_GET
def contact_point_detail(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    contact = selectors.contact_point_or_404(request.user, current, pk)
    service = (
        contact.service
        if contact.service and access.can(request.user, "view", contact.service)
        else None
    )
    return page(
        request,
        "network/contact_point_detail.html",
        current,
        {
            "contact": contact,
            "linked_service": service,
            "procedures": list(
                access.visible(request.user, contact.procedures.all()).select_related("territory")
            ),
            "may_change": access.can(request.user, "change", contact),
            "breadcrumb": crumbs(current, {"label": str(contact)}),
        },
    )


def _contact_form_page(
    request: HtmxRequest, current: Any, form: Any, contact: Any = None
) -> HttpResponse:
    title = _("Modifier l’interlocuteur") if contact else _("Ajouter un interlocuteur")
    return page(
        request,
        "network/object_form.html",
        current,
        {
            "form": form,
            "title": title,
            "cancel_url": contact.get_absolute_url()
            if contact
            else reverse("network:search", args=[current.slug]),
            "breadcrumb": crumbs(current, {"label": title}),
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_point_create(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    require(request, "contribute_network", current)
    form = ContactPointForm(
        request.POST or None,
        territory=current,
        user=request.user,
        initial={"thematique": request.GET.get("thematique", "")},
    )
    if done := handle_form(
        request,
        form,
        lambda: services.create_contact_point(
            actor=request.user, territory=current, **form.contact_fields()
        ),
        success_message=_("L’interlocuteur est ajouté."),
    ):
        return done
    return _contact_form_page(request, current, form)


@login_required
@require_http_methods(["GET", "POST"])
def contact_point_update(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    contact = selectors.contact_point_or_404(request.user, current, pk)
    require(request, "change", contact)
    form = ContactPointForm(
        request.POST or None, instance=contact, territory=current, user=request.user
    )
    if done := handle_form(
        request,
        form,
        lambda: services.update_contact_point(
            actor=request.user, contact=contact, **form.contact_fields()
        ),
        success_message=_("Les modifications sont enregistrées."),
        success_url=contact.get_absolute_url(),
        reload=contact,
    ):
        return done
    return _contact_form_page(request, current, form, contact)


@login_required
@require_POST
def contact_point_mark_fresh(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    contact = selectors.contact_point_or_404(request.user, current, pk)
    require(request, "change", contact)
    services.mark_contact_point_fresh(actor=request.user, contact=contact)
    messages.success(request, _("L’interlocuteur est marqué comme à jour."))
    return redirect(contact.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def contact_point_delete(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    contact = selectors.contact_point_or_404(request.user, current, pk)
    require(request, "change", contact)
    return _confirm_delete(
        request,
        current,
        contact,
        delete=lambda: services.delete_contact_point(actor=request.user, contact=contact),
        success_message=_("L’interlocuteur est supprimé."),
        title=_("Supprimer l’interlocuteur « %s » ?") % contact,
        label=str(contact),
    )


# --------------------------------------------------------------------------- procedures


@require_GET
def procedure_detail(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    procedure = selectors.procedure_or_404(request.user, current, pk)
    linked_services, contacts = selectors.procedure_links(request.user, procedure)
    return page(
        request,
        "network/procedure_detail.html",
        current,
        {
            "procedure": procedure,
            "linked_services": linked_services,
            "contacts": contacts,
            "rules": selectors.rules(current),
            "may_change": access.can(request.user, "change", procedure),
            "breadcrumb": crumbs(current, {"label": procedure.title}),
        },
    )


def _procedure_page(
    request: HtmxRequest,
    current: Any,
    form: Any,
    formset: Any,
    procedure: Any = None,
    status: int = 200,
) -> HttpResponse:
    title = _("Modifier « %s »") % procedure.title if procedure else _("Décrire une démarche")
    return page(
        request,
        "network/procedure_form.html",
        current,
        {
            "form": form,
            "formset": formset,
            "procedure": procedure,
            "title": title,
            "breadcrumb": crumbs(current, {"label": title}),
        },
        status=status,
    )


def _step_initial(procedure: Any) -> list[dict[str, Any]]:
    return [
        {
            "title": s.title,
            "description": s.description,
            "actor_label": s.actor_label,
            "actor_organisation": s.actor_organisation_id,
            "documents": s.documents,
            "delay": s.delay,
        }
        for s in procedure.steps.all()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def procedure_create(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    require(request, "contribute_network", current)
    form = ProcedureForm(request.POST or None, territory=current, user=request.user)
    formset = StepFormSet(request.POST or None, prefix="steps", form_kwargs={"territory": current})
    if request.method == "POST":
        if formset.is_valid() and (
            done := handle_form(
                request,
                form,
                lambda: services.create_procedure(
                    actor=request.user,
                    territory=current,
                    steps=steps_from(formset),
                    services=form.cleaned_data["services"],
                    contact_points=form.cleaned_data["contact_points"],
                    **form.procedure_fields(),
                ),
                success_message=_("La démarche est publiée."),
            )
        ):
            return done
        return _procedure_page(request, current, form, formset, status=400)
    return _procedure_page(request, current, form, formset)


@login_required
@require_http_methods(["GET", "POST"])
def procedure_update(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    procedure = selectors.procedure_or_404(request.user, current, pk)
    require(request, "change", procedure)
    form = ProcedureForm(
        request.POST or None, instance=procedure, territory=current, user=request.user
    )
    formset = StepFormSet(
        request.POST or None,
        prefix="steps",
        initial=_step_initial(procedure),
        form_kwargs={"territory": current},
    )
    if request.method == "POST":
        if formset.is_valid() and (
            done := handle_form(
                request,
                form,
                lambda: services.update_procedure(
                    actor=request.user,
                    procedure=procedure,
                    steps=steps_from(formset),
                    services=form.cleaned_data["services"],
                    contact_points=form.cleaned_data["contact_points"],
                    **form.procedure_fields(),
                ),
                success_message=_("Les modifications sont enregistrées."),
                success_url=procedure.get_absolute_url(),
                reload=procedure,
            )
        ):
            return done
        return _procedure_page(request, current, form, formset, procedure, status=400)
    return _procedure_page(request, current, form, formset, procedure)


@login_required
@require_http_methods(["GET", "POST"])
def procedure_delete(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    procedure = selectors.procedure_or_404(request.user, current, pk)
    require(request, "change", procedure)
    return _confirm_delete(
        request,
        current,
        procedure,
        delete=lambda: services.delete_procedure(actor=request.user, procedure=procedure),
        success_message=_("La démarche est supprimée."),
        title=_("Supprimer « %s » ?") % procedure.title,
        label=procedure.title,
    )

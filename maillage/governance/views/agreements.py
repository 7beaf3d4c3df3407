"""Conventions and feuilles de route."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core import access
from maillage.core.http import require
from maillage.core.pages import Crumb, section_crumb, submit
from maillage.core.types import HtmxRequest
from maillage.governance import forms, selectors, services
from maillage.governance.models import Agreement
from maillage.governance.views.common import crumbs, form_page, page
from maillage.governance.views.common import territory as get_territory


def _agreement_crumbs(current: Any, *more: Crumb) -> list[Crumb]:
    label = _("Conventions et feuilles de route")
    return crumbs(current, section_crumb(label, "governance:agreements", current), *more)


@require_GET
def agreement_list(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = get_territory(request, territory_slug)
    return page(
        request,
        "governance/agreement_list.html",
        {
            "territory": current,
            "agreements": selectors.agreements(request.user, current),
            "may_create": access.can(request.user, "create_agreement", current),
            "breadcrumb": crumbs(current, {"label": _("Conventions et feuilles de route")}),
        },
    )


@require_GET
def agreement_detail(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    agreement = selectors.agreement_or_404(request.user, current, pk)
    may_change = access.can(request.user, "change", agreement)
    return page(
        request,
        "governance/agreement_detail.html",
        {
            "territory": current,
            "agreement": agreement,
            "tasks": selectors.agreement_tasks(request.user, agreement),
            "may_change": may_change,
            "commitment_form": forms.CommitmentForm(agreement=agreement) if may_change else None,
            "document_form": forms.DocumentForm() if may_change else None,
            "may_see_body": agreement.body is not None
            and access.can(request.user, "view", agreement.body),
            "breadcrumb": _agreement_crumbs(current, {"label": agreement.title}),
        },
    )


def _save(
    request: HtmxRequest, current: Any, agreement: Agreement | None
) -> tuple[Any, list[Any], Agreement | None]:
    initial_signatories = (
        [
            {"organisation": s.organisation, "signed_by": s.signed_by}
            for s in agreement.signings.all()
        ]
        if agreement
        else []
    )
    data = request.POST if request.method == "POST" else None
    form = forms.AgreementForm(data, instance=agreement, territory=current)
    signatory_forms = forms.signatory_forms(data, current, initial_signatories)

    def save() -> Agreement:
        common = {
            "actor": request.user,
            "signatories": forms.signatories_from(signatory_forms),
            "axes": list(form.cleaned_data["axes"]),
            **form.service_fields(),
        }
        if agreement is None:
            return services.create_agreement(territory=current, **common)
        return services.update_agreement(agreement=agreement, **common)

    saved = None
    # A refusal about the signatories has no field of its own: it lands on the whole form.
    if data is not None and all(f.is_valid() for f in signatory_forms):
        saved = submit(request, form, save, reload=agreement)[1]
    return form, signatory_forms, saved


def _agreement_form(
    request: HtmxRequest,
    current: Any,
    agreement: Agreement | None,
    *,
    title: str,
    cancel_url: str,
    step: str,
) -> HttpResponse:
    """A convention's form with its signatories (new, or ``agreement`` changed): back to
    the convention's page with a message, or the form again (400 after a POST)."""
    form, signatory_forms, saved = _save(request, current, agreement)
    if saved is not None:
        messages.success(request, _("« %s » est enregistrée.") % saved.title)
        return redirect("governance:agreement", territory_slug=current.slug, pk=saved.pk)
    return page(
        request,
        "governance/agreement_form.html",
        {
            "territory": current,
            "form": form,
            "signatory_forms": signatory_forms,
            "title": title,
            "cancel_url": cancel_url,
            "breadcrumb": _agreement_crumbs(current, {"label": step}),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = get_territory(request, territory_slug)
    require(request, "create_agreement", current)
    return _agreement_form(
        request,
        current,
        None,
        title=_("Nouvelle convention ou feuille de route"),
        cancel_url=reverse("governance:agreements", args=[current.slug]),
        step=_("Nouvelle"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_update(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    agreement = selectors.agreement_or_404(request.user, current, pk)
    require(request, "change", agreement)
    return _agreement_form(
        request,
        current,
        agreement,
        title=_("Modifier « %s »") % agreement.title,
        cancel_url=reverse("governance:agreement", args=[current.slug, agreement.pk]),
        step=agreement.title,
    )


def _back(current: Any, agreement: Agreement, anchor: str) -> HttpResponse:
    return redirect(reverse("governance:agreement", args=[current.slug, agreement.pk]) + anchor)


@login_required
@require_POST
def commitment_add(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    agreement = selectors.agreement_or_404(request.user, current, pk)
    require(request, "change", agreement)
    form = forms.CommitmentForm(request.POST, agreement=agreement)
    if submit(
        request,
        form,
        lambda: services.add_commitment(
            actor=request.user, agreement=agreement, **form.cleaned_data
        ),
    )[0]:
        messages.success(request, _("L’engagement est ajouté."))
        return _back(current, agreement, "#engagements")
    return form_page(
        request,
        current,
        form,
        title=_("Ajouter un engagement"),
        cancel_url=reverse("governance:agreement", args=[current.slug, agreement.pk]),
        breadcrumb=_agreement_crumbs(current, {"label": agreement.title}),
        status=400,
    )


@login_required
@require_POST
def commitment_remove(
    request: HtmxRequest, territory_slug: str, pk: int, commitment: int
) -> HttpResponse:
    current = get_territory(request, territory_slug)
    agreement = selectors.agreement_or_404(request.user, current, pk)
    require(request, "change", agreement)
    found = agreement.commitments.filter(pk=commitment).first()
    if found is None:
        raise Http404
    services.remove_commitment(actor=request.user, commitment=found)
    messages.success(request, _("L’engagement est retiré."))
    return _back(current, agreement, "#engagements")


@login_required
@require_POST
def document_add(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    agreement = selectors.agreement_or_404(request.user, current, pk)
    require(request, "change", agreement)
    form = forms.DocumentForm(request.POST, request.FILES)
    if submit(
        request,
        form,
        lambda: services.add_document(
            actor=request.user,
            agreement=agreement,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        ),
    )[0]:
        messages.success(request, _("Le document est joint."))
        return _back(current, agreement, "#documents")
    return form_page(
        request,
        current,
        form,
        multipart=True,
        title=_("Joindre un document"),
        cancel_url=reverse("governance:agreement", args=[current.slug, agreement.pk]),
        breadcrumb=_agreement_crumbs(current, {"label": agreement.title}),
        status=400,
    )


@login_required
@require_POST
def document_remove(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    document = selectors.document_or_404(request.user, current, pk)
    agreement = document.agreement
    require(request, "remove", document)
    services.remove_document(actor=request.user, document=document)
    messages.success(request, _("Le document est retiré."))
    return _back(current, agreement, "#documents")

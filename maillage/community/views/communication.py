"""Co-branded communication: the list, writing from a template, the preview with the
answers of each organisation, asking for approvals, and the released PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.community import forms, pdf, selectors, services
from maillage.community.views.common import (
    answer_signature,
    communication_crumbs,
    page,
    posted,
    sign_choices,
    territory,
)
from maillage.core import access
from maillage.core.files import private_download
from maillage.core.http import require
from maillage.core.pages import breadcrumbs, button_action, crumb, handle_form, object_crumb
from maillage.core.pagination import paginate


@require_GET
def communication_list(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = territory(request, territory_slug)
    return page(
        request,
        "community/communication_list.html",
        current,
        {
            "title": _("Communication commune"),
            "page": paginate(request, selectors.communications(request.user, current), 20),
            "may_write": access.can(request.user, "contribute_community", current),
            "breadcrumb": breadcrumbs(current, crumb(_("Communication commune"))),
        },
    )


def _fields(form: forms.CommunicationForm) -> dict:
    data = form.cleaned_data
    return {
        "organisation": data["organisation"],
        "kind": data["kind"],
        "title": data["title"],
        "body": data["body"],
        "recipient": data["recipient"],
        "place_and_date": data["place_and_date"],
        "event": data["event"],
        "action": data["action"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def communication_create(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = territory(request, territory_slug)
    require(request, "contribute_community", current)
    initial = {}
    event_id = request.GET.get("evenement", "")
    if event_id.isdigit():
        event = selectors.events(request.user, current).filter(pk=event_id).first()
        if event is not None:
            initial = {
                "kind": "poster",
                "event": event.pk,
                "title": event.title,
                "body": event.summary,
                "organisation": event.organisation_id,
                "cosigners": [o.organisation_id for o in event.organisers.all()],
            }
    form = forms.CommunicationForm(
        posted(request), user=request.user, territory=current, initial=initial
    )
    if done := handle_form(
        request,
        form,
        lambda: services.create_communication(
            actor=request.user,
            territory=current,
            cosigners=form.cleaned_data["cosigners"],
            **_fields(form),
        ),
        success_message=_("Le document est enregistré en brouillon."),
    ):
        return done
    return page(
        request,
        "community/form_page.html",
        current,
        {
            "title": _("Préparer une communication commune"),
            "form": form,
            "cancel_url": reverse("community:communications", args=[current.slug]),
            "breadcrumb": communication_crumbs(current, crumb(_("Nouveau document"))),
        },
        form=form,
    )


@require_GET
def communication_detail(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    communication = selectors.communication_or_404(request.user, current, pk)
    signatories = list(communication.signatories.all())
    choices = sign_choices(request, current, signatories)
    return page(
        request,
        "community/communication_detail.html",
        current,
        {
            "title": communication.title,
            "communication": communication,
            "signatories": signatories,
            "preview": pdf.signers(communication),
            "target": selectors.target_url(communication),
            "may_change": access.can(request.user, "change", communication),
            "may_download": access.can(request.user, "download", communication),
            "sign_form": forms.SignForm(organisations=choices)
            if choices.exists() and communication.status == communication.Status.APPROVAL
            else None,
            "breadcrumb": communication_crumbs(current, crumb(communication.title)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def communication_update(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    communication = selectors.communication_or_404(request.user, current, pk)
    require(request, "change", communication)
    form = forms.CommunicationForm(
        posted(request),
        user=request.user,
        territory=current,
        initial=forms.CommunicationForm.initial_for(communication),
    )
    if done := handle_form(
        request,
        form,
        lambda: services.update_communication(
            actor=request.user,
            communication=communication,
            cosigners=form.cleaned_data["cosigners"],
            **_fields(form),
        ),
        success_message=_("Le document est modifié ; les accords sont demandés de nouveau."),
    ):
        return done
    return page(
        request,
        "community/form_page.html",
        current,
        {
            "title": _("Modifier « %s »") % communication.title,
            "form": form,
            "cancel_url": communication.get_absolute_url(),
            "breadcrumb": communication_crumbs(
                current, object_crumb(communication), crumb(_("Modifier"))
            ),
        },
        form=form,
    )


@login_required
@require_POST
def communication_request(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    communication = selectors.communication_or_404(request.user, current, pk)
    return button_action(
        request,
        communication,
        "change",
        lambda: services.request_approvals(actor=request.user, communication=communication),
        success_message=_(
            "Les organisations sont sollicitées ; le PDF sera diffusé quand toutes auront répondu."
        ),
    )


@login_required
@require_POST
def communication_sign(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    communication = selectors.communication_or_404(request.user, current, pk)
    return answer_signature(
        request,
        current,
        communication,
        communication.signatories.all(),
        lambda **answer: services.sign_communication(
            actor=request.user, communication=communication, **answer
        ),
        approved=_("Votre accord est enregistré."),
        declined=_("Votre refus est enregistré : votre logo n’apparaîtra pas."),
    )


@require_GET
def communication_pdf(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    communication = selectors.communication_or_404(request.user, current, pk)
    return private_download(  # type: ignore[return-value]
        request,
        communication,
        "pdf",
        filename=f"{slugify(communication.title) or 'document'}.pdf",
        verb="download",
        content_type="application/pdf",
    )

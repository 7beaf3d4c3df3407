"""A convention's articles and its avenants: the redline page, the drafting forms, the
signatures and the documents (ODT, DOCX, PDF) with the changes visible."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core import access
from maillage.core.http import require
from maillage.core.pages import Crumb, button_action, crumb, handle_form, section_crumb, submit
from maillage.governance import redline, selectors, services
from maillage.governance.forms import amendments as forms
from maillage.governance.models import Agreement, Amendment
from maillage.governance.views.common import crumbs, form_page, page, posted
from maillage.governance.views.common import territory as get_territory


def _crumbs(current: Any, agreement: Agreement, *more: Crumb) -> list[Crumb]:
    return crumbs(
        current,
        section_crumb(_("Conventions et feuilles de route"), "governance:agreements", current),
        crumb(
            agreement.title,
            reverse("governance:agreement", args=[agreement.territory.slug, agreement.pk]),
        ),
        *more,
    )


def _agreement(request: HttpRequest, territory_slug: str, pk: int) -> tuple[Any, Agreement]:
    current = get_territory(request, territory_slug)
    return current, selectors.agreement_or_404(request.user, current, pk)


@require_GET
def articles(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current, agreement = _agreement(request, territory_slug, pk)
    return page(
        request,
        "governance/agreement_articles.html",
        {
            "territory": current,
            "agreement": agreement,
            "versions": selectors.article_versions(agreement),
            "amendments": selectors.amendments(request.user, agreement),
            "may_change": access.can(request.user, "change", agreement),
            "breadcrumb": _crumbs(current, agreement, crumb(_("Articles et avenants"))),
        },
    )


def _articles_url(agreement: Agreement) -> str:
    return reverse("governance:agreement_articles", args=[agreement.territory.slug, agreement.pk])


# The form pages on a convention's articles (the articles, a new avenant): the same check,
# the same loop and the same page, so one view serves them. ``save(actor, agreement,
# cleaned_data)`` calls the service; then the message and ``success_url(agreement)`` (by
# default the page of what ``save`` returned), or the form again with its errors.
# ``title`` has a ``%s`` for the convention's title; ``step`` is the breadcrumb's last link.
def _agreement_form_view(
    form_class: Callable[[Any], Any],
    save: Callable[[Any, Agreement, dict[str, Any]], Any],
    *,
    success_message: Any,
    success_url: Callable[[Agreement], str] | None,
    title: Any,
    step: Any,
) -> Callable[..., HttpResponse]:
    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
        current, agreement = _agreement(request, territory_slug, pk)
        require(request, "change", agreement)
        form = form_class(posted(request))
        done = handle_form(
            request,
            form,
            lambda: save(request.user, agreement, form.cleaned_data),
            success_message=str(success_message),
            success_url=(lambda _v: success_url(agreement)) if success_url else None,
        )
        if done:
            return done
        return form_page(
            request,
            current,
            form,
            title=str(title) % agreement.title,
            cancel_url=_articles_url(agreement),
            breadcrumb=_crumbs(current, agreement, crumb(str(step))),
        )

    return view


articles_edit = _agreement_form_view(
    forms.ArticlesForm,
    lambda actor, agreement, data: services.set_articles(
        actor=actor, agreement=agreement, articles=services.parse_articles(data["text"])
    ),
    success_message=gettext_lazy("Les articles de la convention sont enregistrés."),
    success_url=_articles_url,
    title=gettext_lazy("Saisir les articles de « %s »"),
    step=gettext_lazy("Saisir les articles"),
)
amendment_create = _agreement_form_view(
    forms.AmendmentForm,
    lambda actor, agreement, data: services.create_amendment(
        actor=actor, agreement=agreement, title=data["title"], preamble=data["preamble"]
    ),
    success_message=gettext_lazy("Le projet d’avenant est créé."),
    success_url=None,
    title=gettext_lazy("Nouvel avenant à « %s »"),
    step=gettext_lazy("Nouvel avenant"),
)


def _amendment(
    request: HttpRequest, territory_slug: str, pk: int, amendment_pk: int
) -> tuple[Any, Amendment]:
    current, agreement = _agreement(request, territory_slug, pk)
    return current, selectors.amendment_or_404(request.user, agreement, amendment_pk)


def _detail(request: HttpRequest, current: Any, amendment: Amendment, **bound: Any) -> HttpResponse:
    may_change = access.can(request.user, "change", amendment)
    draft = amendment.status == Amendment.Status.DRAFT
    territory = current
    context_forms = {
        "change_form": forms.ArticleChangeForm(),
        "means_form": forms.MeansChangeForm(territory=territory),
        "signatory_form": forms.SignatoryForm(territory=territory),
        "resolution_form": forms.ResolutionForm(territory=territory),
        "signature_form": forms.SignatureForm(),
    }
    context_forms.update(bound)
    agreement = amendment.agreement
    return page(
        request,
        "governance/amendment_detail.html",
        {
            "territory": current,
            "agreement": agreement,
            "amendment": amendment,
            "articles": redline.redline(amendment, with_unchanged=True),
            "may_change": may_change,
            "draft": draft,
            **(context_forms if may_change else {}),
            "breadcrumb": _crumbs(
                current,
                agreement,
                crumb(_("Articles et avenants"), _articles_url(agreement)),
                crumb(_("Avenant n° %s") % amendment.number),
            ),
            "title": _("Avenant n° %(n)s — %(agreement)s")
            % {"n": amendment.number, "agreement": agreement.title},
        },
        forms=tuple(bound.values()),
    )


@require_GET
def amendment_detail(
    request: HttpRequest, territory_slug: str, pk: int, amendment_pk: int
) -> HttpResponse:
    current, amendment = _amendment(request, territory_slug, pk, amendment_pk)
    return _detail(request, current, amendment)


# The forms of an avenant's page (a changed article, a change of means, a signatory, a
# deliberation): each posts to its own URL, is checked the same way and answers the same
# way — the page again with the form's errors, or a message and the avenant's page — so
# one view serves them all. ``make(data, territory)`` builds the form; ``service`` takes
# the actor, the avenant and the form's fields as keyword arguments.
def _amendment_form_view(
    name: str,
    make: Callable[[Any, Any], Any],
    service: Callable[..., Any],
    message: Any,
) -> Callable[..., HttpResponse]:
    @login_required
    @require_POST
    def view(request: HttpRequest, territory_slug: str, pk: int, amendment_pk: int) -> HttpResponse:
        current, amendment = _amendment(request, territory_slug, pk, amendment_pk)
        require(request, "change", amendment)
        form = make(request.POST, current)
        saved, _result = submit(
            request,
            form,
            lambda: service(actor=request.user, amendment=amendment, **form.cleaned_data),
        )
        if not saved:
            fresh = selectors.amendment_or_404(request.user, amendment.agreement, amendment.pk)
            return _detail(request, current, fresh, **{name: form})
        messages.success(request, str(message))
        return redirect(amendment.get_absolute_url())

    return view


amendment_article = _amendment_form_view(
    "change_form",
    lambda data, _t: forms.ArticleChangeForm(data),
    services.set_article_change,
    gettext_lazy("La modification d’article est enregistrée."),
)
amendment_means = _amendment_form_view(
    "means_form",
    lambda data, t: forms.MeansChangeForm(data, territory=t),
    services.add_means_change,
    gettext_lazy("La modification des moyens est enregistrée."),
)
amendment_signatory = _amendment_form_view(
    "signatory_form",
    lambda data, t: forms.SignatoryForm(data, territory=t),
    services.add_amendment_signatory,
    gettext_lazy("Le signataire est ajouté."),
)
amendment_resolution = _amendment_form_view(
    "resolution_form",
    lambda data, t: forms.ResolutionForm(data, territory=t),
    services.add_resolution,
    gettext_lazy("La délibération est enregistrée."),
)


@login_required
@require_POST
def amendment_signature(
    request: HttpRequest, territory_slug: str, pk: int, amendment_pk: int, signatory_pk: int
) -> HttpResponse:
    current, amendment = _amendment(request, territory_slug, pk, amendment_pk)
    require(request, "change", amendment)
    signatory = get_object_or_404(amendment.signatories.all(), pk=signatory_pk)
    form = forms.SignatureForm(request.POST)
    saved, _result = submit(
        request,
        form,
        lambda: services.record_signature(
            actor=request.user, signatory=signatory, signed_on=form.cleaned_data["signed_on"]
        ),
    )
    if not saved:
        return _detail(request, current, amendment, signature_form=form)
    messages.success(request, _("La signature de %s est enregistrée.") % signatory.organisation)
    return redirect(amendment.get_absolute_url())


# The buttons of an avenant's life (send it for signature, record it signed): the same
# check, the service's refusal as error messages, and back to the avenant's page.
def _amendment_step_view(service: Callable[..., Any], message: Any) -> Callable[..., HttpResponse]:
    @login_required
    @require_POST
    def view(request: HttpRequest, territory_slug: str, pk: int, amendment_pk: int) -> HttpResponse:
        _current, amendment = _amendment(request, territory_slug, pk, amendment_pk)
        return button_action(
            request,
            amendment,
            "change",
            lambda: service(actor=request.user, amendment=amendment),
            success_message=str(message),
        )

    return view


amendment_submit = _amendment_step_view(
    services.submit_amendment, gettext_lazy("L’avenant part en signature.")
)
amendment_sign = _amendment_step_view(
    services.sign_amendment,
    gettext_lazy("L’avenant est signé : les articles de la convention sont à jour."),
)


DOCUMENT_TYPES = {
    "odt": ("application/vnd.oasis.opendocument.text", redline.odt_bytes),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        redline.docx_bytes,
    ),
    "pdf": ("application/pdf", redline.pdf_bytes),
}


@require_GET
def amendment_document(
    request: HttpRequest, territory_slug: str, pk: int, amendment_pk: int, fmt: str
) -> HttpResponse:
    _current, amendment = _amendment(request, territory_slug, pk, amendment_pk)
    if fmt not in DOCUMENT_TYPES:
        raise Http404
    content_type, build = DOCUMENT_TYPES[fmt]
    response = HttpResponse(build(amendment), content_type=content_type)
    name = slugify(f"avenant-{amendment.number}-{amendment.agreement.title}")[:80]
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response

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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core import access
from maillage.core.http import require
from maillage.core.pages import (
    Crumb,
    crumb,
    handle_form,
    run_action,
    section_crumb,
    submit,
)
from maillage.governance import redline, selectors, services
from maillage.governance.forms import amendments as forms
from maillage.governance.models import Agreement, Amendment
from maillage.governance.views.common import crumbs, page
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


@login_required
@require_http_methods(["GET", "POST"])
def articles_edit(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current, agreement = _agreement(request, territory_slug, pk)
    require(request, "change", agreement)
    form = forms.ArticlesForm(request.POST if request.method == "POST" else None)
    done = handle_form(
        request,
        form,
        lambda: services.set_articles(
            actor=request.user,
            agreement=agreement,
            articles=services.parse_articles(form.cleaned_data["text"]),
        ),
        success_message=_("Les articles de la convention sont enregistrés."),
        success_url=lambda _v: _articles_url(agreement),
    )
    if done:
        return done
    return page(
        request,
        "governance/form_page.html",
        {
            "territory": current,
            "form": form,
            "title": _("Saisir les articles de « %s »") % agreement.title,
            "cancel_url": _articles_url(agreement),
            "breadcrumb": _crumbs(current, agreement, crumb(_("Saisir les articles"))),
        },
        forms=(form,),
    )


def _articles_url(agreement: Agreement) -> str:
    return reverse("governance:agreement_articles", args=[agreement.territory.slug, agreement.pk])


@login_required
@require_http_methods(["GET", "POST"])
def amendment_create(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current, agreement = _agreement(request, territory_slug, pk)
    require(request, "change", agreement)
    form = forms.AmendmentForm(request.POST if request.method == "POST" else None)
    done = handle_form(
        request,
        form,
        lambda: services.create_amendment(
            actor=request.user,
            agreement=agreement,
            title=form.cleaned_data["title"],
            preamble=form.cleaned_data["preamble"],
        ),
        success_message=_("Le projet d’avenant est créé."),
    )
    if done:
        return done
    return page(
        request,
        "governance/form_page.html",
        {
            "territory": current,
            "form": form,
            "title": _("Nouvel avenant à « %s »") % agreement.title,
            "cancel_url": _articles_url(agreement),
            "breadcrumb": _crumbs(current, agreement, crumb(_("Nouvel avenant"))),
        },
        forms=(form,),
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


def _post_form(
    request: HttpRequest,
    territory_slug: str,
    pk: int,
    amendment_pk: int,
    name: str,
    make: Callable[[Any, Any], Any],
    save: Callable[[Amendment, Any], Any],
    message: str,
) -> HttpResponse:
    current, amendment = _amendment(request, territory_slug, pk, amendment_pk)
    require(request, "change", amendment)
    form = make(request.POST, current)
    saved, _result = submit(request, form, lambda: save(amendment, form.cleaned_data))
    if not saved:
        fresh = selectors.amendment_or_404(request.user, amendment.agreement, amendment.pk)
        return _detail(request, current, fresh, **{name: form})
    messages.success(request, message)
    return redirect(amendment.get_absolute_url())


@login_required
@require_POST
def amendment_article(
    request: HttpRequest, territory_slug: str, pk: int, amendment_pk: int
) -> HttpResponse:
    return _post_form(
        request,
        territory_slug,
        pk,
        amendment_pk,
        "change_form",
        lambda data, _t: forms.ArticleChangeForm(data),
        lambda amendment, c: services.set_article_change(
            actor=request.user, amendment=amendment, **c
        ),
        _("La modification d’article est enregistrée."),
    )


@login_required
@require_POST
def amendment_means(
    request: HttpRequest, territory_slug: str, pk: int, amendment_pk: int
) -> HttpResponse:
    return _post_form(
        request,
        territory_slug,
        pk,
        amendment_pk,
        "means_form",
        lambda data, t: forms.MeansChangeForm(data, territory=t),
        lambda amendment, c: services.add_means_change(
            actor=request.user, amendment=amendment, **c
        ),
        _("La modification des moyens est enregistrée."),
    )


@login_required
@require_POST
def amendment_signatory(
    request: HttpRequest, territory_slug: str, pk: int, amendment_pk: int
) -> HttpResponse:
    return _post_form(
        request,
        territory_slug,
        pk,
        amendment_pk,
        "signatory_form",
        lambda data, t: forms.SignatoryForm(data, territory=t),
        lambda amendment, c: services.add_amendment_signatory(
            actor=request.user, amendment=amendment, **c
        ),
        _("Le signataire est ajouté."),
    )


@login_required
@require_POST
def amendment_resolution(
    request: HttpRequest, territory_slug: str, pk: int, amendment_pk: int
) -> HttpResponse:
    return _post_form(
        request,
        territory_slug,
        pk,
        amendment_pk,
        "resolution_form",
        lambda data, t: forms.ResolutionForm(data, territory=t),
        lambda amendment, c: services.add_resolution(actor=request.user, amendment=amendment, **c),
        _("La délibération est enregistrée."),
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


@login_required
@require_POST
def amendment_submit(
    request: HttpRequest, territory_slug: str, pk: int, amendment_pk: int
) -> HttpResponse:
    _current, amendment = _amendment(request, territory_slug, pk, amendment_pk)
    require(request, "change", amendment)
    run_action(
        request,
        lambda: services.submit_amendment(actor=request.user, amendment=amendment),
        success_message=_("L’avenant part en signature."),
    )
    return redirect(amendment.get_absolute_url())


@login_required
@require_POST
def amendment_sign(
    request: HttpRequest, territory_slug: str, pk: int, amendment_pk: int
) -> HttpResponse:
    _current, amendment = _amendment(request, territory_slug, pk, amendment_pk)
    require(request, "change", amendment)
    run_action(
        request,
        lambda: services.sign_amendment(actor=request.user, amendment=amendment),
        success_message=_("L’avenant est signé : les articles de la convention sont à jour."),
    )
    return redirect(amendment.get_absolute_url())


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

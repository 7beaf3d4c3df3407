"""The shared library's pages: the list with its search and filters, a document with its
preview and versions, adding a document or a version, editing, downloading."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.community import forms_library as forms
from maillage.community.selectors import library as selectors
from maillage.community.services import library as services
from maillage.community.views.common import posted, territory
from maillage.core import access, uploads
from maillage.core.files import private_download
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
from maillage.core.pagination import paginate
from maillage.network import vocab

page = SectionPage("library")


def library_crumbs(current: Any, *more: Crumb) -> list[Crumb]:
    return breadcrumbs(current, section_crumb(_("Ressources"), "community:library", current), *more)


def _refuse_stopped_upload(request: HttpRequest, form: Any) -> None:
    """An upload the platform stopped half-way (longer than declared): say why."""
    if uploads.upload_was_stopped(request):
        form.add_error("file", uploads.too_large_message())


@require_GET
def library(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = territory(request, territory_slug)
    form = forms.LibraryFilterForm(request.GET or None)
    filters = selectors.LibraryFilters()
    if form.is_valid():
        filters = selectors.LibraryFilters(
            q=form.cleaned_data["q"],
            kind=form.cleaned_data["kind"],
            thematique=form.cleaned_data["thematique"],
        )
    found = selectors.documents(request.user, current, filters)
    return page(
        request,
        "community/library_list.html",
        current,
        {
            "title": _("Ressources partagées"),
            "form": form,
            "filters": filters,
            "page": paginate(request, found, 20),
            "may_add": access.can(request.user, "contribute_library", current),
            "breadcrumb": breadcrumbs(current, crumb(_("Ressources"))),
        },
        form=form,
    )


@require_GET
def document_detail(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    document = selectors.document_or_404(request.user, current, pk)
    versions = list(document.versions.all())
    return page(
        request,
        "community/library_detail.html",
        current,
        {
            "title": document.title,
            "document": document,
            "current": versions[0] if versions else None,
            "versions": versions,
            "thematiques": [
                vocab.label(vocab.Thematique, t) or vocab.label(vocab.Categorie, t)
                for t in document.thematiques
            ],
            "may_change": access.can(request.user, "change", document),
            "may_follow_author": access.can(request.user, "follow", current),
            "breadcrumb": library_crumbs(current, crumb(document.title)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = territory(request, territory_slug)
    require(request, "contribute_library", current)
    form = forms.NewDocumentForm(
        posted(request), request.FILES or None, user=request.user, territory=current
    )
    _refuse_stopped_upload(request, form)

    def save() -> Any:
        data = form.document_fields()
        return services.create_document(
            actor=request.user,
            territory=current,
            file=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
            **data,
        )

    if done := handle_form(
        request,
        form,
        save,
        success_message=_(
            "Le document est dans la bibliothèque ; son texte sera cherchable dans quelques instants."
        ),
    ):
        return done
    return page(
        request,
        "community/library_form.html",
        current,
        {
            "title": _("Ajouter un document"),
            "form": form,
            "cancel_url": reverse("community:library", args=[current.slug]),
            "submit_label": _("Déposer le document"),
            "max_size": services.max_bytes(),
            "breadcrumb": library_crumbs(current, crumb(_("Ajouter un document"))),
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_update(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    document = selectors.document_or_404(request.user, current, pk)
    require(request, "change", document)
    form = forms.DocumentForm(
        posted(request),
        initial=forms.DocumentForm.initial_for(document),
        user=request.user,
        territory=current,
    )
    if done := handle_form(
        request,
        form,
        lambda: services.update_document(
            actor=request.user, document=document, **form.document_fields()
        ),
        success_message=_("Le document est modifié."),
    ):
        return done
    return page(
        request,
        "community/library_form.html",
        current,
        {
            "title": _("Modifier « %(title)s »") % {"title": document.title},
            "form": form,
            "cancel_url": document.get_absolute_url(),
            "breadcrumb": library_crumbs(current, object_crumb(document), crumb(_("Modifier"))),
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_create(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    document = selectors.document_or_404(request.user, current, pk)
    require(request, "change", document)
    form = forms.VersionForm(posted(request), request.FILES or None)
    _refuse_stopped_upload(request, form)
    if done := handle_form(
        request,
        form,
        lambda: services.add_version(
            actor=request.user,
            document=document,
            file=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
        ),
        success_message=lambda v: _("La version %(number)s est déposée.") % {"number": v.number},
        success_url=document.get_absolute_url(),
    ):
        return done
    return page(
        request,
        "community/library_form.html",
        current,
        {
            "title": _("Nouvelle version de « %(title)s »") % {"title": document.title},
            "form": form,
            "cancel_url": document.get_absolute_url(),
            "submit_label": _("Déposer la version"),
            "max_size": services.max_bytes(),
            "breadcrumb": library_crumbs(
                current, object_crumb(document), crumb(_("Nouvelle version"))
            ),
        },
        form=form,
    )


@require_GET
def version_download(request: HttpRequest, territory_slug: str, pk: int, number: int) -> Any:
    current = territory(request, territory_slug)
    document = selectors.document_or_404(request.user, current, pk)
    version = selectors.version_or_404(document, number)
    return private_download(request, document, version.file, filename=version.filename)

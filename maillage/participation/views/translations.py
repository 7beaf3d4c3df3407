"""Translations of what people wrote: the list for the territory's coordinators and
moderators, and the page where they enter or review one object's translations."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core import access
from maillage.core.http import require
from maillage.core.pages import crumb, handle_form
from maillage.core.pagination import paginate
from maillage.participation import forms, selectors, services, translations
from maillage.participation.models import ModerationState, TranslationStatus
from maillage.participation.models.translations import target_languages
from maillage.participation.views.common import crumbs, page, url
from maillage.territories.selectors import territory_or_404


@login_required
@require_GET
def translation_list(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    require(request, "translate_contents", territory)
    page_obj = paginate(request, selectors.to_translate(request.user, territory), 20)
    items = list(page_obj.object_list)
    progress = selectors.progress(items)
    consultations = selectors.consultations_to_translate(request.user, territory)
    return page(
        request,
        "translations.html",
        territory,
        {
            "title": _("Traductions"),
            "breadcrumb": crumbs(territory, crumb(_("Traductions"))),
            "page_obj": page_obj,
            "rows": [(c, [progress[c.pk][code] for code, _n in target_languages()]) for c in items],
            "languages": target_languages(),
            "statuses": dict(TranslationStatus.choices),
            "consultations": consultations,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def translate(request: HttpRequest, territory_slug: str, key: str, pk: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    require(request, "translate_contents", territory)
    registered = translations.get(key)
    if registered is None:
        raise Http404
    prefix = f"{registered.owner}__" if registered.owner else ""
    owners = access.visible(
        request.user, registered.owner_model()._default_manager.filter(territory=territory)
    )
    obj: Any = get_object_or_404(
        registered.model._default_manager.filter(**{f"{prefix}pk__in": owners.values("pk")}),
        pk=pk,
    )
    if key == "contribution" and obj.moderation != ModerationState.PUBLISHED:
        raise Http404
    fields = [
        (name, str(getattr(registered.model._meta.get_field(name), "verbose_name", name)))
        for name in registered.fields
        if getattr(obj, name, "")
    ]
    form = forms.TranslationsForm(
        request.POST or None, fields=fields, existing=selectors.all_translations_of(obj)
    )
    here = reverse(
        "participation:translate",
        kwargs={"territory_slug": territory.slug, "key": key, "pk": pk},
    )
    if done_ := handle_form(
        request,
        form,
        lambda: services.save_translations(actor=request.user, obj=obj, entries=form.arguments()),
        success_message=_("Les traductions sont enregistrées."),
        success_url=here,
    ):
        return done_
    list_url = url("translations", territory)
    return page(
        request,
        "translate.html",
        territory,
        {
            "title": _("Traduire « %(title)s »") % {"title": str(obj)},
            "breadcrumb": crumbs(territory, crumb(_("Traductions"), list_url), crumb(str(obj))),
            "obj": obj,
            "originals": [(label, getattr(obj, name)) for name, label in fields],
            "form": form,
            "action": getattr(obj, "action", None) if key == "contribution" else None,
            "may_see_action": key == "contribution"
            and getattr(obj, "action", None) is not None
            and bool(obj.action.summary)
            and access.can(request.user, "view", obj.action),
            "cancel_url": list_url,
        },
        form=form,
    )

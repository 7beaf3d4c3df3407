"""A bilan: its page, writing it, submitting, validating or sending it back, the
partners' comments and the diff between two versions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core import access
from maillage.core.http import require
from maillage.core.pages import Crumb, button_action, crumb, handle_form, object_crumb
from maillage.evaluation import forms, selectors, services
from maillage.evaluation.models import Bilan
from maillage.evaluation.views.common import campaign_crumb, crumbs, page
from maillage.territories.models import Organisation
from maillage.territories.selectors import territory_or_404


def _crumbs(bilan: Bilan, *more: Crumb) -> list[Crumb]:
    territory = bilan.campaign.territory
    if more:
        return crumbs(
            territory, campaign_crumb(bilan.campaign), object_crumb(bilan, bilan.action.code), *more
        )
    return crumbs(territory, campaign_crumb(bilan.campaign), crumb(bilan.action.code))


@require_GET
def bilan(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    found = selectors.bilan_or_404(request.user, territory, pk)
    versions = selectors.versions(found)
    return page(
        request,
        "bilan.html",
        territory,
        {
            "title": str(found),
            "breadcrumb": _crumbs(found),
            "bilan": found,
            "questions": [
                (q["label"], (found.answers or {}).get(q["key"], ""))
                for q in found.campaign.questions or []
            ],
            "comments": selectors.comments(found),
            "versions": versions,
            "may_write": access.can(request.user, "write", found),
            "may_comment": access.can(request.user, "comment", found),
            "may_validate": access.can(request.user, "validate", found),
            "may_see_action": access.can(request.user, "view", found.action),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def bilan_edit(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    found = selectors.bilan_or_404(request.user, territory, pk)
    require(request, "write", found)
    if found.version == 0 and request.method == "GET":
        # What the programme says, shown before the first save fills the bilan with it.
        found.indicators, found.means = selectors.prefill(found.action, found.campaign.year)
    form = forms.BilanForm(request.POST or None, bilan=found)
    if done := handle_form(
        request,
        form,
        lambda: services.save_bilan(actor=request.user, bilan=found, **form.arguments()),
        success_message=_("Le bilan est enregistré (version %(n)s).") % {"n": found.version + 1},
    ):
        return done
    return page(
        request,
        "bilan_form.html",
        territory,
        {
            "title": _("Rédiger le bilan — %(code)s") % {"code": found.action.code},
            "breadcrumb": _crumbs(found, crumb(_("Rédiger"))),
            "bilan": found,
            "form": form,
        },
        form=form,
    )


@login_required
@require_POST
def bilan_submit(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    found = selectors.bilan_or_404(request.user, territory, pk)
    return button_action(
        request,
        found,
        "write",
        lambda: services.submit_bilan(actor=request.user, bilan=found),
        success_message=_("Le bilan est soumis à la coordination."),
    )


@login_required
@require_POST
def bilan_validate(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    found = selectors.bilan_or_404(request.user, territory, pk)
    return button_action(
        request,
        found,
        "validate",
        lambda: services.validate_bilan(actor=request.user, bilan=found),
        success_message=_("Le bilan est validé."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def bilan_return(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    found = selectors.bilan_or_404(request.user, territory, pk)
    require(request, "validate", found)
    form = forms.ReturnForm(request.POST or None)
    if done := handle_form(
        request,
        form,
        lambda: services.return_bilan(
            actor=request.user, bilan=found, reason=form.cleaned_data["reason"]
        ),
        success_message=_("Le bilan est renvoyé à ses pilotes."),
    ):
        return done
    return page(
        request,
        "bilan_action.html",
        territory,
        {
            "title": _("Renvoyer le bilan — %(code)s") % {"code": found.action.code},
            "breadcrumb": _crumbs(found, crumb(_("Renvoyer"))),
            "bilan": found,
            "form": form,
            "button": _("Renvoyer aux pilotes"),
        },
        form=form,
    )


def _commenting_orgs(request: HttpRequest, found: Bilan) -> QuerySet[Organisation]:
    """The user's organisations that are partners of the fiche."""
    mine = access.actor_for(request.user).orgs_in(found.campaign.territory_id)
    partners = set(found.action.partner_links.values_list("organisation_id", flat=True))
    return Organisation.objects.filter(pk__in=set(mine) & partners).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def bilan_comment(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    found = selectors.bilan_or_404(request.user, territory, pk)
    require(request, "comment", found)
    form = forms.CommentForm(request.POST or None, organisations=_commenting_orgs(request, found))
    if done := handle_form(
        request,
        form,
        lambda: services.comment_bilan(actor=request.user, bilan=found, **form.cleaned_data),
        success_message=_("Votre commentaire est enregistré."),
        success_url=lambda _c: found.get_absolute_url(),
    ):
        return done
    return page(
        request,
        "bilan_action.html",
        territory,
        {
            "title": _("Commenter le bilan — %(code)s") % {"code": found.action.code},
            "breadcrumb": _crumbs(found, crumb(_("Commenter"))),
            "bilan": found,
            "form": form,
            "button": _("Enregistrer le commentaire"),
        },
        form=form,
    )


@require_GET
def bilan_diff(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    found = selectors.bilan_or_404(request.user, territory, pk)
    last = found.version
    first, second = request.GET.get("de", str(max(last - 1, 1))), request.GET.get("a", str(last))
    old, new = selectors.version_pair(found, first, second)
    return page(
        request,
        "bilan_diff.html",
        territory,
        {
            "title": _("Comparer les versions %(a)s et %(b)s — %(code)s")
            % {"a": old.number, "b": new.number, "code": found.action.code},
            "breadcrumb": _crumbs(found, crumb(_("Comparer"))),
            "bilan": found,
            "old": old,
            "new": new,
            "rows": selectors.diff(found, old, new),
            "versions": selectors.versions(found),
        },
    )

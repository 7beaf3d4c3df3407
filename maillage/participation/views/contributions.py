"""Contributions: the public list, a contribution's page, proposing (oneself or for a
resident), "moi aussi", moderation, the official answer and "nous avons fait"."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core import access, plain_language
from maillage.core.files import private_download
from maillage.core.http import require
from maillage.core.pages import breadcrumbs, button_action, crumb, handle_form, object_crumb
from maillage.core.pagination import COUNT_CAP, paginate, paginate_bounded
from maillage.governance.models import Body
from maillage.participation import forms, selectors, services
from maillage.participation.models import Category, Kind, ModerationState, Status
from maillage.participation.photos import CONTENT_TYPES
from maillage.participation.views.common import crumbs, page, url
from maillage.programme.models import Action
from maillage.territories.models import Territory
from maillage.territories.selectors import territory_or_404

# The public lists count and page their first LIST_CAP messages only: past it, the reader
# narrows with the filters (neither the count nor the OFFSET grows with the territory).
LIST_CAP = COUNT_CAP


@require_GET
def home(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    kind = request.GET.get("type", "")
    kind = kind if kind in Kind.values else ""
    category = request.GET.get("sujet", "")
    category = category if category in Category.values else ""
    found = selectors.public_contributions(request.user, territory, kind=kind, category=category)
    page_obj = paginate_bounded(request, found, 20, cap=LIST_CAP)
    return page(
        request,
        "home.html",
        territory,
        {
            "title": _("Participer"),
            "breadcrumb": breadcrumbs(territory, crumb(_("Participer"))),
            "page_obj": page_obj,
            "supported": selectors.supported_ids(request.user, page_obj.object_list),
            "translations": selectors.translations_for(page_obj.object_list, get_language()),
            "kinds": Kind.choices,
            "kind": kind,
            "categories": Category.choices,
            "category": category,
            "may_assist": access.can(request.user, "assist_contribution", territory),
            "may_moderate": access.can(request.user, "moderate_contributions", territory),
        },
    )


@require_GET
def contribution_detail(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    contribution = selectors.contribution_or_404(request.user, territory, pk)
    return page(
        request,
        "contribution_detail.html",
        territory,
        {
            "title": _("Contribution « %(title)s »") % {"title": contribution.title},
            "breadcrumb": crumbs(territory, crumb(contribution.title)),
            "contribution": contribution,
            "translations": selectors.translations_for(
                [contribution, contribution.action], get_language()
            ),
            "may_translate": contribution.moderation == ModerationState.PUBLISHED
            and access.can(request.user, "translate_contents", territory),
            "supported": bool(selectors.supported_ids(request.user, [contribution])),
            "may_support": access.can(request.user, "support", contribution),
            "may_moderate": access.can(request.user, "moderate", contribution),
            "may_answer": access.can(request.user, "answer", contribution),
            "may_see_action": contribution.action is not None
            and access.can(request.user, "view", contribution.action),
            "may_see_body": contribution.body is not None
            and access.can(request.user, "view", contribution.body),
        },
    )


@require_GET
def contribution_photo(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponseBase:
    """The photo, for whoever may see the contribution: everyone once it is published,
    before that its author and the moderators (404 for the others)."""
    territory = territory_or_404(request.user, territory_slug)
    contribution = selectors.contribution_or_404(request.user, territory, pk)
    extension = (contribution.photo.name or "").rsplit(".", 1)[-1]
    return private_download(
        request,
        contribution,
        "photo",
        filename=f"photo-{contribution.pk}.{extension}",
        content_type=CONTENT_TYPES.get(extension),
    )


def _contribution_form(
    request: HttpRequest,
    territory: Territory,
    form: Any,
    *,
    success_message: str,
    title: str,
    submit_label: str,
    **extra: Any,
) -> HttpResponse:
    """Writing a contribution (oneself, or for a resident): the service, then "mes
    messages" with ``success_message``, or the form again with its errors."""
    if done_ := handle_form(
        request,
        form,
        lambda: services.create_contribution(
            actor=request.user, territory=territory, **form.arguments()
        ),
        success_message=success_message,
        success_url=url("mine", territory),
    ):
        return done_
    return page(
        request,
        "contribution_form.html",
        territory,
        {
            "title": title,
            "breadcrumb": crumbs(territory, crumb(title)),
            "form": form,
            **extra,
            "submit_label": submit_label,
            "cancel_url": url("home", territory),
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    require(request, "contribute", territory)
    return _contribution_form(
        request,
        territory,
        forms.ContributionForm(request.POST or None, request.FILES or None, territory=territory),
        success_message=_("Merci ! Votre message est bien reçu. Il sera lu avant d’être publié."),
        title=_("Donner mon avis"),
        submit_label=_("Envoyer"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def assist(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    require(request, "assist_contribution", territory)
    return _contribution_form(
        request,
        territory,
        forms.AssistedContributionForm(
            request.POST or None, request.FILES or None, territory=territory, user=request.user
        ),
        success_message=_("La contribution est enregistrée. Elle sera relue avant publication."),
        title=_("Saisir pour un·e habitant·e"),
        submit_label=_("Enregistrer"),
        assisted=True,
    )


@login_required
@require_POST
def support(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    contribution = selectors.contribution_or_404(request.user, territory, pk)
    return button_action(
        request,
        contribution,
        "support",
        lambda: services.support_contribution(actor=request.user, contribution=contribution),
        success_message=_("Merci, votre soutien est compté."),
    )


@login_required
@require_GET
def mine(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    require(request, "contribute", territory)
    page_obj = paginate(request, selectors.mine(request.user, territory), 20)
    return page(
        request,
        "mine.html",
        territory,
        {
            "title": _("Mes messages"),
            "breadcrumb": crumbs(territory, crumb(_("Mes messages"))),
            "page_obj": page_obj,
        },
    )


@login_required
@require_GET
def moderation_queue(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    require(request, "moderate_contributions", territory)
    page_obj = paginate(request, selectors.moderation_queue(request.user, territory), 20)
    return page(
        request,
        "moderation_queue.html",
        territory,
        {
            "title": _("Messages à relire"),
            "breadcrumb": crumbs(territory, crumb(_("Messages à relire"))),
            "page_obj": page_obj,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def moderate(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    contribution = selectors.contribution_or_404(request.user, territory, pk)
    require(request, "moderate", contribution)
    form = forms.ModerationForm(request.POST or None)
    if done_ := handle_form(
        request,
        form,
        lambda: services.moderate_contribution(
            actor=request.user,
            contribution=contribution,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
        ),
        success_message=_("La décision est enregistrée."),
        success_url=url("moderation_queue", territory),
        on_refusal=contribution.refresh_from_db,
    ):
        return done_
    return page(
        request,
        "moderate.html",
        territory,
        {
            "title": _("Relire « %(title)s »") % {"title": contribution.title},
            "breadcrumb": crumbs(
                territory,
                crumb(_("Messages à relire"), url("moderation_queue", territory)),
                crumb(contribution.title),
            ),
            "contribution": contribution,
            "form": form,
            "cancel_url": url("moderation_queue", territory),
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    contribution = selectors.contribution_or_404(request.user, territory, pk)
    require(request, "answer", contribution)
    initial = {
        "status": contribution.status,
        "answer": contribution.answer,
        "body": contribution.body_id,
        "action": contribution.action_id,
        "signal": contribution.signal_id,
    }
    form = forms.AnswerForm(
        request.POST or None, initial=initial, territory=territory, user=request.user
    )
    if plain_language.is_check(request):
        form.is_valid()  # the report only: nothing is saved
    elif done_ := handle_form(
        request,
        form,
        lambda: services.answer_contribution(
            actor=request.user,
            contribution=contribution,
            status=form.cleaned_data["status"],
            answer=form.cleaned_data["answer"],
            body=form.cleaned_data["body"],
            action=form.cleaned_data["action"],
            signal=form.cleaned_data["signal"],
        ),
        success_message=_("La réponse est publiée."),
        on_refusal=contribution.refresh_from_db,
    ):
        return done_
    return page(
        request,
        "answer.html",
        territory,
        {
            "title": _("Répondre à « %(title)s »") % {"title": contribution.title},
            "breadcrumb": crumbs(
                territory, object_crumb(contribution, contribution.title), crumb(_("Répondre"))
            ),
            "contribution": contribution,
            "form": form,
            "cancel_url": contribution.get_absolute_url(),
        },
        form=form,
    )


@require_GET
def done(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    page_obj = paginate_bounded(request, selectors.done(request.user, territory), 20, cap=LIST_CAP)
    items = list(page_obj.object_list)
    return page(
        request,
        "done.html",
        territory,
        {
            "title": _("Vous avez dit, nous avons fait"),
            "breadcrumb": crumbs(territory, crumb(_("Vous avez dit, nous avons fait"))),
            "page_obj": page_obj,
            "items": items,
            "translations": selectors.translations_for(items, get_language()),
            "visible_actions": _visible_ids(request, [c.action for c in items if c.action]),
            "visible_bodies": _visible_ids(request, [c.body for c in items if c.body]),
            "origins": selectors.origin_counts(request.user, territory),
            "statuses": Status.choices,
        },
    )


def _visible_ids(request: HttpRequest, objects: list[Action] | list[Body]) -> set[int]:
    """The ids among ``objects`` the reader may open, in one query whatever their number."""
    if not objects:
        return set()
    model = type(objects[0])
    ids = [obj.pk for obj in objects]
    return set(
        access.visible(request.user, model.objects.filter(pk__in=ids)).values_list("pk", flat=True)
    )
